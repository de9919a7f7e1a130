"""Pausing Python's cyclic garbage collector while a response is built.

A full page is hundreds of thousands of dicts, lists and rows, all alive until the response is encoded and
none of them part of a reference cycle. The collector is set off by allocations, so building such a page
triggers several full collections, each traversing every object of the process to free nothing: a quarter
of the time of a pull in bench/api_pull.py. Reference counting still frees objects as usual while paused;
the few cycles made meanwhile wait until the collector resumes, when the last request in flight is done.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False


@contextmanager
def collector_paused():
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()  # never switch on a collector the host switched off
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()

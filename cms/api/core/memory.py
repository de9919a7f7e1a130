"""Pausing Python's cyclic garbage collector while a mirror snapshot is built (cms/api/snapshot.py).

A county's rows are hundreds of thousands of dicts, lists and model instances, none of them part of a
reference cycle; building them sets off full collections that traverse every object to free nothing.
Reference counting still frees objects while paused; cycles made meanwhile wait until the collector resumes.

Only the worker pauses it, one build at a time. Web requests never do: the switch is process-wide, and in a
threaded server overlapping requests could keep it off for good. bench/api_pull.py measured what the pause
saved a paged pull (about 1.3×) against the snapshot, which serves the same full pull at a third of the
SQL+JSON floor; mirrors take the snapshot, so requests run with the collector on.
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

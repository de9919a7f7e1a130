"""The one background process: runs the queued tasks and, every minute, enqueues the periodic ones.

django-tasks has no scheduler, so this loop is one: enqueue the periodic tasks when a minute has passed,
let django-tasks-db's worker run every ready task (in batch mode it returns when none is left), sleep a
second, repeat. One process, one thread: a long import only delays the next round, so periodic tasks never
pile up behind it. Run one `run_worker`; more throughput takes extra plain `db_worker` processes. It does
not reload on code changes (restart it), since under Django's autoreloader SIGTERM would cut a task short.
"""

import logging
import time

from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands import db_worker

from cms.tasks import refresh_mirror_snapshots
from config_models.tasks import publish_due_publications, publish_scheduled_pages, take_monthly_indicator_snapshots

PERIODIC_TASKS = [publish_due_publications, publish_scheduled_pages, take_monthly_indicator_snapshots,
                  refresh_mirror_snapshots]
PERIOD_SECONDS = 60


class Command(db_worker.Command):  # for its logging handlers; the options are this command's own
    help = "运行后台任务（大文件导入、索引更新等），并每分钟安排一次定时发布（清单批次、页面上下线）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Enqueue the periodic tasks, run every ready task, then exit (for cron).")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait when no task is ready (default: %(default)s).")

    def configure_logging(self, verbosity: int) -> None:
        """Failures only by default, since the demo runs this beside runserver; -v 2 logs every task."""
        super().configure_logging(verbosity)
        if verbosity <= 2:  # the worker's own start and stop lines, once a round
            logging.getLogger(db_worker.logger.name).setLevel(logging.WARNING)
        if verbosity == 1:
            logging.getLogger(db_worker.TASKS_LOGGER).setLevel(logging.WARNING)

    def handle(self, *, verbosity: int, once: bool, interval: float, **options):
        self.configure_logging(verbosity)
        worker = db_worker.Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME], excluded_queue_names=[], interval=interval, batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS, startup_delay=False, max_tasks=None,
            worker_id=get_random_string(32),
        )
        worker.configure_signals()  # Ctrl+C or SIGTERM: finish the running task, then stop
        next_round = time.monotonic()
        while worker.running:
            if time.monotonic() >= next_round:
                for periodic in PERIODIC_TASKS:
                    periodic.enqueue()
                next_round = time.monotonic() + PERIOD_SECONDS
            worker.run()
            if once:
                return
            time.sleep(interval)

"""Run the web app (gunicorn) and the job worker (Huey) together, as ``make run`` does.

One foreground command for a small install; at scale run the pieces separately
(docs/operations.md). Ctrl-C or SIGTERM stops every child; if one child dies, all stop,
so a half-running app is never left behind.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the dashboard/API with gunicorn and run the Huey worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--job-workers", type=int, default=2)
        parser.add_argument("--no-worker", action="store_true", help="web only")

    def handle(self, *args: Any, **options: Any) -> None:
        commands = serve_commands(
            bind=options["bind"],
            web_workers=options["web_workers"],
            job_workers=0 if options["no_worker"] else options["job_workers"],
        )
        self.stdout.write(f"Huntaze on http://{options['bind']}/  (Ctrl-C to stop)")
        sys.exit(supervise(commands))


def serve_commands(*, bind: str, web_workers: int = 2, job_workers: int = 2) -> list[list[str]]:
    """gunicorn for the web app; a Huey consumer unless ``job_workers`` is 0."""
    commands = [
        [
            sys.executable,
            "-m",
            "gunicorn",
            "huntaze.config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(web_workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ],
    ]
    if job_workers:
        commands.append(
            [
                sys.executable,
                "-m",
                "huntaze.cli",
                "run_huey",
                "--workers",
                str(job_workers),
                "--worker-type",
                "thread",
            ]
        )
    return commands


def supervise(commands: list[list[str]], *, adopt: list[subprocess.Popen] = ()) -> int:
    """Start every command (plus already started ``adopt`` children); return when any exits
    or on SIGINT/SIGTERM, stopping the rest."""
    children = [*adopt, *(subprocess.Popen(command) for command in commands)]
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
    return max((child.returncode or 0) for child in children)

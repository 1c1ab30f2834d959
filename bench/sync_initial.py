"""Initial sync of the simulator's ``large`` account into a fresh database, rate limiting off.

    .venv/bin/python bench/sync_initial.py                      # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench .venv/bin/python bench/sync_initial.py

Prints wall time, rows/s and messages/s, requests made against the minimum number of pages,
and the peak RSS of this process (the sync; the simulator runs in its own process).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    args = parser.parse_args()
    os.environ.setdefault("HUNTAZE_DATA_DIR", tempfile.mkdtemp(prefix="huntaze-bench-"))
    os.environ["ONLYFANS_RATE_PER_SECOND"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "huntaze.config.settings.base"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from huntaze.accounts.services import account_create, team_create, user_create
    from huntaze.inbox.models import Message
    from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESSION, SimulatorConfig, run_subprocess
    from huntaze.sync.services import sync_run_create, sync_run_execute

    call_command("flush", interactive=False, verbosity=0) if settings.DATABASES["default"]["ENGINE"].endswith(
        "postgresql"
    ) else None
    call_command("migrate", verbosity=0)
    team = team_create(name="Bench", owner=user_create(username=f"bench{time.time_ns()}", password="x" * 12))
    account = account_create(team=team, onlyfans_user_id=SIM_AUTH_ID, username="luna", session=SIM_SESSION)
    with run_subprocess(SimulatorConfig(size=args.size)) as sim:
        settings.ONLYFANS_BASE_URL, settings.ONLYFANS_RULES_URL = sim.api_url, sim.rules_url
        summary = sim.control.state()
        chats = sim.control.state("chats")
        started = time.perf_counter()
        run = sync_run_execute(run_id=sync_run_create(account=account, streams=None, trigger="bench").pk)
        wall = time.perf_counter() - started
    messages = Message.objects.filter(account=account).count()
    minimum = (
        math.ceil(summary["chats"] / 100)
        + sum(max(1, math.ceil(c["messagesCount"] / 100)) for c in chats)
        + 1
        + math.ceil(summary["fans"] / 100)  # subscriber counts + subscriber pages
        + math.ceil(summary["posts"] / 50)
        + math.ceil(summary["vault"] / 100)
        + math.ceil(summary["transactions"] / 100)
        + 1  # ledger + earnings chart
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database={settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} size={args.size}")
    print(f"run={run.status} {run.error_class} {run.error_message}".rstrip())
    print(f"wall={wall:.1f}s rows={run.rows_changed} rows/s={run.rows_changed / wall:,.0f}")
    print(f"messages={messages} messages/s={messages / wall:,.0f}")
    print(f"requests={run.requests_made} minimum pages={minimum} ratio={run.requests_made / minimum:.3f}")
    print(f"peak RSS={peak_mb:.0f} MB")
    sys.exit(0 if run.status == "succeeded" else 1)


if __name__ == "__main__":
    main()

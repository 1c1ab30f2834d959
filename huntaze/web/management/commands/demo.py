"""``make run``: a living demo on a fresh machine, without an OnlyFans account.

Starts the OnlyFans simulator (``demo`` data, a fan writing every few seconds), points the
connector at it, connects the demo account with the simulator's session exactly as a
creator would paste theirs, runs the first sync with a progress bar, then serves the app
and the worker (``serve``) with the simulator supervised beside them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from huntaze.accounts.connector import rules_provider
from huntaze.accounts.services import account_connect, demo_team_ensure
from huntaze.simulator.server import SIM_SESSION
from huntaze.web.management.commands.serve import serve_commands, supervise


class Command(BaseCommand):
    help = "Run the demo: simulator + demo login + first sync + web app and worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--sim-port", type=int, default=8765)
        parser.add_argument("--live", type=float, default=8.0, help="seconds between simulated fan messages")

    def handle(self, *args: Any, **options: Any) -> None:
        sim_url = f"http://127.0.0.1:{options['sim_port']}"
        simulator = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "huntaze.simulator.cli",
                "--size",
                "demo",
                "--port",
                str(options["sim_port"]),
                "--live",
                str(options["live"]),
            ],
            # The demo's history ends today, so "last 7 days" in analytics has something to show.
            env={**os.environ, "HUNTAZE_SIM_BASE_DATE": datetime.now(UTC).date().isoformat()},
        )
        try:
            self._wait_for(sim_url, simulator)
            # The demo talks to our local simulator: pace it faster than a real account.
            os.environ.update(
                ONLYFANS_BASE_URL=f"{sim_url}/api2/v2",
                ONLYFANS_RULES_URL=f"{sim_url}/_sim/rules.json",
                ONLYFANS_RATE_PER_SECOND=os.environ.get("ONLYFANS_RATE_PER_SECOND", "25"),
                ONLYFANS_RATE_BURST=os.environ.get("ONLYFANS_RATE_BURST", "10"),
                # …and sync it often, so new fan messages show up within a minute.
                HUNTAZE_SYNC_INTERVAL_SECONDS=os.environ.get("HUNTAZE_SYNC_INTERVAL_SECONDS", "60"),
                HUNTAZE_SYNC_ACTIVE_SECONDS=os.environ.get("HUNTAZE_SYNC_ACTIVE_SECONDS", "30"),
                # A demo's webhooks go to receivers on this machine (refused by default: SSRF).
                HUNTAZE_WEBHOOKS_ALLOW_PRIVATE=os.environ.get("HUNTAZE_WEBHOOKS_ALLOW_PRIVATE", "1"),
            )
            settings.ONLYFANS_BASE_URL = os.environ["ONLYFANS_BASE_URL"]
            settings.ONLYFANS_RULES_URL = os.environ["ONLYFANS_RULES_URL"]
            settings.ONLYFANS_RATE_PER_SECOND = float(os.environ["ONLYFANS_RATE_PER_SECOND"])
            settings.ONLYFANS_RATE_BURST = int(os.environ["ONLYFANS_RATE_BURST"])
            rules_provider.cache_clear()
            call_command("demo_setup", stdout=self.stdout)
            team, user, _password = demo_team_ensure()
            account = account_connect(team=team, session=SIM_SESSION, actor=user)
            self.stdout.write(f"Connected @{account.username} (simulated OnlyFans at {sim_url}); first sync:")
            call_command("sync", account.pk, stdout=self.stdout)
        except BaseException:
            simulator.terminate()
            raise
        self.stdout.write(f"Huntaze on http://{options['bind']}/  (Ctrl-C to stop)")
        supervise(serve_commands(bind=options["bind"]), adopt=[simulator])

    def _wait_for(self, url: str, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(f"The simulator exited (port {url} in use?).")
            try:
                if httpx.get(f"{url}/_sim/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise CommandError("The simulator did not start in 30 s.")

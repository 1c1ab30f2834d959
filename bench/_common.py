"""Shared bits of the benchmark scripts (not a test module)."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from huntaze.onlyfans import ClientOptions, OnlyFansClient, OnlyFansSession, RateLimit, RulesProvider
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESS, SIM_USER_AGENT, SIM_X_BC, RunningSimulator


def client_for(sim: RunningSimulator, rate_limit: RateLimit) -> OnlyFansClient:
    session = OnlyFansSession(sess=SIM_SESS, auth_id=SIM_AUTH_ID, x_bc=SIM_X_BC, user_agent=SIM_USER_AGENT)
    return OnlyFansClient(
        session,
        rules=RulesProvider(sim.rules_url),
        options=ClientOptions(base_url=sim.api_url, rate_limit=rate_limit),
    )


def django_setup(
    *, rate_per_second: float = 0.0, burst: int = 3, jitter: float = 0.3, flush: bool = True
) -> str:
    """Configure Django for a sync benchmark (fresh SQLite in a temp dir unless DATABASE_URL)
    with the connector's pacing as given (0 = off); returns the database vendor.

    ``flush=False`` keeps a PostgreSQL database's rows, for benchmarks that reuse a synced set."""
    os.environ.setdefault("HUNTAZE_DATA_DIR", tempfile.mkdtemp(prefix="huntaze-bench-"))
    os.environ["ONLYFANS_RATE_PER_SECOND"] = str(rate_per_second)
    os.environ["ONLYFANS_RATE_BURST"] = str(burst)
    os.environ["ONLYFANS_RATE_JITTER"] = str(jitter)
    os.environ["DJANGO_SETTINGS_MODULE"] = "huntaze.config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if flush and connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    # Pages link static files through the manifest: a data directory reused after new files were
    # added would fail to render them.
    call_command("collectstatic", interactive=False, verbosity=0)
    return connection.vendor


@contextmanager
def simulated_account(size: str) -> Iterator[tuple[Any, RunningSimulator]]:
    """A fresh team and account connected to a simulator (own process) of ``size``."""
    from django.conf import settings

    from huntaze.accounts.services import account_create, team_create, user_create
    from huntaze.simulator.server import SIM_SESSION, SimulatorConfig, run_subprocess

    owner = user_create(username=f"bench{time.time_ns()}", password="x" * 12)
    team = team_create(name="Bench", owner=owner)
    account = account_create(team=team, onlyfans_user_id=SIM_AUTH_ID, username="luna", session=SIM_SESSION)
    with run_subprocess(SimulatorConfig(size=size)) as sim:
        settings.ONLYFANS_BASE_URL, settings.ONLYFANS_RULES_URL = sim.api_url, sim.rules_url
        yield account, sim


def timed_sync(account: Any, streams: list[str] | None = None) -> tuple[Any, float, float]:
    """Run one sync of ``account`` in this process; returns the finished run, its wall time and
    this process's CPU time (the simulator's is not counted)."""
    from huntaze.sync.services import sync_run_create, sync_run_execute

    started, cpu = time.perf_counter(), time.process_time()
    run = sync_run_execute(run_id=sync_run_create(account=account, streams=streams, trigger="bench").pk)
    return run, time.perf_counter() - started, time.process_time() - cpu


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synced_account(size: str) -> Any:
    """The account a previous run synced into this data directory (``HUNTAZE_DATA_DIR``, or a
    PostgreSQL database set up with ``django_setup(flush=False)``), or a freshly synced one."""
    from huntaze.accounts.models import OnlyFansAccount

    account = OnlyFansAccount.objects.filter(sync_runs__status="succeeded").order_by("-pk").first()
    if account is not None:
        return account
    with simulated_account(size) as (account, _sim):
        run, wall, _ = timed_sync(account)
    print(f"synced size={size}: run={run.status} in {wall:.0f}s")
    return account


def measure(call: Callable[[], object], runs: int) -> tuple[float, float, float, int]:
    """Wall p50 and p95 and CPU p50 in ms over ``runs`` calls (after two warm-ups), and the
    queries of one call. CPU time (this process: Django and SQLite, not PostgreSQL's server)
    shows the cost apart from waiting on a busy machine."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        call()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return (
        statistics.median(walls),
        statistics.quantiles(walls, n=20)[-1],
        statistics.median(cpus),
        len(queries),
    )

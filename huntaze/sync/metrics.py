"""Prometheus metrics of the sync, read from the database at scrape time.

Syncs run in Huey worker processes, the scrape hits a web process: counters kept in worker
memory would be invisible (and lost on restart), so the figures come from ``SyncState`` and
``SyncRun`` rows, which every process shares.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, Max
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from huntaze.accounts.models import OnlyFansAccount
from huntaze.sync.health import HealthState, account_health
from huntaze.sync.models import RunStatus, SyncRun, SyncState


class SyncCollector(Collector):
    def describe(self) -> list:
        """Nothing up front: registering must not query the database (apps are not ready)."""
        return []

    def collect(self) -> Iterator:
        now = timezone.now()
        rows = CounterMetricFamily("huntaze_sync_rows", "Rows written by syncs", labels=["account", "stream"])
        requests = CounterMetricFamily(
            "huntaze_sync_requests", "OnlyFans requests made by syncs", labels=["account", "stream"]
        )
        failures = GaugeMetricFamily(
            "huntaze_sync_consecutive_failures", "Consecutive failed syncs", labels=["account", "stream"]
        )
        lag = GaugeMetricFamily(
            "huntaze_sync_lag_seconds", "Seconds since the last successful sync", labels=["account", "stream"]
        )
        for state in SyncState.objects.all():
            labels = [str(state.account_id), state.stream]
            rows.add_metric(labels, state.rows_total)
            requests.add_metric(labels, state.requests_total)
            failures.add_metric(labels, state.consecutive_failures)
            if state.last_success_at:
                lag.add_metric(labels, (now - state.last_success_at).total_seconds())
        yield from (rows, requests, failures, lag)

        duration = GaugeMetricFamily(
            "huntaze_sync_last_duration_seconds", "Duration of the last finished sync run", labels=["account"]
        )
        errors = CounterMetricFamily("huntaze_sync_failed_runs", "Failed sync runs", labels=["account"])
        last_finished = (
            SyncRun.objects.filter(finished_at__isnull=False, started_at__isnull=False)
            .values("account_id")
            .annotate(last=Max("finished_at"))
        )
        for item in last_finished:
            run = (
                SyncRun.objects.filter(account_id=item["account_id"], finished_at=item["last"])
                .annotate(took=F("finished_at") - F("started_at"))
                .first()
            )
            if run is not None:
                duration.add_metric([str(run.account_id)], run.took.total_seconds())
        for account_id, count in (
            SyncRun.objects.filter(status=RunStatus.FAILED).values_list("account_id").annotate(n=Count("pk"))
        ):
            errors.add_metric([str(account_id)], count)
        yield from (duration, errors)

        state = GaugeMetricFamily(
            "huntaze_sync_health", "1 for the account's current health state", labels=["account", "state"]
        )
        for account in OnlyFansAccount.objects.all():
            current = account_health(account=account, now=now).state
            for value in HealthState.values:
                state.add_metric([str(account.pk), value], 1 if value == current else 0)
        yield state

"""Full export of a large synced account: wall time and peak RSS; then import and purge of a copy.

    HUNTAZE_DATA_DIR=/tmp/hz-bench-export HUNTAZE_LOG_LEVEL=ERROR .venv/bin/python bench/export.py
    DATABASE_URL=postgres://postgres@127.0.0.1/hz_bench_export HUNTAZE_LOG_LEVEL=ERROR \\
        .venv/bin/python bench/export.py

The first run syncs a simulated account of ``--size`` (default ``large``: 500k messages; ~5 min
on SQLite on a quiet machine); later runs with the same ``HUNTAZE_DATA_DIR`` or database reuse it.
Each phase runs through the same service the worker or the command calls: ``export_run`` (the
zip), ``export_import`` (into a second team: the round trip) and ``account_purge`` (of that copy,
so the synced account stays for the next run). Peak RSS is the process's high-water mark after
each phase: memory that stays flat while 500k messages go through shows as a small step over the
baseline (the process after loading Django and reading the account).
"""

from __future__ import annotations

import argparse
import time

from _common import django_setup, peak_rss_mb, synced_account


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large")
    parser.add_argument("--no-import", action="store_true", help="measure the export only")
    parser.add_argument("--keep-file", action="store_true", help="leave the zip in HUNTAZE_EXPORT_DIR")
    args = parser.parse_args()
    vendor = django_setup(flush=False)

    from huntaze.accounts.models import Membership
    from huntaze.accounts.services import team_create
    from huntaze.exports.services.exporting import export_request, export_run, exports_dir
    from huntaze.exports.services.importing import export_import
    from huntaze.exports.services.retention import account_purge

    account = synced_account(args.size)
    owner = Membership.objects.filter(team_id=account.team_id, role="owner").first().user
    baseline = peak_rss_mb()
    print(f"database={vendor} account={account.pk} baseline peak RSS {baseline:.0f} MB")

    export, _created = export_request(user=owner, account_id=account.pk)
    started, cpu = time.perf_counter(), time.process_time()
    export = export_run(export_id=export.pk)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows = sum(table["rows"] for table in export.manifest["tables"].values())
    messages = export.manifest["tables"]["inbox.message"]["rows"]
    path = exports_dir() / export.file_name
    print(
        f"export: {export.status} {rows:,} rows ({messages:,} messages) in {wall:.1f} s (CPU {cpu:.1f} s) "
        f"= {rows / wall:,.0f} rows/s, zip {path.stat().st_size / 1e6:.0f} MB, "
        f"peak RSS {peak_rss_mb():.0f} MB (+{peak_rss_mb() - baseline:.0f})"
    )

    if not args.no_import:
        team = team_create(name=f"Bench import {time.time_ns()}", owner=owner)
        started, cpu = time.perf_counter(), time.process_time()
        result = export_import(path=path, team=team, actor=owner)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"import: {sum(result.rows.values()):,} rows in {wall:.1f} s (CPU {cpu:.1f} s), "
            f"peak RSS {peak_rss_mb():.0f} MB (+{peak_rss_mb() - baseline:.0f})"
        )
        started, cpu = time.perf_counter(), time.process_time()
        deleted = account_purge(account=result.account, actor=owner)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"purge: {sum(deleted.values()):,} rows in {wall:.1f} s (CPU {cpu:.1f} s), "
            f"peak RSS {peak_rss_mb():.0f} MB (+{peak_rss_mb() - baseline:.0f})"
        )
        team.delete()
    if not args.keep_file:
        path.unlink()


if __name__ == "__main__":
    main()

"""``huntaze import_export FILE --team ID``: recreate an exported account in a team."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huntaze.accounts.models import Team
from huntaze.core.exceptions import HuntazeError
from huntaze.exports.services.importing import export_import


class Command(BaseCommand):
    help = (
        "Import an account export (the zip from the Data export page) into a team: the account and "
        "all its rows, with new ids. The account arrives disconnected; connect it to sync again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--team", type=int, required=True, help="id of the team that gets the account")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and insert everything, then roll back"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        team = Team.objects.filter(pk=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with id {options['team']}.")
        try:
            result = export_import(path=path, team=team, dry_run=options["dry_run"])
        except HuntazeError as exc:
            raise CommandError(exc.message) from exc
        for table, rows in result.rows.items():
            self.stdout.write(f"{table:28} {rows:>10,}")
        if result.unmatched_users:
            self.stdout.write(
                "users not in the team (links emptied, approvals given to the owner): "
                + ", ".join(result.unmatched_users)
            )
        verb = "checked (dry run, nothing kept)" if options["dry_run"] else "imported"
        self.stdout.write(
            f"@{result.account.username} {verb} into team {team.pk} as account {result.account.pk}"
        )

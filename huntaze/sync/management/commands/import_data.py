"""Import fans or earnings from a CSV/JSON file (the manual fallback; columns in sync/manual_import.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huntaze.accounts.models import OnlyFansAccount
from huntaze.sync.manual_import import ImportFileError, earnings_import, fans_import

IMPORTERS = {"fans": fans_import, "earnings": earnings_import}


class Command(BaseCommand):
    help = "Import fans or earnings for an account from a CSV or JSON file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("account_id", type=int)
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        account = OnlyFansAccount.objects.filter(pk=options["account_id"]).first()
        if account is None:
            raise CommandError(f"No account {options['account_id']}.")
        path: Path = options["path"]
        fmt = path.suffix.lstrip(".").lower()
        try:
            count = IMPORTERS[options["kind"]](
                account=account, content=path.read_text(encoding="utf-8-sig"), fmt=fmt
            )
        except ImportFileError as exc:
            details = "\n".join(exc.extra.get("errors", []))
            raise CommandError(f"{exc.message}\n{details}".strip()) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Imported {count} {options['kind']} rows into @{account.username}.")
        )

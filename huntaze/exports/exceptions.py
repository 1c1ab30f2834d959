"""Errors of the export, import and retention domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError


class ExportNotReadyError(HuntazeError):
    """A download of an export that is not finished, failed or has expired."""

    code = "export_not_ready"
    http_status = 409
    default_message = _("This export has no file to download (not finished, failed or expired).")


class ImportInvalidError(HuntazeError):
    """An import file that is not a Huntaze export of a known version, or whose rows do not fit."""

    code = "import_invalid"
    http_status = 422
    default_message = _("This file is not a valid Huntaze export.")


class ImportConflictError(HuntazeError):
    """The target team already holds the exported OnlyFans account."""

    code = "import_conflict"
    http_status = 409
    default_message = _("The team already has this OnlyFans account.")

"""Errors of the segments domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError, ValidationError


class SegmentDefinitionInvalidError(ValidationError):
    """Rules that do not validate; ``extra["errors"]`` lists each failing field (pydantic's shape)."""

    default_message = _("These segment rules are not valid.")


class SegmentLimitError(ValidationError):
    """Too many segments on one account (``extra["max"]``)."""

    code = "segment_limit"
    default_message = _("This account has as many segments as it can: delete one first.")


class SegmentNameTakenError(HuntazeError):
    code = "segment_name_taken"
    http_status = 409
    default_message = _("This account already has a segment with this name.")

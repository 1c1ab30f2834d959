"""Errors of campaigns, scheduled messages and sequences."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError, ValidationError


class CampaignStateError(HuntazeError):
    """The campaign is not in a state that allows this (``extra["status"]``)."""

    code = "campaign_state"
    http_status = 409
    default_message = _("This campaign cannot do that in its current state.")


class RecipientsChangedError(HuntazeError):
    """The recipients changed since the human reviewed them: review again before approving."""

    code = "campaign_recipients_changed"
    http_status = 409
    default_message = _("The recipients changed since you reviewed them: check them again before approving.")


class CampaignTooLargeError(ValidationError):
    code = "campaign_too_large"
    default_message = _("This campaign has more recipients than one campaign may send to.")


class OutboundNotCancellableError(HuntazeError):
    code = "outbound_not_cancellable"
    http_status = 409
    default_message = _("This message is already sent, being sent or cancelled.")

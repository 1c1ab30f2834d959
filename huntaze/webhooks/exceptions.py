"""Errors of the webhooks domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError, ValidationError


class WebhookUrlInvalidError(ValidationError):
    """A URL Huntaze will not POST to (scheme, credentials, form); ``extra["field"]`` is ``url``."""

    code = "webhook_url_invalid"
    default_message = _("Enter a full http:// or https:// address.")


class WebhookAddressRefusedError(WebhookUrlInvalidError):
    """The URL's host is (or resolves to) a private, loopback or link-local address while
    ``HUNTAZE_WEBHOOKS_ALLOW_PRIVATE`` is off, or it cannot be resolved."""

    code = "webhook_address_refused"
    default_message = _(
        "This address points into a private network (or to this server): Huntaze only sends "
        "webhooks to public addresses."
    )


class WebhookLimitError(ValidationError):
    """Too many webhooks in one team (``extra["max"]``)."""

    code = "webhook_limit"
    default_message = _("This team has as many webhooks as it can: delete one first.")


class WebhookDisabledError(HuntazeError):
    code = "webhook_disabled"
    http_status = 409
    default_message = _("This webhook is turned off: turn it on, then send a test event.")

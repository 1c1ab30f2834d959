"""The HTTP side of webhooks: which URLs are allowed, and one POST to an address checked first.

Standard library only (only the connector imports httpx), and ``http.client`` rather than
``urllib``: it follows no redirects (a 3xx is a failed attempt, it cannot bounce the POST into
a private network), reads no proxy settings, and lets us connect to the very address we checked,
so a DNS answer that changes between the check and the connection (rebinding) gains nothing.

SSRF stance: unless ``HUNTAZE_WEBHOOKS_ALLOW_PRIVATE`` is on, a webhook may only reach global
addresses — not loopback, private, link-local (cloud metadata), shared or reserved ranges — both
when it is saved and at every POST.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from huntaze.webhooks.exceptions import WebhookAddressRefusedError, WebhookUrlInvalidError
from huntaze.webhooks.models import ERROR_MAX_LENGTH, URL_MAX_LENGTH

TIMEOUT_SECONDS = 5  # connect, and each read
DEADLINE_SECONDS = 10  # the whole POST: a receiver dripping bytes is cut off here
RESPONSE_READ_MAX = 64 * 1024  # the body is not kept; read a little so the connection ends cleanly


@dataclass(frozen=True, slots=True)
class PostResult:
    status_code: int | None
    error: str
    response_ms: int | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def private_allowed() -> bool:
    return settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE


def url_parse(url: str) -> SplitResult:
    """The parts of an acceptable webhook URL, or ``WebhookUrlInvalidError`` saying what is wrong.

    http(s) only, a host name, no ``user:password@`` (a secret in a URL ends up in logs and
    screenshots: the signature is how receivers authenticate Huntaze), no spaces or control
    characters.
    """
    if not url or len(url) > URL_MAX_LENGTH:
        raise WebhookUrlInvalidError(
            _("Enter an address of at most %(max)d characters.") % {"max": URL_MAX_LENGTH},
            extra={"field": "url"},
        )
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise WebhookUrlInvalidError(_("The address must not contain spaces."), extra={"field": "url"})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookUrlInvalidError(extra={"field": "url"}) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookUrlInvalidError(extra={"field": "url"})
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise WebhookUrlInvalidError(
            _("Remove the user name and password from the address: receivers check the signature instead."),
            extra={"field": "url"},
        )
    if port == 0:
        raise WebhookUrlInvalidError(extra={"field": "url"})
    return parts


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if ip.is_multicast or ip.is_unspecified:
        return True
    return not private_allowed() and not ip.is_global


def address_resolve(parts: SplitResult) -> str:
    """The first address of the URL's host, every one of them checked (``WebhookAddressRefusedError``
    if any is refused or none resolves)."""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise WebhookAddressRefusedError(
            _("Huntaze could not find this host: check the address."), extra={"field": "url"}
        ) from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if _refused(ipaddress.ip_address(address.split("%", 1)[0])):
            raise WebhookAddressRefusedError(extra={"field": "url", "address": address})
    return addresses[0]


def url_check(url: str) -> str:
    """``url`` stripped, if Huntaze may POST to it now (form and address)."""
    url = url.strip()
    address_resolve(url_parse(url))
    return url


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked; ``Host`` still names the URL's host."""

    def __init__(self, host: str, port: int, *, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the URL's host name."""

    def __init__(self, host: str, port: int, *, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _cut(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    cut.set()
    if connection.sock is not None:
        with contextlib.suppress(OSError):  # already closed
            connection.sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread


def webhook_post(*, url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    """POST ``body`` to ``url``; never raises for network trouble, it is the result's ``error``."""
    started = time.monotonic()
    connection: http.client.HTTPConnection | None = None
    status_code, error = None, ""
    cut = threading.Event()
    try:
        parts = url_parse(url)
        address = address_resolve(parts)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        pinned = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = pinned(parts.hostname, port, address=address)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        deadline = threading.Timer(DEADLINE_SECONDS, _cut, args=(connection, cut))
        deadline.start()
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            response.read(RESPONSE_READ_MAX)
            status_code = response.status
        finally:
            deadline.cancel()
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code} {response.reason}".strip()
    except WebhookUrlInvalidError as exc:
        error = str(exc.message)
    except TimeoutError:
        error = f"No answer within {TIMEOUT_SECONDS} s."
    except ssl.SSLError as exc:
        error = f"TLS error: {exc.reason or exc}"
    except (OSError, http.client.HTTPException) as exc:
        if cut.is_set():
            error = f"No complete answer within {DEADLINE_SECONDS} s."
        else:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    finally:
        if connection is not None:
            connection.close()
    elapsed = round((time.monotonic() - started) * 1000)
    return PostResult(status_code=status_code, error=error[:ERROR_MAX_LENGTH], response_ms=elapsed)

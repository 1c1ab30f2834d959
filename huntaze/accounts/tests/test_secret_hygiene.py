"""Secret hygiene: with logging at DEBUG, a connect, a full sync, token use, a send and the
failure paths leave no session cookie, x-bc, API token or key in logs, responses, error pages,
stored audit/sync records, a full export or the admin."""

from __future__ import annotations

import json
import logging
import zipfile

import pytest

from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.models import AuditEvent
from huntaze.exports.services.exporting import export_download, export_request, export_run
from huntaze.inbox.models import Chat
from huntaze.simulator.server import SIM_SESSION
from huntaze.sync.models import SyncRun, SyncState

pytestmark = pytest.mark.django_db(transaction=True)

LOGGERS = ("", "huntaze", "django", "django.request", "django.db.backends", "httpx", "httpcore", "huey")


def test_no_secret_reaches_logs_responses_errors_records_or_the_admin(
    client, owner, team, sim_settings, simulator, caplog, settings
):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    seen: list[str] = []

    def keep(response):
        seen.append(response.content.decode(errors="replace"))
        seen.append(json.dumps(dict(response.headers)))
        return response

    def post(url, body, **headers):
        return keep(client.post(url, body, content_type="application/json", headers=headers))

    client.force_login(owner)
    # Connect: a refused session first (failure path), then the right one.
    post("/api/onlyfans/auth/connect", {"team_id": team.pk, "session": {**SIM_SESSION, "x_bc": "nope"}})
    post("/api/onlyfans/auth/connect", {"team_id": team.pk, "session": {**SIM_SESSION, "sess": "expired"}})
    account_id = post("/api/onlyfans/auth/connect", {"team_id": team.pk, "session": SIM_SESSION}).json()["id"]

    # A bearer token: shown once when created (that response is the one place it may appear).
    created = client.post(
        "/api/tokens", {"team_id": team.pk, "name": "script"}, content_type="application/json"
    )
    token = created.json()["secret"]
    bearer = {"Authorization": f"Bearer {token}"}

    assert post("/api/onlyfans/sync/all", {"account_id": account_id}, **bearer).status_code == 202
    keep(client.get("/api/onlyfans/sync/status", headers=bearer))
    chat = Chat.objects.filter(account_id=account_id).order_by("pk").first()
    keep(client.get(f"/api/onlyfans/chats/{chat.pk}/messages", headers=bearer))
    keep(client.get("/api/onlyfans/chats", headers={"Authorization": "Bearer wrong-token"}))
    body = {"chat_id": chat.pk, "text": "Thank you babe", "idempotency_key": "hygiene-0001", "approved": True}
    assert post("/api/onlyfans/send/manual", body).json()["status"] == "sent"

    # A full export of the account, as the worker writes it: every file in the zip.
    export, _ = export_request(user=owner, account_id=account_id)
    export_run(export_id=export.pk)
    with zipfile.ZipFile(export_download(user=owner, export_id=export.pk)) as archive:
        seen.extend(archive.read(name).decode(errors="replace") for name in archive.namelist())

    # The session expires on OnlyFans: the sync stops and flags the account.
    simulator.control.expire_session()
    post("/api/onlyfans/sync/all", {"account_id": account_id})
    assert OnlyFansAccount.objects.get(pk=account_id).status == "needs_reauth"
    keep(client.get("/api/onlyfans/sync/status"))

    # Pages, error pages and the admin.
    for url in ("/onlyfans/", "/onlyfans/nothing-here/", "/api/onlyfans/chats/999999/messages"):
        keep(client.get(url))
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    for url in (
        f"/admin/accounts/onlyfansaccount/{account_id}/change/",
        "/admin/accounts/onlyfansaccount/",
        "/admin/api/apitoken/",
        "/admin/audit/auditevent/",
    ):
        assert keep(client.get(url)).status_code == 200, url

    stored = [
        json.dumps(list(AuditEvent.objects.values("before", "after")), default=str),
        json.dumps(list(SyncRun.objects.values("error_message", "progress")), default=str),
        json.dumps(list(SyncState.objects.values("cursor", "last_error_message")), default=str),
        json.dumps(list(OnlyFansAccount.objects.values("status_reason")), default=str),
    ]
    everything = "\n".join([*seen, caplog.text, *stored])
    assert "GET /api2/v2/chats" in caplog.text  # the connector's requests were logged, at DEBUG
    secrets = {
        "session cookie": SIM_SESSION["sess"],
        "x-bc": SIM_SESSION["x_bc"],
        "api token": token,
        "secret key": settings.SECRET_KEY,
        **{f"fernet key {i}": key for i, key in enumerate(settings.FERNET_KEYS)},
    }
    leaks = [name for name, value in secrets.items() if value in everything]
    assert leaks == []

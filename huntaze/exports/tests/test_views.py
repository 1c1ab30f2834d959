"""The export page and the API: roles, tenants, progress, streamed downloads, escaping."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.tests.factories import make_account, make_fan, make_member, make_team, make_world
from huntaze.exports.choices import ExportStatus
from huntaze.exports.models import Export
from huntaze.exports.tests.helpers import export_now
from huntaze.fans.services import fan_notes_set

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HTMX = {"HTTP_HX_REQUEST": "true"}
INDEX = reverse("exports:index")
START = "/api/onlyfans/exports"


def _downloaded(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_page_lists_exports_and_polls_only_while_one_runs(client, owner, account):
    client.force_login(owner)
    response = client.get(INDEX, {"account": account.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Start an export" in html
    assert "No export yet." in html
    assert 'hx-trigger="every 2s"' not in html

    running = Export.objects.create(account=account, requested_by=owner, status=ExportStatus.RUNNING)
    Export.objects.filter(pk=running.pk).update(progress={"inbox.message": {"done": 250, "total": 1000}})
    html = client.get(INDEX, {"account": account.pk}, **HTMX).content.decode()
    assert 'id="exports-region"' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<progress max="100" value="25"' in html
    assert "250 of 1000 rows" in html
    assert 'data-summary="Export running: 250 of 1000 rows"' in html  # read out by exports.js
    assert "<h1>" not in html  # the fragment only

    Export.objects.filter(pk=running.pk).update(status=ExportStatus.READY, file_name="x.zip")
    html = client.get(INDEX, {"account": account.pk}, **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' not in html
    assert reverse("exports:download", args=[running.pk]) in html


def test_the_page_has_an_empty_state_without_an_account(client):
    client.force_login(make_member(make_team("Empty"), "owner"))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "No OnlyFans account is connected yet" in response.content.decode()


def test_starting_from_the_page_queues_runs_and_downloads_an_export(
    client, owner, team, django_capture_on_commit_callbacks
):
    world = make_world(team)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:start"), {"account": world["account"].pk}, **HTMX)
    assert response.status_code == 200
    assert "Waiting for a worker" in response.content.decode()  # the answer comes before the run
    assert 'hx-trigger="every 2s"' in response.content.decode()
    export = Export.objects.get(account=world["account"])
    assert export.status == ExportStatus.READY  # then the worker ran it (Huey is immediate in tests)
    polled = client.get(INDEX, {"account": world["account"].pk}, **HTMX).content.decode()
    assert reverse("exports:download", args=[export.pk]) in polled

    archive = _downloaded(client.get(reverse("exports:download", args=[export.pk])))
    assert "manifest.json" in archive.namelist()

    response = client.post(reverse("exports:start"), {"account": world["account"].pk})
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?account={world['account'].pk}"


@pytest.mark.parametrize("value", ["", "abc", "-1", "1" * 30])
def test_starting_needs_an_account_id(client, owner, value):
    client.force_login(owner)
    response = client.post(reverse("exports:start"), {"account": value}, **HTMX)
    assert response.status_code == 422
    assert 'data-error-code="invalid"' in response.content.decode()
    assert not Export.objects.exists()


def test_chatters_get_a_403_and_other_teams_a_404(client, owner, team, account):
    export = export_now(owner, account)
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    assert client.get(INDEX, {"account": account.pk}).status_code == 403
    assert client.post(reverse("exports:start"), {"account": account.pk}).status_code == 403
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 403

    client.force_login(make_member(make_team("B"), "owner"))
    assert client.post(reverse("exports:start"), {"account": account.pk}).status_code == 404
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[987654])).status_code == 404
    assert Export.objects.filter(account=account).count() == 1


def test_creator_and_fan_text_is_escaped_on_the_page_and_kept_exact_in_the_file(client, owner, team):
    account = make_account(team, username="luna", display_name=HOSTILE)
    OnlyFansAccount.objects.filter(pk=account.pk).update(username=f"luna{HOSTILE}")
    fan = make_fan(account, display_name=HOSTILE, username=HOSTILE)
    fan_notes_set(user=owner, fan_id=fan.pk, notes=HOSTILE)
    export = export_now(owner, account)
    Export.objects.create(account=account, status=ExportStatus.FAILED, error_message=HOSTILE)
    client.force_login(owner)

    html = client.get(INDEX, {"account": account.pk}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html

    archive = _downloaded(client.get(reverse("exports:download", args=[export.pk])))
    fans = archive.read("fans.fan.jsonl").decode()
    assert '"notes": "<script>alert(1)</script><img src=x onerror=alert(2)>"' in fans


def test_the_page_costs_a_fixed_number_of_queries(
    client, owner, team, account, django_assert_max_num_queries
):
    client.force_login(owner)
    for _ in range(3):
        export_now(owner, account)
        Export.objects.filter(account=account).update(status=ExportStatus.READY)

    def queries() -> int:
        # Session, user, accounts, role, exports with their requesters.
        with django_assert_max_num_queries(6) as captured:
            assert client.get(INDEX, {"account": account.pk}).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(15):
        Export.objects.create(account=account, requested_by=make_member(team, "manager"))
    assert queries() == few


# --- API ---


def test_api_start_status_download(client, owner, team, django_capture_on_commit_callbacks):
    world = make_world(team)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/onlyfans/exports", {"account_id": world["account"].pk}, content_type="application/json"
        )
    assert response.status_code == 202
    export_id = response.json()["id"]

    status = client.get(f"/api/onlyfans/exports/{export_id}").json()
    assert status["status"] == "ready"
    assert status["rows_done"] == status["rows_total"] > 0
    assert status["progress"]["inbox.message"] == {"done": 3, "total": 3}
    assert status["manifest"]["tables"]["fans.fan"]["money_sums"]["spend_total_cents"] == 12_345

    listed = client.get("/api/onlyfans/exports", {"account_id": world["account"].pk}).json()
    assert [item["id"] for item in listed] == [export_id]
    archive = _downloaded(client.get(f"/api/onlyfans/exports/{export_id}/download"))
    assert "inbox.message.csv" in archive.namelist()


def test_api_refuses_chatters_other_teams_and_unfinished_downloads(client, owner, team, account):
    client.force_login(owner)
    response = client.post(
        "/api/onlyfans/exports", {"account_id": account.pk}, content_type="application/json"
    )
    export_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    download = client.get(f"/api/onlyfans/exports/{export_id}/download")
    assert (download.status_code, download.json()["code"]) == (409, "export_not_ready")

    client.force_login(make_member(team, "chatter", accounts=[account]))
    assert client.get(f"/api/onlyfans/exports/{export_id}").status_code == 403
    response = client.post(
        "/api/onlyfans/exports", {"account_id": account.pk}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")

    client.force_login(make_member(make_team("B"), "owner"))
    assert client.get(f"/api/onlyfans/exports/{export_id}").status_code == 404
    assert client.get(f"/api/onlyfans/exports/{export_id}/download").status_code == 404
    assert client.get("/api/onlyfans/exports", {"account_id": account.pk}).status_code == 404
    bad = client.post("/api/onlyfans/exports", {"account_id": "x"}, content_type="application/json")
    assert bad.status_code == 422

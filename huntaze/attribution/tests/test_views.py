"""The performance page, its CSV and the reassign form: known figures, roles, tenants, bad input,
escaping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from huntaze.analytics.models import ChatTurn
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.period import ReportPeriod
from huntaze.attribution.selectors import CSV_HEADER, performance_report
from huntaze.attribution.services import attributions_refresh
from huntaze.attribution.tests.conftest import chat_of
from huntaze.core.tests.factories import make_member, make_team, make_user
from huntaze.earnings.models import EarningStatus

pytestmark = pytest.mark.django_db
INDEX, EXPORT = reverse("performance:index"), reverse("performance:export")
HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script>"


@pytest.fixture
def credited(story):
    """The story credited by the team's default model (sender), with A's reply times 60, 120, 300 s."""
    for seconds in (60, 120, 300):
        ChatTurn.objects.create(
            account=story.account,
            chat=chat_of(story.fan),
            asked_at=story.t - timedelta(hours=1),
            replied_at=story.t,
            response_seconds=seconds,
            replied_by=story.a,
        )
    attributions_refresh(account_id=story.account.pk)
    return story


def _reassign_url(story) -> str:
    row = SaleAttribution.objects.get(entry=story.ppv)
    return reverse("performance:reassign", args=[row.pk]) + f"?account={story.account.pk}&days=30"


def test_report_figures_for_the_known_story(credited):
    story = credited
    report = performance_report(user=story.owner, account_id=story.account.pk, period=ReportPeriod(days=30))
    a, b = report.rows
    assert (a.user_id, b.user_id) == (story.a.pk, story.b.pk)  # best revenue first
    assert (a.messages_sent, a.ppv_sent, a.ppv_bought, a.ppv_conversion) == (1, 1, 1, 100.0)
    assert (a.median_response_seconds, a.sales, a.revenue_cents) == (120, 1, 1500)
    assert (a.on_shift_hours, a.revenue_per_hour_cents) == (5.0, 300)  # T-2h to T+3h
    assert (b.messages_sent, b.ppv_sent, b.ppv_bought, b.ppv_conversion) == (1, 0, 0, None)
    assert (b.median_response_seconds, b.sales, b.revenue_cents) == (None, 1, 500)
    assert (b.on_shift_hours, b.revenue_per_hour_cents) == (1.0, 500)  # T-30m to T+30m
    assert (report.unattributed_sales, report.unattributed_cents) == (1, 2500)
    assert report.sees_team
    assert report.can_reassign


def test_a_charged_back_sale_earns_nobody_anything(credited):
    story = credited
    story.tip.status = EarningStatus.CHARGEBACK
    story.tip.save()
    report = performance_report(user=story.owner, account_id=story.account.pk, period=ReportPeriod(days=30))
    b = next(row for row in report.rows if row.user_id == story.b.pk)
    assert (b.sales, b.revenue_cents) == (0, 0)


def test_a_period_outside_the_sales_shows_no_revenue(credited):
    story = credited
    day = (story.t - timedelta(days=10)).date()
    report = performance_report(
        user=story.owner, account_id=story.account.pk, period=ReportPeriod(start=day, end=day)
    )
    assert all(row.revenue_cents == 0 and row.messages_sent == 0 for row in report.rows)
    assert {row.user_id for row in report.rows} == {story.a.pk, story.b.pk}  # the account's chatters


def test_owner_sees_every_row_the_sales_and_the_reassign_form(client, credited):
    story = credited
    client.force_login(story.owner)
    response = client.get(INDEX, {"account": story.account.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert story.a.username in html
    assert story.b.username in html
    assert "$15.00" in html
    assert "$25.00 from 1 sale credited to nobody" in html
    assert _reassign_url(story).split("?")[0] in html
    assert f'href="{EXPORT}?account={story.account.pk}&amp;days=30"' in html
    assert '"page">Performance</a>' in html


def test_a_chatter_sees_only_their_own_row_and_sales(client, credited):
    story = credited
    client.force_login(story.a)
    html = client.get(INDEX, {"account": story.account.pk}).content.decode()
    assert story.a.username in html
    assert story.b.username not in html
    assert "credited to nobody" not in html
    assert "Fan G" not in html  # the unattributed sale is not theirs
    assert "Reassign" not in html
    report = performance_report(user=story.a, account_id=story.account.pk, period=ReportPeriod())
    assert [row.user_id for row in report.rows] == [story.a.pk]


def test_owners_see_the_team_response_times_against_its_targets_chatters_do_not(client, credited):
    story = credited
    story.account.team.next_response_target_minutes = (
        2  # 60 s is in time; 120 s (reaching it) and 300 s are late
    )
    story.account.team.first_response_target_minutes = 2
    story.account.team.save()
    client.force_login(story.owner)
    html = client.get(INDEX, {"account": story.account.pk}).content.decode()
    assert "Response times against the team's targets" in html
    region = html.split('id="perf-responses-title"')[1].split("</section>")[0]
    cells = [cell.split(">")[-1] for cell in region.split("</td>")[:-1]]
    first_row, next_row = cells[:5], cells[5:10]
    turns = int(first_row[1]) + int(next_row[1])
    late = int(first_row[4]) + int(next_row[4])
    assert (turns, late) == (3, 2)
    client.force_login(story.a)
    assert "perf-responses-title" not in client.get(INDEX, {"account": story.account.pk}).content.decode()


def test_a_manager_sees_the_team_but_cannot_reassign(client, credited, team):
    story = credited
    manager = make_member(team, "manager")
    client.force_login(manager)
    html = client.get(INDEX, {"account": story.account.pk}).content.decode()
    assert story.b.username in html
    assert "credited to nobody" in html
    assert "perf-reassign" not in html
    response = client.post(_reassign_url(story), {"chatter": story.b.pk, "reason": "mine"})
    assert response.status_code == 403
    assert SaleAttribution.objects.get(entry=story.ppv).reassigned is False


def test_other_tenants_see_nothing_and_cannot_reassign(client, credited):
    story = credited
    outsider = make_user()
    make_team("Other", owner=outsider)
    client.force_login(outsider)
    html = client.get(INDEX, {"account": story.account.pk}).content.decode()
    assert "Fan F" not in html
    assert story.a.username not in html
    response = client.post(_reassign_url(story), {"chatter": "", "reason": "mine"})
    assert response.status_code == 404
    assert SaleAttribution.objects.get(entry=story.ppv).chatter_id == story.a.pk


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"days": "8"}, "Select a valid choice"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "The first day must not be after the last."),
        ({"start": "2026-03-02"}, "Give both dates, or neither."),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "Choose at most 366 days."),
        ({"start": "not-a-date", "end": "2026-01-01"}, "Enter a valid date."),
    ],
)
def test_a_bad_period_is_a_422_with_the_reason(client, credited, query, message):
    client.force_login(credited.owner)
    response = client.get(INDEX, {"account": credited.account.pk, **query})
    assert response.status_code == 422
    assert message in response.content.decode()


def test_owner_reassigns_a_sale_from_the_page(client, credited):
    story = credited
    client.force_login(story.owner)
    response = client.post(_reassign_url(story), {"chatter": story.b.pk, "reason": "B closed it"})
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?account={story.account.pk}&days=30"
    row = SaleAttribution.objects.get(entry=story.ppv)
    assert (row.chatter_id, row.reassigned, row.reason) == (story.b.pk, True, "B closed it")
    html = client.get(response["Location"]).content.decode()
    assert "Sale reassigned." in html
    assert "B closed it" in html


def test_reassign_over_htmx_answers_with_the_region(client, credited):
    story = credited
    client.force_login(story.owner)
    response = client.post(_reassign_url(story), {"chatter": "", "reason": "nobody"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sale reassigned." in html
    assert "<html" not in html
    assert SaleAttribution.objects.get(entry=story.ppv).chatter_id is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"chatter": "", "reason": "  "}, "Say why this sale is reassigned."),
        ({"chatter": "x", "reason": "r"}, "Choose a team member"),
    ],
)
def test_reassign_with_bad_input_is_a_422_and_changes_nothing(client, credited, form, message):
    story = credited
    client.force_login(story.owner)
    response = client.post(_reassign_url(story), form)
    assert response.status_code == 422
    assert message in response.content.decode()
    row = SaleAttribution.objects.get(entry=story.ppv)
    assert (row.chatter_id, row.reassigned) == (story.a.pk, False)


def test_hostile_names_and_reasons_are_escaped(client, credited):
    story = credited
    story.fan.display_name = XSS
    story.fan.save()
    client.force_login(story.owner)
    client.post(_reassign_url(story), {"chatter": story.b.pk, "reason": XSS})
    html = client.get(INDEX, {"account": story.account.pk}).content.decode()
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _csv(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff").splitlines()


def test_csv_has_the_columns_and_the_known_figures(client, credited):
    story = credited
    client.force_login(story.owner)
    response = client.get(EXPORT, {"account": story.account.pk, "days": 30})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="performance-{story.account.pk}-'
    )
    lines = _csv(response)
    assert lines[0] == ",".join(CSV_HEADER)
    assert lines[0] == (
        "chatter,messages_sent,median_response_seconds,ppv_sent,ppv_bought,ppv_conversion_percent,"
        "sales,revenue,on_shift_hours,revenue_per_on_shift_hour"
    )
    assert lines[1:] == [
        f"{story.a.username},1,120,1,1,100.0,1,15.00,5.0,3.00",
        f"{story.b.username},1,,0,0,,1,5.00,1.0,5.00",
    ]


def test_csv_cells_a_spreadsheet_would_run_are_defused(client, credited):
    story = credited
    story.a.username = "@SUM(1+1)"
    story.a.save()
    story.b.username = "=HYPERLINK(x)"
    story.b.save()
    client.force_login(story.owner)
    lines = _csv(client.get(EXPORT, {"account": story.account.pk}))
    assert lines[1].startswith("'@SUM(1+1),")
    assert lines[2].startswith("'=HYPERLINK(x),")


def test_csv_of_a_chatter_has_only_their_row(client, credited):
    client.force_login(credited.b)
    lines = _csv(client.get(EXPORT, {"account": credited.account.pk}))
    assert len(lines) == 2
    assert lines[1].startswith(f"{credited.b.username},")


def test_csv_with_a_bad_period_is_a_422(client, credited):
    client.force_login(credited.owner)
    response = client.get(EXPORT, {"account": credited.account.pk, "days": "3"})
    assert response.status_code == 422

"""Fixtures of the campaign tests: a synced simulator account, a human's request, a clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from huntaze.campaigns.models import Campaign
from huntaze.campaigns.services import campaign_create
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_tags_set
from huntaze.inbox.models import Chat
from huntaze.segments.services import segment_create
from huntaze.sync.tests.conftest import sync


def human_request(user, request_id: str = "req-campaign-0001"):
    request = RequestFactory().post("/onlyfans/campaigns/")
    request.user, request.request_id = user, request_id
    return request


def received(simulator) -> list[dict]:
    return [r for r in simulator.control.received() if r["kind"] == "message"]


@pytest.fixture
def synced(sim_account):
    run = sync(sim_account, streams=["chats", "content"])
    assert run.status == "succeeded", run.error_message
    return sim_account


@pytest.fixture
def chat(synced):
    return Chat.objects.filter(account=synced).select_related("fan", "account").order_by("pk").first()


class Clock:
    """``timezone.now()`` moved by ``offset`` (Huntaze reads the time only through it)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    real_now = timezone.now
    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    return moved


def chat_fans(account, count: int) -> list[Fan]:
    """``count`` fans of the account who have a chat, in a fixed order."""
    fan_ids = Chat.objects.filter(account=account).order_by("pk").values_list("fan_id", flat=True)[:count]
    fans = Fan.objects.in_bulk(list(fan_ids))
    return [fans[pk] for pk in fan_ids]


def tag(user, fans, *names: str) -> None:
    for fan in fans:
        current = list(fan.tags.values_list("name", flat=True))
        fan_tags_set(user=user, fan_id=fan.pk, tags=[*current, *names])


def vip_segment(user, account, name: str = "VIP fans"):
    """A segment of the fans tagged ``vip``."""
    return segment_create(
        user=user,
        account_id=account.pk,
        name=name,
        definition={"rules": [{"kind": "tags", "match": "any", "tags": ["vip"]}]},
    )


def vip_campaign(user, account, *, name: str, text: str) -> Campaign:
    """A free draft campaign to the ``vip`` segment, whose fans are the first two chat fans."""
    tag(user, chat_fans(account, 2), "vip")
    return campaign_create(
        user=user,
        account_id=account.pk,
        name=name,
        segment_id=vip_segment(user, account).pk,
        text=text,
        price_cents=0,
    )

"""Each rule kind against hand-built fans with known answers, combinations, and bad definitions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan
from huntaze.fans.models import Fan, Tag
from huntaze.inbox.models import Chat, Message
from huntaze.segments.exceptions import SegmentDefinitionInvalidError
from huntaze.segments.models import SpendTiers
from huntaze.segments.rules import RULES_MAX
from huntaze.segments.selectors import definition_fans, definition_parse

NOW = BASE_TIME
pytestmark = pytest.mark.django_db


def members(account, *rules) -> set[str]:
    """Usernames of the account's fans matching ``rules`` (all ANDed) at ``NOW``."""
    fans = definition_fans(account=account, definition=definition_parse({"rules": list(rules)}), now=NOW)
    return set(fans.values_list("username", flat=True))


def fan(account, username: str, **fields):
    return make_fan(account, username=username, **fields)


def message(account, to, *, incoming: bool, at, **fields) -> Message:
    chat, _ = Chat.objects.get_or_create(account=account, fan=to)
    return Message.objects.create(
        account=account,
        chat=chat,
        fan=to,
        onlyfans_id=fields.pop("onlyfans_id", 7_000_000 + Message.objects.count()),
        direction="incoming" if incoming else "outgoing",
        sent_at=at,
        **fields,
    )


def tag(fan_row, *names: str) -> None:
    for name in names:
        fan_row.tags.add(Tag.objects.get_or_create(account_id=fan_row.account_id, name=name)[0])


def test_new_counts_fans_who_subscribed_within_the_days(account):
    fan(account, "today", subscribed_at=NOW - timedelta(hours=1))
    fan(account, "edge", subscribed_at=NOW - timedelta(days=7))
    fan(account, "older", subscribed_at=NOW - timedelta(days=7, seconds=1))
    fan(account, "never")
    assert members(account, {"kind": "new", "days": 7}) == {"today", "edge"}


def test_expiring_counts_active_subscriptions_ending_within_the_days(account):
    fan(account, "soon", subscription_status="active", expires_at=NOW + timedelta(days=2))
    fan(account, "edge", subscription_status="active", expires_at=NOW + timedelta(days=3))
    fan(account, "later", subscription_status="active", expires_at=NOW + timedelta(days=3, seconds=1))
    fan(account, "passed", subscription_status="active", expires_at=NOW - timedelta(seconds=1))
    fan(account, "expired", subscription_status="expired", expires_at=NOW + timedelta(days=1))
    assert members(account, {"kind": "expiring", "days": 3}) == {"soon", "edge"}


def test_expired_counts_expired_subscriptions_only(account):
    fan(account, "gone", subscription_status="expired")
    fan(account, "here", subscription_status="active")
    fan(account, "never", subscription_status="never")
    assert members(account, {"kind": "expired"}) == {"gone"}


def test_renew_on_and_off_look_at_active_subscribers_only(account):
    fan(account, "on", subscription_status="active", renew_on=True)
    fan(account, "off", subscription_status="active", renew_on=False)
    fan(account, "unknown", subscription_status="active", renew_on=None)
    fan(account, "lapsed", subscription_status="expired", renew_on=False)
    assert members(account, {"kind": "renew", "on": True}) == {"on"}
    assert members(account, {"kind": "renew", "on": False}) == {"off"}


def test_spend_tiers_use_the_defaults_then_the_team_then_the_account_minimums(account):
    for cents in (0, 99, 100, 4_999, 5_000, 19_999, 20_000, 99_999, 100_000, 5_000_000):
        fan(account, f"c{cents}", spend_total_cents=cents)
    assert members(account, {"kind": "spend_tier", "tier": "bronze"}) == {"c100", "c4999"}
    assert members(account, {"kind": "spend_tier", "tier": "silver"}) == {"c5000", "c19999"}
    assert members(account, {"kind": "spend_tier", "tier": "gold"}) == {"c20000", "c99999"}
    assert members(account, {"kind": "spend_tier", "tier": "platinum"}) == {"c100000", "c5000000"}

    SpendTiers.objects.create(
        team=account.team, bronze_cents=99, silver_cents=100, gold_cents=5_000, platinum_cents=5_000_000
    )
    assert members(account, {"kind": "spend_tier", "tier": "bronze"}) == {"c99"}
    assert members(account, {"kind": "spend_tier", "tier": "gold"}) == {
        "c5000",
        "c19999",
        "c20000",
        "c99999",
        "c100000",
    }

    SpendTiers.objects.create(
        team=account.team,
        account=account,
        bronze_cents=1,
        silver_cents=2,
        gold_cents=3,
        platinum_cents=100_000,
    )
    assert members(account, {"kind": "spend_tier", "tier": "gold"}) == {
        "c99", "c100", "c4999", "c5000", "c19999", "c20000", "c99999"
    }  # fmt: skip


def test_no_spender_counts_fans_with_no_net_spend(account):
    fan(account, "zero", spend_total_cents=0)
    fan(account, "charged_back", spend_total_cents=-500)
    fan(account, "payer", spend_total_cents=1)
    assert members(account, {"kind": "no_spender"}) == {"zero", "charged_back"}


def test_whales_by_minimum_spend(account):
    fan(account, "big", spend_total_cents=50_000)
    fan(account, "edge", spend_total_cents=10_000)
    fan(account, "small", spend_total_cents=9_999)
    assert members(account, {"kind": "whales", "min_cents": 10_000}) == {"big", "edge"}


def test_whales_top_percent_ranks_paying_fans_only_with_ties_together(account):
    # Ten paying fans (one tie at 800) and many who never paid, who do not dilute the percentage.
    for i, cents in enumerate((1_000, 900, 800, 800, 700, 600, 500, 400, 300, 200)):
        fan(account, f"p{i}", spend_total_cents=cents)
    for i in range(30):
        fan(account, f"free{i}", spend_total_cents=0)
    assert members(account, {"kind": "whales", "top_percent": 10}) == {"p0"}
    assert members(account, {"kind": "whales", "top_percent": 20}) == {"p0", "p1"}
    # Rank 3 is shared by p2 and p3: the cut at 3 takes both.
    assert members(account, {"kind": "whales", "top_percent": 30}) == {"p0", "p1", "p2", "p3"}
    # Fewer paying fans than 1/percent: still the top one.
    assert members(account, {"kind": "whales", "top_percent": 0.5}) == {"p0"}
    assert len(members(account, {"kind": "whales", "top_percent": 100})) == 10


def test_whales_top_percent_ignores_other_accounts(account, team):
    other = make_account(team)
    fan(other, "other_big", spend_total_cents=1_000_000)
    fan(account, "mine", spend_total_cents=10)
    assert members(account, {"kind": "whales", "top_percent": 1}) == {"mine"}


def test_bought_and_never_bought_a_mass_ppv_by_queue_id(account):
    buyer, looker = fan(account, "buyer"), fan(account, "looker")
    fan(account, "outsider")
    other_buyer = fan(account, "other_buyer")
    ppv = {"price_cents": 1500, "is_free": False}
    message(account, buyer, incoming=False, at=NOW, is_purchased=True, raw={"queueId": 555}, **ppv)
    message(account, looker, incoming=False, at=NOW, is_purchased=False, raw={"queueId": 555}, **ppv)
    message(account, other_buyer, incoming=False, at=NOW, is_purchased=True, raw={"queueId": 556}, **ppv)
    assert members(account, {"kind": "bought", "item": "queue:555"}) == {"buyer"}
    assert members(account, {"kind": "never_bought", "item": "queue:555"}) == {
        "looker",
        "outsider",
        "other_buyer",
    }


def test_bought_a_single_ppv_message_by_its_onlyfans_id(account):
    buyer, other = fan(account, "buyer"), fan(account, "other")
    message(account, buyer, incoming=False, at=NOW, onlyfans_id=42, is_purchased=True, price_cents=900)
    message(account, other, incoming=False, at=NOW, onlyfans_id=43, is_purchased=True, price_cents=900)
    assert members(account, {"kind": "bought", "item": "message:42"}) == {"buyer"}
    assert members(account, {"kind": "bought", "item": "message:43"}) == {"other"}
    assert members(account, {"kind": "bought", "item": "queue:42"}) == set()


def test_silent_counts_fans_with_a_chat_and_no_message_of_theirs_within_the_days(account):
    quiet, chatty, fresh = fan(account, "quiet"), fan(account, "chatty"), fan(account, "fresh")
    fan(account, "no_chat")
    only_creator = fan(account, "only_creator")
    message(account, quiet, incoming=True, at=NOW - timedelta(days=20))
    message(
        account, quiet, incoming=False, at=NOW - timedelta(days=1)
    )  # the creator's message does not count
    message(account, chatty, incoming=True, at=NOW - timedelta(days=20))
    message(account, chatty, incoming=True, at=NOW - timedelta(days=13))
    message(account, fresh, incoming=True, at=NOW - timedelta(minutes=5))
    message(account, only_creator, incoming=False, at=NOW - timedelta(days=30))
    assert members(account, {"kind": "silent", "days": 14}) == {"quiet", "only_creator"}
    assert members(account, {"kind": "silent", "days": 10}) == {"quiet", "chatty", "only_creator"}


def test_tag_rules_any_all_none(account):
    tag(fan(account, "both"), "vip", "cold")
    tag(fan(account, "vip"), "vip")
    tag(fan(account, "cold"), "cold", "other")
    fan(account, "bare")
    assert members(account, {"kind": "tags", "match": "any", "tags": ["vip", "cold"]}) == {
        "both",
        "vip",
        "cold",
    }
    assert members(account, {"kind": "tags", "match": "all", "tags": ["vip", "cold"]}) == {"both"}
    assert members(account, {"kind": "tags", "match": "none", "tags": ["vip", "cold"]}) == {"bare"}
    # Names are matched as stored: trimmed and lower case.
    assert members(account, {"kind": "tags", "match": "all", "tags": [" VIP "]}) == {"both", "vip"}


def test_rules_combine_with_and_and_an_any_group_with_or(account):
    fan(account, "new_payer", subscribed_at=NOW - timedelta(days=1), spend_total_cents=500)
    fan(account, "new_free", subscribed_at=NOW - timedelta(days=1), spend_total_cents=0)
    fan(account, "old_expired", subscribed_at=NOW - timedelta(days=90), subscription_status="expired")
    fan(account, "old_active", subscribed_at=NOW - timedelta(days=90), subscription_status="active")
    assert members(account, {"kind": "new", "days": 7}, {"kind": "no_spender"}) == {"new_free"}
    group = {"kind": "any", "rules": [{"kind": "new", "days": 7}, {"kind": "expired"}]}
    assert members(account, group) == {"new_payer", "new_free", "old_expired"}
    assert members(account, group, {"kind": "no_spender"}) == {"new_free", "old_expired"}


def test_a_definition_only_sees_its_own_account(account, team):
    other = make_account(team)
    fan(other, "elsewhere", subscription_status="expired")
    fan(account, "here", subscription_status="expired")
    assert members(account, {"kind": "expired"}) == {"here"}


@pytest.mark.parametrize(
    "definition",
    [
        None,
        [],
        {},
        {"rules": []},
        {"rules": [{"kind": "nope"}]},
        {"rules": [{"days": 7}]},
        {"rules": [{"kind": "new"}]},
        {"rules": [{"kind": "new", "days": 0}]},
        {"rules": [{"kind": "new", "days": 3651}]},
        {"rules": [{"kind": "new", "days": "7"}]},
        {"rules": [{"kind": "new", "days": 7.5}]},
        {"rules": [{"kind": "new", "days": True}]},
        {"rules": [{"kind": "new", "days": 7, "extra": 1}]},
        {"rules": [{"kind": "expired"}], "match": "any"},
        {"rules": [{"kind": "renew", "on": "yes"}]},
        {"rules": [{"kind": "spend_tier", "tier": "diamond"}]},
        {"rules": [{"kind": "whales"}]},
        {"rules": [{"kind": "whales", "top_percent": 5, "min_cents": 100}]},
        {"rules": [{"kind": "whales", "top_percent": 0}]},
        {"rules": [{"kind": "whales", "top_percent": 101}]},
        {"rules": [{"kind": "whales", "top_percent": float("nan")}]},
        {"rules": [{"kind": "whales", "min_cents": 0}]},
        {"rules": [{"kind": "bought", "item": "post:12"}]},
        {"rules": [{"kind": "bought", "item": "queue:0"}]},
        {"rules": [{"kind": "bought", "item": "queue:99999999999999999999"}]},
        {"rules": [{"kind": "bought", "item": "queue:12 OR 1=1"}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": []}]},
        {"rules": [{"kind": "tags", "match": "some", "tags": ["a"]}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": ["   "]}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": ["a\x00b"]}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": ["x" * 51]}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": [f"t{i}" for i in range(21)]}]},
        {"rules": [{"kind": "any", "rules": []}]},
        {"rules": [{"kind": "any", "rules": [{"kind": "any", "rules": [{"kind": "expired"}]}]}]},
        {"rules": [{"kind": "expired"}] * (RULES_MAX + 1)},
        {"rules": [{"kind": "expired"}, {"kind": "any", "rules": [{"kind": "expired"}] * RULES_MAX}]},
    ],
)
def test_bad_definitions_are_refused_with_the_failing_fields(definition):
    with pytest.raises(SegmentDefinitionInvalidError) as caught:
        definition_parse(definition)
    assert caught.value.http_status == 422
    assert caught.value.code == "invalid"
    assert caught.value.extra["errors"]
    assert all({"loc", "msg", "type"} <= set(error) for error in caught.value.extra["errors"])


def test_a_definition_at_the_limits_is_accepted():
    rules = [{"kind": "expired"}] * (RULES_MAX - 2) + [
        {"kind": "any", "rules": [{"kind": "new", "days": 1}] * 2}
    ]
    assert definition_parse({"rules": rules}).rule_count() == RULES_MAX


def test_a_definition_describes_itself(account):
    definition = definition_parse(
        {
            "rules": [
                {"kind": "new", "days": 1},
                {"kind": "whales", "min_cents": 123_456},
                {"kind": "any", "rules": [{"kind": "expired"}, {"kind": "bought", "item": "queue:9"}]},
            ]
        }
    )
    assert definition.describe() == [
        "Subscribed in the last 1 day",
        "Spent at least $1,234.56",
        "Any of: Subscription expired; Bought mass message #9",
    ]


def test_whales_top_percent_counts_exactly_without_float_error(account):
    Fan.objects.bulk_create(
        Fan(account=account, onlyfans_id=10_000 + i, username=f"p{i}", spend_total_cents=i)
        for i in range(1, 1001)
    )
    assert len(members(account, {"kind": "whales", "top_percent": 33.3})) == 333  # not 334

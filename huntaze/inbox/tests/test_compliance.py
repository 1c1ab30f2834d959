"""The compliance guard: every rule's own examples, evasion, enforcement and worst-case time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.utils import translation

from huntaze.core.exceptions import HuntazeError
from huntaze.inbox.compliance import RULES, compliance_check, compliance_enforce
from huntaze.inbox.compliance.engine import _COMPILED, _squash
from huntaze.inbox.compliance.needles import needles
from huntaze.inbox.compliance.normalize import fold, words
from huntaze.inbox.exceptions import ComplianceBlockedError, ComplianceOverrideRequiredError

DOCS = Path(__file__).resolve().parents[3] / "docs" / "compliance.md"


def rule_ids(text: str) -> set[str]:
    return {hit.rule_id for hit in compliance_check(text=text).hits}


@pytest.mark.parametrize(
    ("rule_id", "text"), [(rule.id, text) for rule in RULES for text in rule.examples_hit], ids=str
)
def test_rule_hits_its_examples(rule_id, text):
    assert rule_id in rule_ids(text)


@pytest.mark.parametrize(
    ("rule_id", "text"), [(rule.id, text) for rule in RULES for text in rule.examples_pass], ids=str
)
def test_rule_lets_its_pass_examples_through(rule_id, text):
    assert rule_id not in rule_ids(text)


def test_every_rule_has_a_unique_id_and_three_examples_each_way():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert len(rule.examples_hit) >= 3, rule.id
        assert len(rule.examples_pass) >= 3, rule.id
        assert rule.keywords or rule.patterns or rule.literal_patterns, rule.id


def test_block_rules_come_first_and_every_rule_is_documented():
    severities = [rule.severity for rule in RULES]
    assert severities == sorted(severities)  # "block" < "warn"
    docs = DOCS.read_text()
    for rule in RULES:
        assert f"`{rule.id}`" in docs, rule.id


@pytest.mark.parametrize(
    "text",
    [
        "Hey babe, thanks for subscribing! 💕 What are you up to tonight?",
        "I'll snap a pic for you after my shower",
        "Nice to meet you! Where are you from?",
        "I'll meet your expectations, I promise 😉",
        "I'm at work right now, my cash register is broken lol",
        "Thanks for the $20 tip! You're my number one fan 🥰",
        "I'm 25 and I love the gym, what about you?",
        "I'm 18 and ready to have fun",
        "Check my pinned post on onlyfans.com/luna",
        "Unlock my new video for $15, it's my spiciest yet 🔥",
        "Doggy style is my favorite 😈",
        "My stepmom made the best lasagna this weekend",
        "I graduated high school in 2015 and never looked back",
        "Meet me in the chat at 9 for the live show",
        "To all my loyal fans: thank you!!",
        "Coucou mon chéri, merci pour le pourboire ! Je suis à Paris cette semaine",
    ],
)
def test_ordinary_creator_messages_are_clean(text):
    assert compliance_check(text=text).ok


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("P A Y P A L", "payment.app"),
        ("p.a.y.p.a.l", "payment.app"),
        ("p_a_y_p_a_l", "payment.app"),
        ("pay-pal", "payment.app"),
        ("PaYpAl", "payment.app"),
        ("p4yp4l", "payment.app"),
        ("paypa1", "payment.app"),
        ("c@$h @pp", "payment.app"),
        ("p\u0430yp\u0430l", "payment.app"),  # Cyrillic a
        ("\u0455n\u0430p\u0441h\u0430t me", "contact.messenger"),  # Cyrillic s, a, c
        ("tel\u0435gr\u0430m", "contact.messenger"),
        ("\uff50\uff41\uff59\uff50\uff41\uff4c", "payment.app"),  # fullwidth
        ("\U0001d429\U0001d41a\U0001d432\U0001d429\U0001d41a\U0001d425", "payment.app"),  # mathematical bold
        ("🇵🇦🇾🇵🇦🇱", "payment.app"),  # regional indicators
        ("pay\u200dpal", "payment.app"),  # zero-width joiner
        ("p\u200ba\u200by\u200bp\u200ba\u200bl", "payment.app"),  # zero-width spaces
        ("s e n d  v i a  p a y p a l", "payment.app"),
        ("luna at gmail dot com", "contact.email"),
        ("luna [at] gmail [dot] com", "contact.email"),
        ("LUNA@GMAIL.COM", "contact.email"),
        ("five five five one two three four five six seven", "contact.phone"),
        ("5️⃣5️⃣5️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣", "contact.phone"),
        ("\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "contact.phone"),
        ("I\u2019m 16", "minors.age"),
        ("i'm 1\u200b6", "minors.age"),
        ("u n d e r a g e", "minors.theme"),
        ("ʀᴀᴘᴇ", "prohibited.non_consent"),  # small capitals
    ],
)
def test_trivial_evasion_still_hits(text, rule_id):
    assert rule_id in rule_ids(text)


def test_a_hit_reports_the_span_of_the_original_text():
    text = "ok so add me on \u0455n\u0430p\u0441h\u0430t babe"
    (hit,) = compliance_check(text=text).hits
    assert hit.excerpt == text[hit.start : hit.end] == "\u0455n\u0430p\u0441h\u0430t"


def test_a_hit_on_spaced_out_text_keeps_the_spacing_in_its_excerpt():
    text = "just s e n d it on p.a.y.p.a.l"
    hit = next(hit for hit in compliance_check(text=text).hits if hit.rule_id == "payment.app")
    assert hit.excerpt == "p.a.y.p.a.l"


def test_a_hit_ends_after_trailing_invisible_characters():
    text = "5️⃣5️⃣5️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣"
    (hit,) = compliance_check(text=text).hits
    assert (hit.start, hit.end) == (0, len(text))


def test_fold_maps_look_alikes_and_keeps_an_index_into_the_original():
    text = "\uff30\u0430y\u200b\uff30al 5️⃣"
    view = fold(text)
    assert view.text == "paypal 5"
    assert [text[i] for i in view.index] == ["\uff30", "\u0430", "y", "\uff30", "a", "l", " ", "5"]


def test_words_decode_leetspeak_only_inside_words():
    assert words(fold("p4yp4l in 24h for $20, sch00lg1rl")).text == "paypal in 24h for $20, schoolgirl"


def test_needles_are_strings_every_match_contains():
    assert needles(r"\b(?:my|your)\s+bank\s+details") == frozenset({"details"})
    assert needles(r"\bi'?m\s+1[0-7]\b") == frozenset({f"1{d}" for d in range(8)})
    assert needles(r"\$(?=[a-z])[a-z]{2,20}") == frozenset({"$"})
    assert needles(r"[^a]+") is None


def test_needles_never_hide_a_match_of_any_example():
    texts = [text for rule in RULES for text in (*rule.examples_hit, *rule.examples_pass)]
    for text in texts:
        literal = fold(text)
        word_view = words(literal)
        views = {"words": word_view, "literal": literal}
        haystacks = {"words": word_view.text, "literal": literal.text, "squashed": _squash(word_view.text)}
        for _, matchers in _COMPILED:
            for matcher in matchers:
                if matcher.needles is not None and matcher.search(views[matcher.view]) is not None:
                    assert any(n in haystacks[matcher.needle_view] for n in matcher.needles), (text, matcher)


def test_enforce_refuses_a_block_hit_even_with_a_reason():
    with pytest.raises(ComplianceBlockedError) as caught:
        compliance_enforce(
            text="add me on snapchat, $20 on my paypal, guaranteed", override_reason="fan asked"
        )
    error = caught.value
    assert isinstance(error, HuntazeError)
    assert (error.code, error.http_status) == ("compliance_blocked", 422)
    assert error.extra == {
        "rules": [
            {
                "id": "payment.app",
                "severity": "block",
                "label": str(RULES[0].label),
                "excerpt": "paypal",
            },
            {
                "id": "contact.messenger",
                "severity": "block",
                "label": next(str(r.label) for r in RULES if r.id == "contact.messenger"),
                "excerpt": "snapchat",
            },
            {
                "id": "promise.guarantee",
                "severity": "warn",
                "label": next(str(r.label) for r in RULES if r.id == "promise.guarantee"),
                "excerpt": "guaranteed",
            },
        ]
    }


@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_enforce_requires_a_reason_for_a_warn_hit(reason):
    with pytest.raises(ComplianceOverrideRequiredError) as caught:
        compliance_enforce(text="I'll refund you if you don't like it", override_reason=reason)
    error = caught.value
    assert isinstance(error, HuntazeError)
    assert (error.code, error.http_status) == ("compliance_override_required", 422)
    assert [rule["id"] for rule in error.extra["rules"]] == ["promise.refund"]


def test_enforce_returns_the_warnings_when_a_reason_is_given():
    result = compliance_enforce(text="I'll refund you if you don't like it", override_reason="Agreed by Luna")
    assert not result.blocked
    assert [hit.rule_id for hit in result.warnings] == ["promise.refund"]


def test_enforce_passes_clean_text():
    assert compliance_enforce(text="Thanks for the tip babe 💕", override_reason=None).ok


def test_labels_and_errors_are_translated():
    with translation.override("fr"), pytest.raises(ComplianceBlockedError) as caught:
        compliance_enforce(text="my paypal is open", override_reason=None)
    assert caught.value.message == "Ce texte enfreint les règles d'OnlyFans et ne peut pas être envoyé."
    assert caught.value.extra["rules"][0]["label"].startswith("Demande un paiement hors d'OnlyFans")


ADVERSARIAL = {
    "letters": "a" * 100_000,
    "digits": "1" * 100_000,
    "spaced digits": "1 - " * 25_000,
    "spaced letters": "a " * 50_000,
    "at signs": "a@" * 25_000 + "gmail",
    "dots": "a." * 50_000,
    "near-miss keywords": "p a y p a " * 10_000,
    "windows": ("sex " * 10 + "teen ") * 2_000,
    "customs": ("custom " + "x " * 25 + "by tonight ") * 1_400,
    "long link": "http://" + "a" * 100_000,
    "cyrillic": "\u0430" * 100_000,
    "zero-width": "a\u200b" * 50_000,
    "keycaps": "5️⃣" * 33_000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_worst_case_text_is_checked_in_under_a_second(text):
    start = time.perf_counter()
    compliance_check(text=text)
    assert time.perf_counter() - start < 1


def test_a_thousand_character_message_is_checked_in_well_under_two_milliseconds():
    sentence = (
        "Hey babe, thanks so much for the tip! 😘 I just posted a new set, tell me what you want next. "
    )
    text = (sentence * 12)[:1000]
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            compliance_check(text=text)
        batches.append((time.perf_counter() - start) / 20)
    assert min(batches) < 0.002

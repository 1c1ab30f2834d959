"""Checking a text against the rules: one hit per rule, with the span of the original text.

The patterns are compiled once, at import, each with its needles (see ``needles``): on clean
text most patterns are skipped by a substring test, and a 1,000-character message is checked
in a fraction of a millisecond, so every suggestion and every send can afford it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.functional import Promise

from huntaze.inbox.choices import ComplianceSeverity
from huntaze.inbox.compliance.needles import Needles, needles
from huntaze.inbox.compliance.normalize import View, fold, words
from huntaze.inbox.compliance.rules import RULES, ComplianceRule
from huntaze.inbox.exceptions import ComplianceBlockedError, ComplianceOverrideRequiredError

EXCERPT_MAX = 80
# Between the letters of a long keyword: spacing or punctuation inserted to dodge the filter.
_GAP = r"[\W_]{0,3}"
_KEYWORD_GAP_FROM = 5
# The word view decodes a leetspeak "1" as "i"; it may have stood for an "l".
_LETTER = {"i": "[il]", "l": "[il]"}
# The word view without any gap and with "l" read as "i": it contains every keyword a keyword
# pattern can match, so it gates them.
_GAPS = str.maketrans("", "", "".join(chr(i) for i in range(128) if not chr(i).isalnum()))


def _keyword_body(keyword: str) -> str:
    """``keyword`` tolerating leetspeak, look-alikes and (from five letters) inserted gaps."""
    gap = _GAP if _is_long(keyword) else ""
    return _GAP.join(gap.join(_LETTER.get(c, re.escape(c)) for c in word) for word in keyword.split())


def _is_long(keyword: str) -> bool:
    return len(keyword.replace(" ", "")) >= _KEYWORD_GAP_FROM


def _keyword_pattern(keyword: str) -> str:
    """``keyword`` as a whole word."""
    body = _keyword_body(keyword)
    first = _LETTER.get(keyword[0], re.escape(keyword[0]))
    # The first letter leads so the regex engine skips most positions on it; only then is the
    # start of the word checked.
    return rf"{first}(?<![a-z].){body[len(first) :]}s?(?![a-z])"


def _squash(text: str) -> str:
    # Dropping non-ASCII keeps the fast ASCII path of translate. Dropping characters can only
    # make a needle appear, never hide one, so the gate still lets every match through.
    return text.encode("ascii", "ignore").decode("ascii").translate(_GAPS).replace("l", "i")


@dataclass(frozen=True, slots=True)
class _Matcher:
    regex: re.Pattern[str]
    view: Literal["words", "literal"]
    needles: Needles
    needle_view: Literal["words", "literal", "squashed"]
    # For a long keyword: the same without word boundaries, for inside text that was spelled
    # out one character at a time ("s e n d v i a p a y p a l"), where no boundary is left.
    in_joined: re.Pattern[str] | None = None

    def search(self, view: View) -> re.Match[str] | None:
        match = self.regex.search(view.text)
        if match is None and self.in_joined is not None:
            spans = (self.in_joined.search(view.text, start, end) for start, end in view.joined)
            match = next((m for m in spans if m is not None), None)
        return match


def _matchers(rule: ComplianceRule) -> tuple[_Matcher, ...]:
    found = [
        _Matcher(
            re.compile(_keyword_pattern(k)),
            "words",
            frozenset({_squash(k)}),
            "squashed",
            in_joined=re.compile(_keyword_body(k)) if _is_long(k) else None,
        )
        for k in rule.keywords
    ]
    found += [_Matcher(re.compile(p), "words", needles(p), "words") for p in rule.patterns]
    found += [_Matcher(re.compile(p), "literal", needles(p), "literal") for p in rule.literal_patterns]
    return tuple(found)


_COMPILED = tuple((rule, _matchers(rule)) for rule in RULES)
# Every needle once per haystack: one substring test each per check, shared by the patterns.
_ALL_NEEDLES = {
    haystack: frozenset().union(
        *(m.needles for _, matchers in _COMPILED for m in matchers if m.needle_view == haystack and m.needles)
    )
    for haystack in ("words", "literal", "squashed")
}


@dataclass(frozen=True, slots=True)
class ComplianceHit:
    """The first place a rule matched: ``start``/``end`` index the original text."""

    rule_id: str
    severity: ComplianceSeverity
    label: Promise
    excerpt: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe, with the label translated in the active language."""
        return {
            "id": self.rule_id,
            "severity": str(self.severity),
            "label": str(self.label),
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    hits: tuple[ComplianceHit, ...]

    @property
    def blocked(self) -> bool:
        """A block rule matched: the text can never be sent."""
        return any(hit.severity == ComplianceSeverity.BLOCK for hit in self.hits)

    @property
    def warnings(self) -> tuple[ComplianceHit, ...]:
        return tuple(hit for hit in self.hits if hit.severity == ComplianceSeverity.WARN)

    @property
    def ok(self) -> bool:
        return not self.hits


def _hit(rule: ComplianceRule, view: View, match: re.Match[str]) -> ComplianceHit:
    start, end = view.original_span(*match.span())
    excerpt = view.source[start:end]
    if len(excerpt) > EXCERPT_MAX:
        excerpt = excerpt[: EXCERPT_MAX - 1] + "…"
    return ComplianceHit(
        rule_id=rule.id, severity=rule.severity, label=rule.label, excerpt=excerpt, start=start, end=end
    )


def compliance_check(*, text: str) -> ComplianceResult:
    """Match ``text`` against every rule: at most one hit per rule, in rule order."""
    literal = fold(text)
    word_view = words(literal)
    views = {"words": word_view, "literal": literal}
    haystacks = {"words": word_view.text, "literal": literal.text, "squashed": _squash(word_view.text)}
    present = {
        name: {needle for needle in _ALL_NEEDLES[name] if needle in haystack}
        for name, haystack in haystacks.items()
    }
    hits = []
    for rule, matchers in _COMPILED:
        for matcher in matchers:
            if matcher.needles is not None and matcher.needles.isdisjoint(present[matcher.needle_view]):
                continue
            view = views[matcher.view]
            match = matcher.search(view)
            if match is not None:
                hits.append(_hit(rule, view, match))
                break
    return ComplianceResult(hits=tuple(hits))


def compliance_enforce(*, text: str, override_reason: str | None) -> ComplianceResult:
    """Check ``text`` for sending.

    Raises ``ComplianceBlockedError`` on any block hit (no reason overrides it) and
    ``ComplianceOverrideRequiredError`` on warn hits without a non-blank ``override_reason``;
    the caller audits the reason with the send.
    """
    result = compliance_check(text=text)
    if result.blocked:
        raise ComplianceBlockedError(hits=result.hits)
    if result.warnings and not (override_reason or "").strip():
        raise ComplianceOverrideRequiredError(hits=result.hits)
    return result

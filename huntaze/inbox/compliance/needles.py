"""Literal strings a regex cannot match without, so most patterns are never run on clean text.

Python's regex engine spends about the same time per scanned character whatever the pattern,
and there are a hundred patterns. ``needles`` reads a pattern's parse tree and returns a set of
strings one of which every match contains; ``needle in text`` is a fast substring search, and
the pattern only runs when one is there. Anything the analysis does not understand gives
``None``: that pattern always runs, so the shortcut can never hide a hit.
"""

from __future__ import annotations

from itertools import product

# The parser is private, but it is the only exact reading of a pattern; 3.11's public
# ``sre_parse`` is the same module behind a deprecation warning.
from re import _constants as c
from re import _parser

Needles = frozenset[str] | None

_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}
_DIGITS = frozenset("0123456789")
# Past this many alternatives a set of needles costs more to test than the scan it saves.
_MAX_SET = 40
# Words in nearly every message make useless needles.
_COMMON = frozenset(
    {
        "a",
        "i",
        "an",
        "at",
        "by",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "to",
        "up",
        "us",
        "we",
        "the",
        "and",
        "for",
        "you",
        "our",
        "your",
        "can",
        "will",
        "with",
    }
)


def _rarity(needles: frozenset[str]) -> tuple[int, int]:
    return min(0 if n in _COMMON else len(n) for n in needles), -len(needles)


def _better(a: Needles, b: Needles) -> Needles:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=_rarity)


def _class(items: list) -> Needles:
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < _MAX_SET:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            chars |= _DIGITS
        else:
            return None
    return frozenset(chars) if len(chars) <= _MAX_SET else None


def _exact(items: list) -> Needles:
    """Every string ``items`` can match, when that is a short list (``ab[cd]`` → abc, abd)."""
    strings = frozenset({""})
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        part = _exact_item(op, av)
        if part is None or len(strings) * len(part) > _MAX_SET:
            return None
        strings = frozenset(x + y for x, y in product(strings, part))
    return strings


def _exact_item(op: object, av: object) -> Needles:
    if op is c.LITERAL:
        return frozenset({chr(av)})
    if op is c.IN:
        return _class(av)
    if op is c.SUBPATTERN and not av[1]:
        return _exact(av[3])
    if op is c.BRANCH:
        branches = [_exact(branch) for branch in av[1]]
        return None if None in branches else frozenset().union(*branches)
    return None


def _required(op: object, av: object) -> Needles:
    """Needles of one item of a sequence that is not a fixed string."""
    if op is c.SUBPATTERN and not av[1]:
        return _sequence(av[3])
    if op is c.ATOMIC_GROUP:
        return _sequence(av)
    if op in _REPEATS and av[0] >= 1:
        return _sequence(av[2])
    if op is c.BRANCH:
        branches = [_sequence(branch) for branch in av[1]]
        return None if None in branches else frozenset().union(*branches)
    return None


def _sequence(items: list) -> Needles:
    best: Needles = None
    stretch = frozenset({""})  # the strings of the current run of fixed items
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the items around it are adjacent in the match
        part = _exact_item(op, av)
        if part is not None and len(stretch) * len(part) <= _MAX_SET:
            stretch = frozenset(x + y for x, y in product(stretch, part))
            continue
        if "" not in stretch:
            best = _better(best, stretch)
        best = _better(best, part if part is not None else _required(op, av))
        stretch = part if part is not None else frozenset({""})
    if "" not in stretch:
        best = _better(best, stretch)
    return best


def needles(pattern: str) -> Needles:
    """Strings one of which every match of ``pattern`` contains, or ``None`` if unknown."""
    found = _sequence(_parser.parse(pattern).data)
    if found is None:
        return None
    # A text holding "selling" holds "sell": the longer needle adds nothing.
    return frozenset(n for n in found if not any(other in n for other in found if other != n))

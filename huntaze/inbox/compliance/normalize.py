"""Two evasion-resistant views of a text, each mapped back to the original characters.

Senders dodge keyword filters with look-alike letters, zero-width characters, leetspeak and
spacing ("p.a.y.p.a.l"). The rules match normalized views instead of the raw text:

- the *literal* view (``fold``): NFKD compatibility forms (fullwidth, circled, math letters,
  keycap emoji digits), case folding, accents and zero-width/format characters dropped,
  Cyrillic/Greek look-alikes mapped to Latin. Digits and symbols stay, for phone numbers,
  emails, URLs and ages;
- the *word* view (``words``): the literal view with leetspeak decoded inside mostly-letter
  tokens ("p4yp4l" but not "24h") and runs of spaced single characters joined ("s n a p").

Every view keeps ``index[i]`` = the position in the original text of its character ``i``,
so a hit reports the original span, not the normalized one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Letters that look Latin but are not, after case folding (Unicode confusables, trimmed to
# the ones that survive NFKD).
_CONFUSABLES = str.maketrans(
    {
        **dict(zip("авекмнорстухѕіїјһԁԛԝӏɡ", "abekmhopctyxsiijhdqwlg", strict=True)),
        **dict(zip("αβεηικνορτυχωςϲ", "abeniknoptuxwsc", strict=True)),
        **dict(zip("ıłøđħŧŀ", "ilodhtl", strict=True)),
        **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz", strict=True)),
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2022": ".",
        "\u00b7": ".",
        "\u2024": ".",
        "\U0001f51f": "10",
    }
)
# Emoji letters with no compatibility decomposition: regional indicators and squared/circled
# negative capitals.
_EMOJI_LETTER_RANGES = (0x1F1E6, 0x1F150, 0x1F170)

_LEET = str.maketrans("01345789@$", "oieastbgas")
_LEET_CHAR = re.compile(r"[0-9@$]")
# A token that contains at least one leet character; possessive so a long run never backtracks.
_LEET_TOKEN = re.compile(r"(?<![a-z0-9@$])[a-z]*+[0-9@$][a-z0-9@$]*+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Three or more single characters separated by spacing or punctuation: "p a y", "p.a.y.p.a.l".
_SEPARATOR = r"[ \t.\-_*|,/\\~+]"
_SPACED_RUN = re.compile(rf"(?<![^\W_])[^\W_](?:{_SEPARATOR}{{1,3}}[^\W_]){{2,}}(?![^\W_])")
# Every spaced run holds "<separator><single><separator><single>": a cheap scan for it first.
_SPACED_PAIR = re.compile(rf"{_SEPARATOR}[^\W_]{_SEPARATOR}{{1,3}}[^\W_](?![^\W_])")


@dataclass(frozen=True, slots=True)
class View:
    """A normalized text and, for each of its characters, the index in the original."""

    text: str
    index: Sequence[int]
    source: str
    # Spans of ``text`` that were spaced-out characters: no word boundaries survive inside.
    joined: tuple[tuple[int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in ``source``, with the invisible characters that trail the last one kept."""
        original_end = self.index[end - 1] + 1
        while original_end < len(self.source) and not _fold_char(self.source[original_end]):
            original_end += 1
        return self.index[start], original_end


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    code = ord(char)
    for first in _EMOJI_LETTER_RANGES:
        if first <= code < first + 26:
            return chr(ord("a") + code - first)
    kept = (
        # Every decimal digit becomes ASCII, so \d in a rule means 0-9 (see ``needles``).
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
        for c in unicodedata.normalize("NFKD", char.casefold())
        if unicodedata.category(c)[0] != "M" and unicodedata.category(c) != "Cf"
    )
    return "".join(kept).translate(_CONFUSABLES).lower()


def fold(text: str) -> View:
    """The literal view: compatibility forms, case, accents, invisibles and look-alikes folded."""
    if text.isascii():
        return View(text.lower(), range(len(text)), text)
    parts: list[str] = []
    index: list[int] = []
    position = 0
    for match in _NON_ASCII.finditer(text):
        start, end = match.span()
        parts.append(text[position:start].lower())
        index.extend(range(position, start))
        for i in range(start, end):
            folded = _fold_char(text[i])
            parts.append(folded)
            index.extend([i] * len(folded))
        position = end
    parts.append(text[position:].lower())
    index.extend(range(position, len(text)))
    return View("".join(parts), index, text)


def _decode_leet(token: re.Match[str]) -> str:
    # "p4yp4l" and "sch00lg1rl" are words; "24h", "$20" and "16" are not.
    text = token[0]
    letters = sum(c.isalpha() for c in text)
    return text.translate(_LEET) if letters >= len(text) - letters else text


def words(literal: View) -> View:
    """The word view: leetspeak decoded, spaced-out single characters joined."""
    text = literal.text
    if _LEET_CHAR.search(text):
        text = _LEET_TOKEN.sub(_decode_leet, text)  # same length: the index still holds
    runs = list(_SPACED_RUN.finditer(text)) if _SPACED_PAIR.search(text) else []
    if not runs:
        return View(text, literal.index, literal.source)
    parts: list[str] = []
    index: list[int] = []
    joined: list[tuple[int, int]] = []
    position = 0
    for run in runs:
        start, end = run.span()
        parts.append(text[position:start])
        index.extend(literal.index[position:start])
        joined_start = len(index)
        for kept in re.finditer(r"[^\W_]", text[start:end]):
            parts.append(kept[0])
            index.append(literal.index[start + kept.start()])
        joined.append((joined_start, len(index)))
        position = end
    parts.append(text[position:])
    index.extend(literal.index[position:])
    return View("".join(parts), index, literal.source, tuple(joined))

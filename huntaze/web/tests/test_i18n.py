"""Every UI string ships in French too."""

from __future__ import annotations

import re
from pathlib import Path

import huntaze

CATALOGUE = Path(huntaze.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def test_french_catalogue_has_no_untranslated_or_fuzzy_entries():
    text = (CATALOGUE / "django.po").read_text()
    # An empty msgstr is `msgstr ""` not followed by a continuation line.
    entries = re.findall(r'^msgid "(.+)"\nmsgstr ""\n(?!")', text + "\n", flags=re.M)
    assert entries == []
    assert "#, fuzzy" not in text

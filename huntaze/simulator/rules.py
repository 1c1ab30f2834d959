"""The simulator's signing rules: a default file, rotation, and both published layouts.

The rules are made up but well formed (spec §1): clients fetch them from
``/_sim/rules.json`` like they would from a community repository, so rotating them here
exercises the "Please refresh the page" -> refetch -> retry path end to end.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path
from typing import Any

from huntaze.onlyfans.signing import rules_parse

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.json")


def rules_load(path: str | Path = DEFAULT_RULES_PATH) -> dict[str, Any]:
    """Read a rules file of either layout and return it in layout B (validated)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return rules_layout_b(data)


def rules_layout_b(data: dict[str, Any]) -> dict[str, Any]:
    """Layout B (``prefix``/``suffix``, as SneakyOvis/datawhores publish it)."""
    parsed = rules_parse(data)
    return {
        "static_param": parsed.static_param,
        "prefix": parsed.prefix,
        "suffix": parsed.suffix,
        "checksum_constant": parsed.checksum_constant,
        "checksum_indexes": list(parsed.checksum_indexes),
        "app_token": parsed.app_token,
        "remove_headers": list(parsed.remove_headers),
        "revision": parsed.revision,
        "is_current": True,
    }


def rules_layout_a(rules: dict[str, Any]) -> dict[str, Any]:
    """The same rules in layout A (``format``, as DATAHOARDERS publish ``onlyfans.json``)."""
    return {
        "static_param": rules["static_param"],
        "format": f"{rules['prefix']}:{{}}:{{:x}}:{rules['suffix']}",
        "checksum_indexes": rules["checksum_indexes"],
        "checksum_constant": rules["checksum_constant"],
        "app_token": rules["app_token"],
        "remove_headers": rules.get("remove_headers", []),
        "error_code": 0,
        "message": "",
    }


def rules_rotate(*, seed: int, generation: int) -> dict[str, Any]:
    """Fresh rules for rotation ``generation``: the same ones for the same seed, like a new build."""
    rng = random.Random(seed * 1_000_003 + generation)
    build = 0x6904CC80 + generation * 3_600
    return rules_layout_b(
        {
            "static_param": "".join(rng.choices(string.ascii_letters + string.digits, k=32)),
            "prefix": str(rng.randrange(1000, 99999)),
            "suffix": f"{build:x}",
            "checksum_constant": rng.randrange(-2000, 2000),
            "checksum_indexes": [rng.randrange(40) for _ in range(32)],
            "app_token": "33d57ade8c02dbc5a333db99ff9ae26a",
            "revision": f"2026110{generation % 10}1200-{rng.getrandbits(40):010x}",
        }
    )

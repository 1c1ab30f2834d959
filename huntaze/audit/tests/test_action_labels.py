"""Every audit action the code writes has a label on the audit log page (no raw codes shown)."""

from __future__ import annotations

import re
from pathlib import Path

from huntaze.audit.views import ACTION_LABELS

PACKAGE = Path(__file__).resolve().parents[2]
ACTION_LITERAL = re.compile(r'(?:\baction=|\b_audit\(|\belse )\s*"([a-z_]+\.[a-z_]+)"')
# Actions built from a value (``f"shift.clock_{kind}"``), spelled out; ``a if x else b`` is read.
BUILT_ACTIONS = {"shift.clock_in", "shift.clock_out"}


def _written_actions() -> set[str]:
    actions = set(BUILT_ACTIONS)
    for path in PACKAGE.rglob("*.py"):
        if "tests" not in path.parts:
            actions |= set(ACTION_LITERAL.findall(path.read_text()))
    return actions


def test_every_audit_action_written_by_the_code_has_a_label() -> None:
    written = _written_actions()
    assert len(written) > 40  # the scan found the code's actions
    assert sorted(written - ACTION_LABELS.keys()) == []


def test_no_label_for_an_action_the_code_never_writes() -> None:
    assert sorted(ACTION_LABELS.keys() - _written_actions()) == []

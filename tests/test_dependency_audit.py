"""The offline dependency audit: real pip-audit against our OSV snapshot fails on a vulnerable pin."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("dependency_audit", ROOT / "tools" / "dependency_audit.py")
dependency_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dependency_audit)

RECORD = json.loads((ROOT / "security" / "osv" / "CVE-2025-64459.json").read_text())


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("5.2.7", True),
        ("5.2.8", False),
        ("5.2.19", False),
        ("5.1.13", True),
        ("5.1.14", False),
        ("4.2.0", True),
        ("4.1.9", False),
        ("6.0", False),
        ("not-a-version", False),
    ],
)
def test_ranges_follow_the_introduced_and_fixed_events(version, affected):
    assert dependency_audit.is_affected(RECORD, "django", version) is affected


def test_one_range_with_several_branches_matches_inside_any_of_them():
    events = [
        {"introduced": "0"},
        {"fixed": "4.2.26"},
        {"introduced": "5.0"},
        {"fixed": "5.1.14"},
        {"introduced": "5.2"},
    ]
    record = {
        "affected": [{"package": {"name": "Django"}, "ranges": [{"type": "ECOSYSTEM", "events": events}]}]
    }
    affected = {
        v: dependency_audit.is_affected(record, "django", v)
        for v in ("4.2.0", "4.2.26", "5.0.1", "5.1.14", "5.2.30")
    }
    assert affected == {"4.2.0": True, "4.2.26": False, "5.0.1": True, "5.1.14": False, "5.2.30": True}


def test_withdrawn_records_and_other_packages_do_not_match():
    assert (
        dependency_audit.is_affected({**RECORD, "withdrawn": "2025-12-01T00:00:00Z"}, "django", "5.2.7")
        is False
    )
    assert dependency_audit.is_affected(RECORD, "flask", "5.2.7") is False


def test_the_audit_fails_on_a_vulnerable_pin_and_passes_a_fixed_one(tmp_path):
    vulnerable, fixed = tmp_path / "vulnerable.txt", tmp_path / "fixed.txt"
    vulnerable.write_text("Django==5.2.7\nhttpx==0.28.1\n")
    fixed.write_text("Django==5.2.19\nhttpx==0.28.1\n")
    found = dependency_audit.audit(
        online=False, osv_dir=dependency_audit.DEFAULT_OSV_DIR, requirements=vulnerable
    )
    assert found.returncode == 1
    assert "CVE-2025-64459" in found.stdout
    clean = dependency_audit.audit(online=False, osv_dir=dependency_audit.DEFAULT_OSV_DIR, requirements=fixed)
    assert clean.returncode == 0, clean.stdout + clean.stderr

from __future__ import annotations

import subprocess
import sys

import huntaze.onlyfans as onlyfans


def test_public_surface_is_explicit_and_importable():
    assert sorted(onlyfans.__all__) == sorted(set(onlyfans.__all__))
    for name in onlyfans.__all__:
        assert getattr(onlyfans, name) is not None


def test_connector_does_not_import_django():
    code = (
        "import sys, huntaze.onlyfans; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

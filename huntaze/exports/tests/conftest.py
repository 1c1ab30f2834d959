"""Each test writes its export files in its own folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.HUNTAZE_EXPORT_DIR = str(tmp_path / "exports")
    return tmp_path / "exports"

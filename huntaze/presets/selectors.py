"""Reads of the niche presets: the shipped ones, validated once per process, and one account's own.

The presets are data files in ``data/<slug>.json``, one per ``PresetSlug``. An account stores a
partial dict of the same shape as overrides; ``preset_resolve`` merges it onto the preset.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from huntaze.presets.choices import PresetSlug
from huntaze.presets.exceptions import PresetDataError, PresetNotFoundError, PresetOverrideInvalidError
from huntaze.presets.schemas import Preset

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def _presets() -> dict[str, Preset]:
    """Every shipped preset by slug, in ``PresetSlug`` order.

    Raises ``PresetDataError`` for a file that does not validate, is not named after its slug,
    or a slug without a file: a broken release must fail on first use, not on one fan's message.
    """
    found: dict[str, Preset] = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        try:
            preset = Preset.model_validate_json(path.read_bytes())
        except PydanticValidationError as exc:
            raise PresetDataError(f"{path.name}: {exc}", extra={"file": path.name}) from exc
        slug = preset.slug.value
        if slug != path.stem:
            raise PresetDataError(
                f"{path.name} holds the preset '{slug}'; name it {slug}.json", extra={"file": path.name}
            )
        found[slug] = preset
    if missing := [slug for slug in PresetSlug.values if slug not in found]:
        raise PresetDataError(f"No data file for the presets {missing}.", extra={"missing": missing})
    return {slug: found[slug] for slug in PresetSlug.values}


def preset_list() -> list[Preset]:
    """Every shipped preset, in ``PresetSlug`` order."""
    return list(_presets().values())


def preset_get(*, slug: str) -> Preset:
    """The shipped preset ``slug``; raises ``PresetNotFoundError``."""
    presets = _presets()
    if slug not in presets:
        raise PresetNotFoundError(f"No niche preset named {slug!r}.", extra={"available": list(presets)})
    return presets[slug]


def preset_resolve(*, slug: str, overrides: Mapping[str, Any]) -> Preset:
    """The preset ``slug`` with an account's ``overrides`` deep-merged onto it, validated again.

    Objects merge key by key; any other value, lists included, replaces the preset's value whole.
    Raises ``PresetNotFoundError`` and ``PresetOverrideInvalidError`` (``extra["errors"]`` gives
    each failing field's dotted path, such as ``pricing.subscription``).
    """
    preset = preset_get(slug=slug)
    if not isinstance(overrides, Mapping):
        raise PresetOverrideInvalidError(
            "Preset overrides must be an object.",
            extra={"errors": [{"field": "", "message": "not an object"}]},
        )
    if not overrides:
        return preset
    if overrides.get("slug", slug) != slug:
        raise PresetOverrideInvalidError(
            "Overrides cannot change the preset's slug; choose another preset instead.",
            extra={"errors": [{"field": "slug", "message": "cannot be overridden"}]},
        )
    merged = _deep_merge(preset.model_dump(mode="json"), overrides)
    try:
        return Preset.model_validate(merged)
    except PydanticValidationError as exc:
        raise PresetOverrideInvalidError.from_validation_error(exc) from exc


def _deep_merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged

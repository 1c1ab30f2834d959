from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from django.utils import translation
from pydantic import ValidationError

from huntaze.inbox.compliance import compliance_check
from huntaze.presets import selectors
from huntaze.presets.choices import PresetSlug
from huntaze.presets.exceptions import (
    PresetDataError,
    PresetNotFoundError,
    PresetOverrideInvalidError,
    TemplateContextMissingError,
    TemplateInvalidError,
)
from huntaze.presets.placeholders import ALLOWED_PLACEHOLDERS, template_placeholders, template_render
from huntaze.presets.schemas import KpiKey, Preset
from huntaze.presets.selectors import preset_get, preset_list, preset_resolve

DATA_FILES = sorted(selectors.DATA_DIR.glob("*.json"))
SLUGS = [
    "gfe",
    "soft_glam",
    "travel",
    "cosplay",
    "fitness",
    "dominatrix",
    "feet",
    "milf",
    "alt",
    "gamer",
    "couple",
]
FULL_CONTEXT = {
    "fan_name": "Alex",
    "creator_name": "Luna",
    "days_subscribed": "6",
    "last_purchase": "the beach set",
    "spend_band": "VIP",
    "price": "$12.99",
}
# Words that move a fan or his money off OnlyFans, or suggest meeting; a plain check on top of the guard.
OFF_PLATFORM = re.compile(
    r"\b(paypal|cash\s?app|venmo|zelle|snapchat|snap me|telegram|whatsapp|kik|discord|signal app|"
    r"my number|text me|email me|crypto|bitcoin|gift ?card|meet ?up|meet me|in person|irl|my place|hotel)\b",
    re.IGNORECASE,
)
FILLER = re.compile(r"\b(lorem|ipsum|tbd|todo|fixme|xxx|placeholder)\b", re.IGNORECASE)


def _fan_texts(preset: Preset) -> Iterator[str]:
    """Every text of a preset that a fan may read."""
    yield from preset.tone.example_greetings
    for step in preset.dm_sequence:
        yield from step.templates
    for item in preset.upsell_menu:
        yield item.name
        yield item.description
    for band in preset.pricing.spend_bands:
        yield band.fan_label


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _raw(slug: str = "gfe") -> dict[str, Any]:
    return json.loads((selectors.DATA_DIR / f"{slug}.json").read_text(encoding="utf-8"))


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    selectors._presets.cache_clear()
    yield
    selectors._presets.cache_clear()


# --- The shipped data ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_data_file_validates_and_is_named_after_its_slug(path: Path) -> None:
    preset = Preset.model_validate_json(path.read_bytes())

    assert preset.slug == path.stem


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_data_file_is_pretty_printed_with_two_spaces(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_preset_list_has_exactly_the_eleven_niches_in_choice_order() -> None:
    assert [preset.slug for preset in preset_list()] == SLUGS
    assert PresetSlug.values == SLUGS
    assert sorted(path.stem for path in DATA_FILES) == sorted(SLUGS)


def test_preset_name_is_the_english_choice_label() -> None:
    with translation.override("en"):
        for preset in preset_list():
            assert preset.name == str(PresetSlug(preset.slug).label)


def test_preset_names_are_translated_to_french() -> None:
    with translation.override("fr"):
        labels = {slug: str(PresetSlug(slug).label) for slug in SLUGS}

    assert labels["gfe"] == "Expérience petite amie"
    assert labels["dominatrix"] == "Dominatrice"
    assert labels["feet"] == "Pieds"
    assert labels["travel"] == "Voyage"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_template_uses_allowed_placeholders_and_renders_with_a_full_context(slug: str) -> None:
    preset = preset_get(slug=slug)
    templates = [*preset.tone.example_greetings, *(t for step in preset.dm_sequence for t in step.templates)]

    for template in templates:
        assert template_placeholders(template=template) <= ALLOWED_PLACEHOLDERS
        rendered = template_render(template=template, context=FULL_CONTEXT)
        assert "{" not in rendered
        assert "}" not in rendered
        assert compliance_check(text=rendered).ok, rendered


@pytest.mark.parametrize("slug", SLUGS)
def test_fan_texts_contain_no_off_platform_payment_contact_or_meeting_words(slug: str) -> None:
    hits = [text for text in _fan_texts(preset_get(slug=slug)) if OFF_PLATFORM.search(text)]

    assert hits == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.stem)
def test_data_file_has_no_filler_text(path: Path) -> None:
    filler = [text for text in _strings(json.loads(path.read_text(encoding="utf-8"))) if FILLER.search(text)]

    assert filler == []


@pytest.mark.parametrize("slug", SLUGS)
def test_welcome_sequence_sells_at_least_twice_and_ends_on_a_renew_reminder(slug: str) -> None:
    steps = preset_get(slug=slug).dm_sequence

    assert steps[0].ppv_tier is None
    assert sum(step.ppv_tier is not None for step in steps) >= 2
    assert all("renew" in template.lower() for template in steps[-1].templates)


@pytest.mark.parametrize("slug", SLUGS)
def test_preset_sets_a_target_for_every_kpi(slug: str) -> None:
    keys = {kpi.key for kpi in preset_get(slug=slug).kpis}

    assert keys == set(get_args(KpiKey))


def test_spend_band_for_picks_the_highest_band_reached() -> None:
    pricing = preset_get(slug="gfe").pricing

    assert pricing.spend_band_for(total_cents=0).band == "new"
    assert pricing.spend_band_for(total_cents=2499).band == "new"
    assert pricing.spend_band_for(total_cents=2500).band == "regular"
    assert pricing.spend_band_for(total_cents=10**7).offer_tier == "custom"


# --- The schema refuses broken presets ----------------------------------------------------------


def _set_template(data: dict[str, Any]) -> None:
    data["dm_sequence"][0]["templates"][0] = "Hi {fan_nmae}, welcome!"


def _invert_ppv_range(data: dict[str, Any]) -> None:
    data["pricing"]["ppv_tiers"]["premium"] = {"min_cents": 4500, "max_cents": 2500}


def _break_mix(data: dict[str, Any]) -> None:
    data["post_cadence"]["content_mix"][0]["share_percent"] += 5


def _drop_day(data: dict[str, Any]) -> None:
    del data["dm_sequence"][3]


def _duplicate_day(data: dict[str, Any]) -> None:
    data["dm_sequence"][3]["day"] = 2


def _unknown_field(data: dict[str, Any]) -> None:
    data["pricing"]["subscripton"] = data["pricing"].pop("subscription")


def _recommended_above_max(data: dict[str, Any]) -> None:
    data["pricing"]["subscription"]["recommended_cents"] = 2999


def _off_platform_template(data: dict[str, Any]) -> None:
    data["dm_sequence"][1]["templates"][0] = "Send it on venmo and I'll unlock it, {fan_name}"


def _price_without_tier(data: dict[str, Any]) -> None:
    data["dm_sequence"][1]["templates"][0] = "Only {price} today, {fan_name}"


def _format_spec(data: dict[str, Any]) -> None:
    data["tone"]["example_greetings"][0] = "Hi {fan_name!r}"


def _kpi_wrong_unit(data: dict[str, Any]) -> None:
    data["kpis"][0]["unit"] = "cents"


def _kpi_unknown_key(data: dict[str, Any]) -> None:
    data["kpis"][0]["key"] = "likes"


def _bands_out_of_order(data: dict[str, Any]) -> None:
    bands = data["pricing"]["spend_bands"]
    bands[1], bands[2] = bands[2], bands[1]


def _subscription_below_platform_minimum(data: dict[str, Any]) -> None:
    data["pricing"]["subscription"]["min_cents"] = 299


@pytest.mark.parametrize(
    ("mutate", "field", "message"),
    [
        (_set_template, "dm_sequence.0.templates.0", "{fan_nmae} is not an allowed placeholder"),
        (_invert_ppv_range, "pricing.ppv_tiers.premium", "min_cents (4500) is above max_cents (2500)"),
        (_break_mix, "post_cadence.content_mix", "must sum to 100 (got 105)"),
        (_drop_day, "dm_sequence", "missing [3]"),
        (_duplicate_day, "dm_sequence", "days 0 to 6 once each, in order (got [0, 1, 2, 2, 4, 5, 6]"),
        (_unknown_field, "pricing.subscripton", "Extra inputs are not permitted"),
        (_recommended_above_max, "pricing.subscription", "recommended_cents (2999) must lie between"),
        (_off_platform_template, "dm_sequence.1.templates.0", "payment.app"),
        (_price_without_tier, "dm_sequence.1", "no ppv_tier"),
        (_format_spec, "tone.example_greetings.0", "must be a bare name"),
        (_kpi_wrong_unit, "kpis.0", "renew_on_rate is measured in percent, not cents"),
        (_kpi_unknown_key, "kpis.0.key", "Input should be"),
        (_bands_out_of_order, "pricing.spend_bands", "must be new, regular, big_spender, whale"),
        (_subscription_below_platform_minimum, "pricing.subscription", "the OnlyFans limits"),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_broken_preset_is_refused_naming_the_field(
    mutate: Callable[[dict[str, Any]], None], field: str, message: str
) -> None:
    data = _raw()
    mutate(data)

    with pytest.raises(ValidationError) as caught:
        Preset.model_validate(data)

    errors = {".".join(map(str, error["loc"])): error["msg"] for error in caught.value.errors()}
    assert field in errors, errors
    assert message in errors[field]


# --- Selectors ----------------------------------------------------------------------------------


def test_preset_get_refuses_an_unknown_slug_with_a_404_error() -> None:
    with pytest.raises(PresetNotFoundError) as caught:
        preset_get(slug="pirate")

    assert caught.value.code == "preset_not_found"
    assert caught.value.http_status == 404
    assert caught.value.extra["available"] == SLUGS


def test_preset_get_returns_the_same_object_every_time() -> None:
    assert preset_get(slug="feet") is preset_get(slug="feet")


def test_preset_resolve_merges_a_partial_override_and_keeps_the_rest() -> None:
    shipped = preset_get(slug="gfe")

    resolved = preset_resolve(
        slug="gfe",
        overrides={
            "pricing": {"subscription": {"recommended_cents": 1499}},
            "tone": {"emoji_level": "light"},
        },
    )

    assert resolved.pricing.subscription.recommended_cents == 1499
    assert resolved.pricing.subscription.max_cents == shipped.pricing.subscription.max_cents
    assert resolved.tone.emoji_level == "light"
    assert resolved.tone.voice == shipped.tone.voice
    assert resolved.dm_sequence == shipped.dm_sequence
    assert shipped.pricing.subscription.recommended_cents == 1299


def test_preset_resolve_replaces_lists_whole() -> None:
    resolved = preset_resolve(slug="feet", overrides={"compliance_notes": ["One.", "Two.", "Three."]})

    assert resolved.compliance_notes == ("One.", "Two.", "Three.")


def test_preset_resolve_without_overrides_returns_the_shipped_preset() -> None:
    assert preset_resolve(slug="alt", overrides={}) is preset_get(slug="alt")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pricing": {"subscription": {"recommended_cents": 5000}}}, "pricing.subscription"),
        ({"pricing": {"subscription": {"recomended_cents": 1499}}}, "pricing.subscription.recomended_cents"),
        (
            {"tone": {"example_greetings": ["Hi {fan_name}", "Add me on snapchat"]}},
            "tone.example_greetings.1",
        ),
        ({"post_cadence": {"posts_per_day": {"min": 4, "max": 1}}}, "post_cadence.posts_per_day"),
        ({"pricing": "cheap"}, "pricing"),
    ],
)
def test_preset_resolve_refuses_an_invalid_override_with_its_field_path(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(PresetOverrideInvalidError) as caught:
        preset_resolve(slug="gfe", overrides=overrides)

    assert caught.value.code == "preset_override_invalid"
    assert caught.value.http_status == 422
    assert field in [error["field"] for error in caught.value.extra["errors"]]
    assert field in caught.value.message


def test_preset_resolve_refuses_to_change_the_slug() -> None:
    with pytest.raises(PresetOverrideInvalidError) as caught:
        preset_resolve(slug="gfe", overrides={"slug": "feet"})

    assert caught.value.extra["errors"][0]["field"] == "slug"


def test_preset_resolve_refuses_overrides_that_are_not_an_object() -> None:
    with pytest.raises(PresetOverrideInvalidError):
        preset_resolve(slug="gfe", overrides=["pricing"])  # type: ignore[arg-type]


def test_preset_resolve_does_not_mutate_the_overrides() -> None:
    overrides = {"pricing": {"subscription": {"recommended_cents": 1499}}}
    before = copy.deepcopy(overrides)

    preset_resolve(slug="gfe", overrides=overrides)

    assert overrides == before


# --- Loading the data files ---------------------------------------------------------------------


def test_loader_refuses_a_file_not_named_after_its_slug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    for path in DATA_FILES:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "gfe.json").rename(tmp_path / "girlfriend.json")
    monkeypatch.setattr(selectors, "DATA_DIR", tmp_path)

    with pytest.raises(PresetDataError, match=r"girlfriend\.json holds the preset 'gfe'"):
        preset_list()


def test_loader_refuses_a_missing_niche(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    for path in DATA_FILES:
        if path.stem != "couple":
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(selectors, "DATA_DIR", tmp_path)

    with pytest.raises(PresetDataError) as caught:
        preset_get(slug="gfe")

    assert caught.value.extra["missing"] == ["couple"]


def test_loader_names_the_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    for path in DATA_FILES:
        shutil.copy(path, tmp_path / path.name)
    data = _raw("milf")
    data["dm_sequence"][0]["templates"][0] = "Hi {name}"
    (tmp_path / "milf.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(selectors, "DATA_DIR", tmp_path)

    with pytest.raises(PresetDataError, match=r"(?s)milf\.json.*dm_sequence\.0\.templates\.0"):
        preset_list()


# --- Templates ----------------------------------------------------------------------------------


def test_template_render_fills_every_placeholder_and_ignores_extra_context() -> None:
    rendered = template_render(
        template="Hi {fan_name}, it's {creator_name}. {{not a placeholder}}",
        context={**FULL_CONTEXT, "unused": "x"},
    )

    assert rendered == "Hi Alex, it's Luna. {not a placeholder}"


def test_template_render_names_a_missing_value() -> None:
    with pytest.raises(TemplateContextMissingError) as caught:
        template_render(template="{fan_name}, only {price}", context={"fan_name": "Alex"})

    assert caught.value.code == "template_context_missing"
    assert caught.value.extra["missing"] == ["price"]
    assert "{price}" in caught.value.message


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Hi {name}", "{name} is not an allowed placeholder"),
        ("Hi {}", "{} is not an allowed placeholder"),
        ("Hi {0}", "{0} is not an allowed placeholder"),
        ("Hi {fan_name.__class__}", "is not an allowed placeholder"),
        ("Only {price:>10}", "must be a bare name"),
        ("Hi {fan_name", "Broken braces"),
        ("Hi fan_name}", "Broken braces"),
    ],
)
def test_template_render_refuses_an_invalid_template(template: str, message: str) -> None:
    with pytest.raises(TemplateInvalidError) as caught:
        template_render(template=template, context=FULL_CONTEXT)

    assert caught.value.code == "template_invalid"
    assert message in caught.value.message

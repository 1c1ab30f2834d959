"""Money is integer cents end to end: parsing, storage, sums."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Sum

from huntaze.core.money import cents_to_dollars, dollars_to_cents
from huntaze.core.tests.factories import make_fan


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (9.99, 999),
        (0.29, 29),  # 0.29 * 100 == 28.999999999999996 in binary floats
        (1.005, 101),
        ("$12.50", 1250),
        ("$1,234.56", 123456),
        (20, 2000),
        (None, 0),
        ("", 0),
        (-4.99, -499),
    ],
)
def test_dollars_to_cents_is_exact(value, cents):
    assert dollars_to_cents(value) == cents


@pytest.mark.parametrize("value", ["twelve", "$", True, "1.2.3"])
def test_dollars_to_cents_rejects_non_amounts(value):
    with pytest.raises(ValueError, match="not an amount"):
        dollars_to_cents(value)


def test_cents_to_dollars_is_exact():
    assert cents_to_dollars(999) == Decimal("9.99")


def test_every_money_column_is_an_integer_field():
    money_fields = [
        (model.__name__, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("huntaze.")
        for field in model._meta.get_fields()
        if field.name.endswith("_cents")
    ]
    assert len(money_fields) >= 15
    for model_name, field_name in money_fields:
        field = apps.get_model(*_label(model_name))._meta.get_field(field_name)
        assert isinstance(field, models.BigIntegerField), (model_name, field_name)


def _label(model_name: str) -> tuple[str, str]:
    model = next(m for m in apps.get_models() if m.__name__ == model_name)
    return model._meta.app_label, model_name


def test_spend_sums_stay_exact_integers_through_the_database(account):
    # 1000 fans at $0.10 each: a float sum would drift; cents must give exactly $100.00.
    for _ in range(100):
        make_fan(account, spend_total_cents=dollars_to_cents(0.1), spend_tips_cents=dollars_to_cents(0.29))
    totals = account.fans.aggregate(total=Sum("spend_total_cents"), tips=Sum("spend_tips_cents"))
    assert totals == {"total": 1000, "tips": 2900}
    assert isinstance(totals["total"], int)

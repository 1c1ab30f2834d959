"""Dashboard input of saved replies: the reply form and the composer's search parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError
from huntaze.core.money import cents_to_dollars, dollars_to_cents
from huntaze.inbox.sending import PRICE_MAX_CENTS
from huntaze.replies.models import BODY_MAX_LENGTH, SHORTCUT_MAX_LENGTH, TITLE_MAX_LENGTH
from huntaze.replies.rendering import VARIABLES
from huntaze.replies.selectors import QUERY_MAX_LENGTH

SCOPE_ACCOUNT, SCOPE_TEAM = "account", "team"


class SavedReplyForm(forms.Form):
    """A reply's fields; ``scope`` only when creating (``scopes``: the choices this user has)."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    shortcut = forms.CharField(
        label=_("Shortcut"),
        max_length=SHORTCUT_MAX_LENGTH + 1,
        help_text=_("Type “/” and this at the start of the composer to find the reply."),
    )
    body = forms.CharField(
        label=_("Text"), max_length=BODY_MAX_LENGTH, strip=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    price = forms.DecimalField(
        label=_("Default price ($)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=cents_to_dollars(PRICE_MAX_CENTS),
        decimal_places=2,
        localize=True,
        help_text=_("Optional. Fills {price} and the composer's price; a price typed in the composer wins."),
    )
    scope = forms.ChoiceField(label=_("Used on"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, scopes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if scopes is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].choices = scopes
            self.fields["scope"].initial = scopes[0][0]

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments (without the scope)."""
        data = self.cleaned_data
        price = data["price"]
        return {
            "title": data["title"],
            "shortcut": data["shortcut"],
            "body": data["body"],
            "price_cents": dollars_to_cents(price) if price else None,
        }

    def add_service_error(self, error: HuntazeError) -> None:
        """Show a service's refusal on the field it names (the text for an unknown variable)."""
        field = error.extra.get("field")
        if "unknown" in error.extra:
            field = "body"
        self.add_error(field if field in self.fields else None, error.message)


class SearchForm(forms.Form):
    chat = forms.IntegerField(min_value=1)
    q = forms.CharField(required=False, max_length=QUERY_MAX_LENGTH, strip=False)
    price = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=cents_to_dollars(PRICE_MAX_CENTS),
        decimal_places=2,
        localize=True,
    )

    def price_cents(self) -> int | None:
        price = self.cleaned_data["price"]
        return dollars_to_cents(price) if price else None


def variables_help() -> list[tuple[str, str]]:
    """Each variable as it is typed, with what it becomes."""
    return [(f"{{{name}}}", str(text)) for name, text in VARIABLES.items()]

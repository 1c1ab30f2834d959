"""Dashboard tables: the one form base of a sortable, filterable, cursor-paginated list (GET).

The query string is the state (shareable links, the back button, working without JavaScript):
filters declared by the subclass, ``account``, ``sort``, ``dir`` and ``cursor``. A new sort or
filter starts again at the first page, because a cursor only means something in the list it
came from.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huntaze.core.pagination import CURSOR_MAX_LENGTH, Page

# Keys that place the list rather than narrow it.
STATE_KEYS = ("account", "sort", "dir", "cursor")


class SortableListForm(forms.Form):
    """Subclasses declare their filter fields, ``SORTS`` (key -> header label and the direction
    of a first click) and ``DEFAULT_SORT``."""

    SORTS: ClassVar[dict[str, tuple[str | Promise, str]]] = {}
    DEFAULT_SORT: ClassVar[str] = ""

    # Passed through so a shared ``?account=`` link stays on its account (``web.selection``
    # checks it) while the list is sorted and paged.
    account = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    dir = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("asc", _("Ascending")), ("desc", _("Descending"))]
    )
    cursor = forms.CharField(required=False, max_length=CURSOR_MAX_LENGTH)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [(key, label) for key, (label, _first) in self.SORTS.items()]

    def sort_key(self) -> str:
        return self.cleaned_data.get("sort") or self.DEFAULT_SORT

    def descending(self) -> bool:
        return (self.cleaned_data.get("dir") or self.SORTS[self.sort_key()][1]) == "desc"

    def is_filtered(self) -> bool:
        """Whether a filter narrows the list (an empty result then means "no match", not "no data")."""
        return any(
            self.cleaned_data.get(name) not in (None, "") for name in self.fields if name not in STATE_KEYS
        )

    def query(self, **changes: str | None) -> str:
        """This list's query string as submitted, with ``changes`` (``None`` drops a key)."""
        values = {name: self.data.get(name, "") for name in self.fields}
        if changes.keys() - {"cursor"}:
            values["cursor"] = None
        values.update(changes)
        query = QueryDict(mutable=True)
        for name, value in values.items():
            if value:
                query[name] = value
        return query.urlencode()

    def columns(self) -> dict[str, dict[str, Any]]:
        """Per sort key: header label, ``aria-sort`` if it is the current sort, and the query
        string its header links to (the other direction if current, else its first one)."""
        current, descending = self.sort_key(), self.descending()
        columns = {}
        for key, (label, first) in self.SORTS.items():
            active = key == current
            direction = ("asc" if descending else "desc") if active else first
            columns[key] = {
                "key": key,
                "label": label,
                "aria_sort": ("descending" if descending else "ascending") if active else None,
                "query": self.query(sort=key, dir=direction),
            }
        return columns

    def pager(self, page: Page[Any]) -> dict[str, Any]:
        """Query strings of the first page (also the export's: every page) and of the next one
        (``None`` at the end), and whether this is a later page."""
        return {
            "first": self.query(cursor=None),
            "next": self.query(cursor=page.next_cursor) if page.next_cursor else None,
            "later": bool(self.cleaned_data.get("cursor")),
        }

"""Dashboard input of the content page: the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.content.models import ContentKind
from huntaze.web.lists import SortableListForm

# What the sync stores in ``Content.media_type`` (``sync.mapping``): one kind, or "mixed".
MEDIA_TYPES = [
    ("photo", _("Photo")),
    ("video", _("Video")),
    ("gif", _("GIF")),
    ("audio", _("Audio")),
    ("mixed", _("Mixed")),
]


class ContentFilterForm(SortableListForm):
    """The content list's GET parameters; an empty form is every item, newest first."""

    SORTS = {
        "date": (_("Published"), "desc"),
        "likes": (_("Likes"), "desc"),
        "tips": (_("Tips"), "desc"),
        "purchases": (_("Purchases"), "desc"),
    }
    DEFAULT_SORT = "date"

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *ContentKind.choices])
    media_type = forms.ChoiceField(
        label=_("Media type"), required=False, choices=[("", _("Any")), *MEDIA_TYPES]
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``content_page`` (all but the user, account and page)."""
        data = self.cleaned_data
        return {
            "sort": self.sort_key(),
            "descending": self.descending(),
            "kind": data.get("kind") or None,
            "media_type": data.get("media_type") or None,
        }

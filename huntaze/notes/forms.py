"""Dashboard input of team notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huntaze.notes.models import BODY_MAX_LENGTH
from huntaze.notes.services import NOTE_ON_CHAT, NOTE_ON_FAN


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Team note"),
        max_length=BODY_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = forms.ChoiceField(
        label=_("About"),
        choices=[(NOTE_ON_FAN, _("The fan")), (NOTE_ON_CHAT, _("This chat"))],
        initial=NOTE_ON_FAN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "team-note-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

"""Forms of the settings pages: they parse and label input; the services decide and check roles."""

from __future__ import annotations

import functools
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.choices import AssignmentMode, AttributionModel, Role
from huntaze.accounts.models import OnlyFansAccount
from huntaze.api.models import NAME_MAX_LENGTH
from huntaze.core.exceptions import HuntazeError
from huntaze.inbox.suggestions.context import DEFAULT_PRESET
from huntaze.onlyfans.exceptions import OnlyFansError
from huntaze.onlyfans.session import cookie_string_parse
from huntaze.presets.choices import PresetSlug

COOKIE_MAX_LENGTH = 8000  # a whole pasted Cookie header; the sess value alone is far shorter
SESSION_VALUE_MAX_LENGTH = 1000

_UNREACHABLE = _(
    "Huntaze could not reach OnlyFans just now (network down, or OnlyFans busy or blocking). "
    "Nothing was saved: try again in a few minutes."
)
# What a creator should do about each connector error; codes not listed show the error's own text.
CONNECT_ERROR_HELP = {
    "onlyfans_session_expired": _(
        "OnlyFans did not accept this session: it has expired, or the values come from different "
        "logins. Log in to onlyfans.com again in the same browser and copy all four values afresh."
    ),
    "onlyfans_verification_required": _(
        "OnlyFans asks for a two-factor or security check. Complete it on onlyfans.com in your "
        "browser, then copy the values again and retry."
    ),
    "onlyfans_not_a_creator": _(
        "This session is a fan account's. Log in to onlyfans.com with the creator account instead."
    ),
    "onlyfans_session_invalid": _(
        "The session values are incomplete: copy the whole sess cookie, auth_id, x-bc and user agent."
    ),
    "onlyfans_transport": _UNREACHABLE,
    "onlyfans_circuit_open": _UNREACHABLE,
    "onlyfans_server_error": _UNREACHABLE,
    "onlyfans_forbidden": _UNREACHABLE,
    "onlyfans_rate_limited": _UNREACHABLE,
    "onlyfans_rules_unavailable": _UNREACHABLE,
    "onlyfans_rules_invalid": _UNREACHABLE,
}


def form_error_add(form: forms.Form, exc: HuntazeError) -> None:
    """Show a service's error on the field it names (``extra["field"]``), else on the whole form."""
    field = exc.extra.get("field")
    message = CONNECT_ERROR_HELP.get(exc.code, exc.message) if isinstance(exc, OnlyFansError) else exc.message
    form.add_error(field if field in form.fields else None, message)


@functools.cache
def timezone_names() -> list[str]:
    """IANA zone names to suggest, once per process (reading the zone database walks many files)."""
    return sorted(name for name in available_timezones() if "/" in name or name == "UTC")


class TeamForm(forms.Form):
    """A team-level action names its team explicitly: a stale tab cannot act on another one."""

    team = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SessionForm(forms.Form):
    """The session material of the creator's logged-in browser. Secrets are never rendered back."""

    sess = forms.CharField(
        label=_("Cookie “sess” (or the whole Cookie header)"),
        max_length=COOKIE_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "On onlyfans.com, logged in as the creator: open the developer tools (F12, or right-click > "
            "Inspect), tab Application (Chrome, Edge) or Storage (Firefox) > Cookies > "
            "https://onlyfans.com, and copy the value of “sess”. Pasting the whole Cookie header of a "
            "request (tab Network) works too, and fills auth_id for you."
        ),
    )
    auth_id = forms.RegexField(
        label=_("Cookie “auth_id”"),
        regex=r"^\d{1,20}$",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"invalid": _("auth_id is a number: digits only.")},
        help_text=_("In the same cookie list: the value of “auth_id”, digits only (your account id)."),
    )
    x_bc = forms.CharField(
        label=_("Header “x-bc”"),
        max_length=SESSION_VALUE_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Developer tools > tab Network, reload the page, click any request to onlyfans.com/api2/… "
            "and copy the value of the request header “x-bc”."
        ),
    )
    user_agent = forms.CharField(
        label=_("User agent"),
        max_length=SESSION_VALUE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The same request's “User-Agent” header. It must be the browser you are logged in with: "
            "OnlyFans ends the session if it changes. If that is this browser, use the button."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        sess = data.get("sess", "")
        if "=" in sess:  # a whole Cookie header: take sess and auth_id from it
            try:
                cookies = cookie_string_parse(sess)
            except OnlyFansError:
                cookies = {}
            if not cookies.get("sess"):
                self.add_error("sess", _("This Cookie header has no “sess” cookie."))
            data["sess"] = cookies.get("sess", "")
            data["auth_id"] = data.get("auth_id") or cookies.get("auth_id", "")
        if "sess" in data and not data.get("auth_id") and "auth_id" not in self.errors:
            self.add_error("auth_id", _("auth_id is required (or paste the whole Cookie header above)."))
        if len(data.get("sess", "")) > SESSION_VALUE_MAX_LENGTH:
            self.add_error("sess", _("This is too long for a sess cookie."))
        return data

    def session(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("sess", "auth_id", "x_bc", "user_agent")}


class ConnectForm(SessionForm, TeamForm):
    """Connecting a new account: the session material and the team it joins."""


class PreferencesForm(forms.Form):
    """Per account: the niche preset, the creator's time zone and the suggestion engine."""

    preset_slug = forms.ChoiceField(label=_("Niche preset"), required=False)
    # A text input with one shared list of suggestions: a <select> of ~600 zones per account is heavy.
    timezone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"list": "timezone-names", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_("Where the creator lives, e.g. Europe/Paris: analytics and posting times use it."),
    )
    suggestion_engine = forms.ChoiceField(label=_("Suggestion engine"), required=False)

    def __init__(self, *args: Any, account: OnlyFansAccount, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "preset_slug": account.preset_slug,
                "timezone": account.timezone,
                "suggestion_engine": account.suggestion_engine,
            },
        )
        kwargs.setdefault("prefix", f"account-{account.pk}")
        super().__init__(*args, **kwargs)
        default_name = PresetSlug(DEFAULT_PRESET).label
        self.fields["preset_slug"].choices = [
            ("", _("Not chosen (default: %(name)s)") % {"name": default_name}),
            *PresetSlug.choices,
        ]
        engine_field = OnlyFansAccount._meta.get_field("suggestion_engine")
        self.fields["suggestion_engine"].choices = [
            ("", _("Server default (%(engine)s)") % {"engine": settings.HUNTAZE_SUGGESTION_ENGINE}),
            *engine_field.choices,
        ]


class DisconnectForm(forms.Form):
    synced_data = forms.ChoiceField(
        label=_("What happens to the data already synced"),
        choices=[
            ("keep", _("Keep it (fans, chats, earnings stay readable; reconnect any time)")),
            ("delete", _("Delete the account and everything synced or written for it")),
        ],
        widget=forms.RadioSelect,
    )


class MemberForm(TeamForm):
    """Add an existing login to the team, or create one (with a temporary password)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CHATTER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AssignForm(forms.Form):
    """The accounts a chatter works on, among the team's (loaded once for every member's row)."""

    accounts = forms.MultipleChoiceField(
        label=_("Accounts this chatter works on"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, accounts: list[OnlyFansAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._accounts = {str(a.pk): a for a in accounts}
        self.fields["accounts"].choices = [(key, f"@{a.username}") for key, a in self._accounts.items()]

    def chosen(self) -> list[OnlyFansAccount]:
        return [self._accounts[key] for key in self.cleaned_data["accounts"]]


class TeamWorkflowForm(TeamForm):
    """How the team's chat work runs (owners): assignment, capacity, response targets, attribution."""

    assignment_mode = forms.ChoiceField(
        label=_("Chat assignment"),
        choices=AssignmentMode.choices,
        help_text=_(
            "Round-robin and by capacity give waiting chats to the chatters on shift after each sync."
        ),
    )
    max_open_chats = forms.IntegerField(
        label=_("Open chats per chatter"),
        min_value=1,
        max_value=1000,
        help_text=_("By capacity: nobody gets more chats waiting for a reply than this."),
    )
    first_response_target_minutes = forms.IntegerField(
        label=_("First response target (minutes)"), min_value=1, max_value=10_080
    )
    next_response_target_minutes = forms.IntegerField(
        label=_("Next response target (minutes)"), min_value=1, max_value=10_080
    )
    attribution_model = forms.ChoiceField(label=_("Sales attribution"), choices=AttributionModel.choices)

    def workflow(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "team"}


class TokenForm(TeamForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the script is for, e.g. “nightly export”."),
    )

"""Forms of the login and account security pages. They only parse; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 32  # a recovery code with separators; a TOTP code is 6 digits


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=254)
    password = forms.CharField(label=_("Password"), strip=False, max_length=4096, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX_LENGTH,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DisableForm(PasswordConfirmForm, CodeForm):
    """Turning 2FA off takes both secrets: a stolen session alone cannot do it."""

    field_order = ["password", "code"]


class TeamPolicyForm(forms.Form):
    require_2fa = forms.BooleanField(label=_("Require two-factor authentication"), required=False)

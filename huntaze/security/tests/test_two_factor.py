"""TOTP enrolment, verification (drift, replay), recovery codes, disabling: services and pages."""

from __future__ import annotations

import io
import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.security.exceptions import InvalidCodeError, InvalidCredentialsError, TwoFactorStateError
from huntaze.security.models import RecoveryCode, UserSecurity
from huntaze.security.selectors import totp_enrolment_get, two_factor_enabled
from huntaze.security.services import (
    recovery_codes_regenerate,
    totp_disable,
    totp_enrol_confirm,
    totp_enrol_start,
    two_factor_verify,
)
from huntaze.security.tests.conftest import PASSWORD, code_at, enable_2fa


@pytest.fixture
def request_():
    return RequestFactory().post("/", REMOTE_ADDR="192.0.2.10")


def test_enrolment_is_inactive_until_a_code_confirms_it(owner, team):
    totp_enrol_start(user=owner)
    enrolment = totp_enrolment_get(user=owner)
    assert len(enrolment.secret) == 32
    assert enrolment.qr_data_uri.startswith("data:image/svg+xml")
    assert not two_factor_enabled(owner)

    codes = totp_enrol_confirm(user=owner, code=code_at(enrolment.secret))

    assert two_factor_enabled(owner)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert totp_enrolment_get(user=owner) is None  # the secret is never shown again
    assert list(AuditEvent.objects.filter(action="two_factor.enable").values_list("team_id", flat=True)) == [
        team.pk
    ]


def test_the_secret_and_recovery_codes_are_not_stored_in_plain(owner):
    secret, codes = enable_2fa(owner)
    row = UserSecurity.objects.get(user=owner)
    assert secret.encode() not in bytes(row.totp_ciphertext)
    hashes = set(RecoveryCode.objects.filter(user=owner).values_list("code_hash", flat=True))
    assert len(hashes) == 10
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in hashes)


def test_a_wrong_code_does_not_enable(owner):
    totp_enrol_start(user=owner)
    secret = totp_enrolment_get(user=owner).secret
    wrong = "000000" if code_at(secret) != "000000" else "111111"
    with pytest.raises(InvalidCodeError):
        totp_enrol_confirm(user=owner, code=wrong)
    assert not two_factor_enabled(owner)
    assert not RecoveryCode.objects.filter(user=owner).exists()


def test_confirming_without_starting_or_twice_is_refused(owner):
    with pytest.raises(TwoFactorStateError):
        totp_enrol_confirm(user=owner, code="123456")
    enable_2fa(owner)
    with pytest.raises(TwoFactorStateError):
        totp_enrol_start(user=owner)


def test_a_code_is_accepted_once_only(owner):
    secret, _ = enable_2fa(owner)
    code = code_at(secret)
    assert two_factor_verify(user=owner, code=code) == "totp"
    with pytest.raises(InvalidCodeError):
        two_factor_verify(user=owner, code=code)


def test_an_older_step_is_refused_after_a_newer_one_was_used(owner):
    secret, _ = enable_2fa(owner)
    assert two_factor_verify(user=owner, code=code_at(secret, +1)) == "totp"
    with pytest.raises(InvalidCodeError):
        two_factor_verify(user=owner, code=code_at(secret))  # within the drift, but before the used step


@pytest.mark.parametrize("steps", [-1, +1])
def test_one_step_of_clock_drift_is_tolerated(owner, clock, steps):
    secret, _ = enable_2fa(owner)
    clock.advance(seconds=120)  # past the step used to confirm
    assert two_factor_verify(user=owner, code=code_at(secret, steps)) == "totp"


@pytest.mark.parametrize("steps", [-2, +2])
def test_two_steps_of_drift_are_refused(owner, clock, steps):
    secret, _ = enable_2fa(owner)
    clock.advance(seconds=120)
    with pytest.raises(InvalidCodeError):
        two_factor_verify(user=owner, code=code_at(secret, steps))


def test_a_recovery_code_works_once_and_is_audited(owner, team):
    _, codes = enable_2fa(owner)
    assert two_factor_verify(user=owner, code=codes[0].upper().replace("-", " ")) == "recovery_code"
    with pytest.raises(InvalidCodeError):
        two_factor_verify(user=owner, code=codes[0])
    assert two_factor_verify(user=owner, code=codes[1]) == "recovery_code"
    events = AuditEvent.objects.filter(action="two_factor.recovery_code_use").order_by("id")
    assert [event.after["left"] for event in events] == [9, 8]
    assert {event.team_id for event in events} == {team.pk}


def test_disabling_needs_the_password_and_a_current_code(owner, request_):
    secret, codes = enable_2fa(owner)
    with pytest.raises(InvalidCredentialsError):
        totp_disable(request=request_, user=owner, password="wrong-password", code=code_at(secret))
    with pytest.raises(InvalidCodeError):
        totp_disable(request=request_, user=owner, password=PASSWORD, code="000000x")
    assert two_factor_enabled(owner)

    totp_disable(request=request_, user=owner, password=PASSWORD, code=code_at(secret))

    assert not two_factor_enabled(owner)
    assert not RecoveryCode.objects.filter(user=owner).exists()
    assert UserSecurity.objects.get(user=owner).totp_ciphertext is None
    assert AuditEvent.objects.filter(action="two_factor.disable", actor_id=owner.pk).count() == 1
    with pytest.raises(TwoFactorStateError):
        totp_disable(request=request_, user=owner, password=PASSWORD, code=codes[0])


def test_regenerating_recovery_codes_voids_the_old_ones(owner, request_):
    _, old = enable_2fa(owner)
    with pytest.raises(InvalidCredentialsError):
        recovery_codes_regenerate(request=request_, user=owner, password="nope-nope-nope")
    new = recovery_codes_regenerate(request=request_, user=owner, password=PASSWORD)
    assert set(new).isdisjoint(old)
    with pytest.raises(InvalidCodeError):
        two_factor_verify(user=owner, code=old[0])
    assert two_factor_verify(user=owner, code=new[0]) == "recovery_code"
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_regenerate").count() == 1


# -- the pages ------------------------------------------------------------------------------------


def test_enrolment_pages_show_a_local_qr_code_then_the_recovery_codes_once(client, owner):
    client.force_login(owner)
    intro = client.get(reverse("security:totp_enrol"))
    assert "Enable two-factor authentication" in intro.content.decode()

    assert client.post(reverse("security:totp_start"))["Location"] == reverse("security:totp_enrol")
    page = client.get(reverse("security:totp_enrol"))
    html = page.content.decode()
    secret = totp_enrolment_get(user=owner).secret
    assert 'src="data:image/svg+xml' in html
    assert f'<code id="totp-secret" class="secret">{secret}</code>' in html
    assert "no-store" in page["Cache-Control"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)

    wrong = client.post(reverse("security:totp_enrol"), {"code": "12345x"})
    assert wrong.status_code == 422
    assert 'role="alert"' in wrong.content.decode()
    assert not two_factor_enabled(owner)

    done = client.post(reverse("security:totp_enrol"), {"code": code_at(secret)})
    assert done.status_code == 200
    codes = RecoveryCode.objects.filter(user=owner)
    assert codes.count() == 10
    assert 'id="recovery-codes"' in done.content.decode()
    assert "no-store" in done["Cache-Control"]
    # Afterwards the set-up page only sends back to the overview: nothing shows the codes again.
    assert client.get(reverse("security:totp_enrol"))["Location"] == reverse("security:index")


def test_disable_page_refuses_a_wrong_code_and_keeps_2fa(client, owner):
    secret, _ = enable_2fa(owner)
    client.force_login(owner)
    response = client.post(reverse("security:totp_disable"), {"password": PASSWORD, "code": "999999"})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert two_factor_enabled(owner)
    response = client.post(reverse("security:totp_disable"), {"password": PASSWORD, "code": code_at(secret)})
    assert response["Location"] == reverse("security:index")
    assert not two_factor_enabled(owner)


def test_recovery_codes_page_shows_new_codes_after_the_password(client, owner):
    enable_2fa(owner)
    client.force_login(owner)
    assert client.post(reverse("security:recovery_codes"), {"password": "bad"}).status_code == 422
    response = client.post(reverse("security:recovery_codes"), {"password": PASSWORD})
    assert response.status_code == 200
    assert response.content.decode().count("<li><code>") == 10


def test_key_rotation_re_encrypts_the_2fa_secrets(owner, settings):
    secret, _ = enable_2fa(owner)
    new_key = Fernet.generate_key().decode()
    settings.FERNET_KEYS = [new_key, *settings.FERNET_KEYS]
    out = io.StringIO()
    call_command("rotate_secrets", stdout=out)
    assert "Re-encrypted 1 2FA secret" in out.getvalue()
    settings.FERNET_KEYS = [new_key]  # the old key is gone: the secret still opens
    assert two_factor_verify(user=owner, code=code_at(secret)) == "totp"


def test_an_operator_can_reset_a_users_2fa(owner, team):
    enable_2fa(owner)
    out = io.StringIO()
    call_command("two_factor_reset", "owner", stdout=out)
    assert "off for owner" in out.getvalue()
    assert not two_factor_enabled(owner)
    assert not RecoveryCode.objects.filter(user=owner).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor_label, event.team_id) == ("system:cli", team.pk)
    with pytest.raises(CommandError):
        call_command("two_factor_reset", "nobody")

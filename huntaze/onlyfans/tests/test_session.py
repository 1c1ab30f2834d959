from __future__ import annotations

import pytest

from huntaze.onlyfans import OnlyFansSession, SessionInvalidError
from huntaze.onlyfans.tests.conftest import SESS, USER_AGENT, X_BC, make_session


def test_session_repr_hides_the_secrets():
    session = make_session()
    for text in (repr(session), str(session), f"{session}"):
        assert SESS not in text
        assert X_BC not in text
        assert "412345678" in text


def test_session_parses_a_pasted_cookie_header():
    session = OnlyFansSession.from_cookie_string(
        f"Cookie: fp=abc; sess={SESS}; auth_id=412345678; auth_uid_412345678=2fa; st=x=y",
        x_bc=X_BC,
        user_agent=USER_AGENT,
    )
    assert (session.sess, session.auth_id) == (SESS, 412345678)
    assert session.extra_cookies == (("fp", "abc"), ("auth_uid_412345678", "2fa"), ("st", "x=y"))
    assert session.cookie_pairs()[:2] == [("sess", SESS), ("auth_id", "412345678")]


def test_session_parse_names_the_missing_cookie():
    with pytest.raises(SessionInvalidError) as info:
        OnlyFansSession.from_cookie_string("auth_id=1; fp=2", x_bc=X_BC, user_agent=USER_AGENT)
    assert "'sess'" in info.value.message
    assert info.value.extra == {"missing": ["sess"]}


def test_session_parse_rejects_a_non_numeric_auth_id():
    with pytest.raises(SessionInvalidError, match="auth_id"):
        OnlyFansSession.from_cookie_string("sess=a; auth_id=luna", x_bc=X_BC, user_agent=USER_AGENT)


def test_session_parse_rejects_a_truncated_paste():
    with pytest.raises(SessionInvalidError, match="name=value"):
        OnlyFansSession.from_cookie_string("sess=a; auth_id=1; garbage", x_bc=X_BC, user_agent=USER_AGENT)


def test_session_requires_x_bc_and_user_agent():
    with pytest.raises(SessionInvalidError) as info:
        OnlyFansSession(sess="s", auth_id=1, x_bc="", user_agent=" ")
    assert info.value.extra == {"missing": ["x_bc", "user_agent"]}

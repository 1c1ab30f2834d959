"""The authentication backend: Django's ``ModelBackend`` plus what the session check needs."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from huntaze.security.selectors import user_with_security_state


class SecurityStateBackend(ModelBackend):
    """Loads the session's user with their 2FA row and team 2FA requirement in the same query,
    so ``SessionSecurityMiddleware`` checks every request without another database round trip."""

    def get_user(self, user_id: object) -> AbstractBaseUser | None:
        user = user_with_security_state(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

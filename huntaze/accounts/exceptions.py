"""Errors of the accounts domain (teams, roles, connected accounts, secrets)."""

from huntaze.core.exceptions import HuntazeError


class SecretKeyConfigError(HuntazeError):
    code = "secret_key_config"
    http_status = 500
    default_message = "The encryption keys are not configured correctly."


class SecretDecryptError(HuntazeError):
    code = "secret_decrypt_failed"
    http_status = 500
    default_message = (
        "The stored OnlyFans session cannot be decrypted with the configured keys "
        "(HUNTAZE_FERNET_KEYS changed?). Restore the old key or reconnect the account."
    )


class SessionMissingError(HuntazeError):
    code = "session_missing"
    http_status = 409
    default_message = "This account has no OnlyFans session stored: connect it first."

"""Errors of the sync domain."""

from huntaze.core.exceptions import HuntazeError


class SyncNotAllowedError(HuntazeError):
    code = "sync_not_allowed"
    http_status = 409
    default_message = "This account cannot be synced now (it needs re-authentication or is disconnected)."


class SyncBusyError(HuntazeError):
    """Another worker holds the account's sync lease; the job retries later."""

    code = "sync_busy"
    http_status = 409
    default_message = "A sync of this account is already running."


class SyncLeaseLostError(HuntazeError):
    code = "sync_lease_lost"
    http_status = 409
    default_message = "The sync lost its lease (it ran too long without renewing); it stopped writing."

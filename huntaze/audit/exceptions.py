from huntaze.core.exceptions import HuntazeError


class AuditImmutableError(HuntazeError):
    code = "audit_immutable"
    http_status = 409
    default_message = "Audit events are append-only: they cannot be changed or deleted."

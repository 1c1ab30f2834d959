"""The compliance guard: every reply suggestion and outgoing text passes these rules.

``compliance_check`` reports the hits; ``compliance_enforce`` raises
``ComplianceBlockedError`` (never overridable) or ``ComplianceOverrideRequiredError``
(warn hits without a reason). The rules are data in ``rules.RULES``.
"""

from huntaze.inbox.compliance.engine import (
    ComplianceHit,
    ComplianceResult,
    compliance_check,
    compliance_enforce,
)
from huntaze.inbox.compliance.rules import RULES, ComplianceRule

__all__ = [
    "RULES",
    "ComplianceHit",
    "ComplianceResult",
    "ComplianceRule",
    "compliance_check",
    "compliance_enforce",
]

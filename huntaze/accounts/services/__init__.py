"""Writes of the accounts domain: teams and members (``teams``), connected OnlyFans accounts and
their secrets (``connections``). Import from here; the split only keeps each module short."""

from huntaze.accounts.services.connections import (
    CONNECT_ROLES,
    SESSION_FIELDS,
    account_connect,
    account_create,
    account_disconnect,
    account_preferences_set,
    account_session_get,
    account_session_set,
    account_status_set,
    secrets_rotate,
)
from huntaze.accounts.services.teams import (
    DEMO_TEAM_NAME,
    DEMO_USERNAME,
    demo_team_ensure,
    membership_accounts_assign,
    membership_add,
    membership_remove,
    membership_set,
    membership_user_create,
    team_create,
    team_workflow_set,
    user_create,
)

__all__ = [
    "CONNECT_ROLES",
    "DEMO_TEAM_NAME",
    "DEMO_USERNAME",
    "SESSION_FIELDS",
    "account_connect",
    "account_create",
    "account_disconnect",
    "account_preferences_set",
    "account_session_get",
    "account_session_set",
    "account_status_set",
    "demo_team_ensure",
    "membership_accounts_assign",
    "membership_add",
    "membership_remove",
    "membership_set",
    "membership_user_create",
    "secrets_rotate",
    "team_create",
    "team_workflow_set",
    "user_create",
]

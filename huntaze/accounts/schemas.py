from datetime import datetime

from ninja import Field, Schema
from pydantic import StrictBool

from huntaze.api.schemas import Id, storable_str


class AccountOut(Schema):
    """A connected account as the API shows it: never any session material."""

    id: int
    team_id: int
    onlyfans_user_id: int
    username: str
    display_name: str
    avatar_url: str
    status: str
    timezone: str
    preset_slug: str
    last_sync_at: datetime | None
    has_session: bool
    manual_data: bool


class SessionIn(Schema):
    """What the creator copies from their logged-in browser (see docs/connector.md)."""

    sess: storable_str(1000, min_length=1)
    auth_id: storable_str(40, min_length=1)
    x_bc: storable_str(1000, min_length=1)
    user_agent: storable_str(1000, min_length=1)


class AccountConnectIn(Schema):
    team_id: Id
    session: SessionIn


class AccountDisconnectIn(Schema):
    account_id: Id
    delete_data: StrictBool = Field(False, description="Also delete everything synced for the account.")


class AccountDisconnectOut(Schema):
    account_id: int
    status: str
    data_deleted: bool

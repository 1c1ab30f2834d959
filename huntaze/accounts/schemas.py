from datetime import datetime

from ninja import Schema


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

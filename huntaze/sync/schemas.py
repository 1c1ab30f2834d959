from ninja import Schema


class SyncRequestIn(Schema):
    account_id: int


class SyncRunOut(Schema):
    run_id: int
    account_id: int
    streams: list[str]
    status: str

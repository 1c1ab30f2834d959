"""Group commit of page writes: pages queued together share a transaction, a failing one fails alone."""

from __future__ import annotations

import asyncio

import pytest

from huntaze.fans.models import Tag
from huntaze.sync.context import SyncContext
from huntaze.sync.dbthread import DatabaseThread
from huntaze.sync.models import Stream, SyncRun, SyncState
from huntaze.sync.services import sync_run_create
from huntaze.sync.state import sync_states_ensure

pytestmark = pytest.mark.django_db(transaction=True)


class PageBroke(Exception):
    pass


def tag_page(account_id: int, name: str, *, fail: bool = False):
    def write() -> int:
        Tag.objects.create(account_id=account_id, name=name)
        if fail:
            raise PageBroke(name)
        return 1

    return write


async def test_pages_written_together_commit_together_and_a_failing_page_fails_alone(account):
    run = await asyncio.to_thread(sync_run_create, account=account, trigger="manual")
    await asyncio.to_thread(sync_states_ensure, account_id=account.pk, streams=[Stream.FANS])
    with DatabaseThread() as db:
        ctx = SyncContext(
            account_id=account.pk, me_id=1, run_id=run.pk, client=None, db=db, lease_holder="test"
        )
        outcomes = await asyncio.gather(
            ctx.write(Stream.FANS, tag_page(account.pk, "one"), cursor={"page": 1}),
            ctx.write(Stream.FANS, tag_page(account.pk, "two", fail=True), cursor={"page": 2}),
            ctx.write(Stream.FANS, tag_page(account.pk, "three"), cursor={"page": 3}),
            return_exceptions=True,
        )
        await ctx.progress_save()

    assert outcomes[0] == outcomes[2] == 1
    assert isinstance(outcomes[1], PageBroke)

    def stored():
        names = set(Tag.objects.filter(account=account).values_list("name", flat=True))
        cursor = SyncState.objects.get(account=account, stream=Stream.FANS).cursor
        return names, cursor, SyncRun.objects.get(pk=run.pk).progress

    names, cursor, progress = await asyncio.to_thread(stored)
    assert names == {"one", "three"}  # the failed page's rows were rolled back
    assert cursor == {"page": 3}
    assert progress == {Stream.FANS: {"pages": 2, "rows": 2}}

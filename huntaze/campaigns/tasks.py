"""Huey jobs of campaigns, scheduled messages and sequences.

They send only what a human already approved (``outbound_send`` re-checks each approval before
any network use) and draft sequence steps; none of them can approve anything.
"""

from __future__ import annotations

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task
from huey.exceptions import TaskLockedException

from huntaze.campaigns.selectors import campaigns_running
from huntaze.campaigns.services import campaign_send, outbounds_send, sequences_tick
from huntaze.inbox.sending import outbound_send_due


@db_periodic_task(crontab(minute="*"))
def scheduled_send_due_task() -> None:
    """Send the scheduled messages whose time has come (two workers never send one twice)."""
    outbound_send_due()


@db_task()
def campaign_send_task(campaign_id: int) -> None:
    try:
        with lock_task(f"campaign-send-{campaign_id}"):
            campaign_send(campaign_id=campaign_id)
    except TaskLockedException:
        pass  # another worker is sending it


def campaign_send_enqueue(*, campaign_id: int) -> None:
    """Start sending an approved campaign once the approval's transaction commits."""
    transaction.on_commit(lambda: campaign_send_task(campaign_id))


@db_periodic_task(crontab(minute="*/5"))
def campaigns_resume_task() -> None:
    """Pick up approved campaigns whose worker stopped mid-way (each message is claimed once)."""
    for campaign_id in campaigns_running():
        campaign_send_task(campaign_id)


@db_task()
def outbounds_send_task(outbound_ids: list[int]) -> None:
    outbounds_send(outbound_ids=outbound_ids)


def outbounds_send_enqueue(*, outbound_ids: list[int]) -> None:
    """Send freshly approved sequence drafts once the approval's transaction commits."""
    if outbound_ids:
        transaction.on_commit(lambda: outbounds_send_task(outbound_ids))


@db_periodic_task(crontab(minute="*/5"))
def sequences_tick_task() -> None:
    """Draft the sequence steps that came due (drafts only: a human approves them)."""
    sequences_tick()

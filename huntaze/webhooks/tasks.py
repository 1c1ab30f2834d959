"""Huey jobs of webhooks: one attempt of a delivery, and the sweeper that catches what fell through.

Each delivery's first attempt is queued when it is created, each retry is scheduled for its time
when the failure is recorded; the sweeper (every minute) records attempts whose worker died and
re-queues deliveries whose own job was lost. Two jobs for one delivery are harmless: only one
claims it.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from huntaze.webhooks.delivery import (
    webhook_deliveries_overdue,
    webhook_deliveries_recover,
    webhook_delivery_send,
)


@db_task()
def webhook_delivery_send_task(delivery_id: int) -> None:
    """One attempt of a delivery, if it is due (retries are the delivery's own schedule, not Huey's)."""
    webhook_delivery_send(delivery_id=delivery_id)


@db_periodic_task(crontab(minute="*"))
def webhook_deliveries_sweep_task() -> None:
    webhook_deliveries_recover()
    for delivery_id in webhook_deliveries_overdue():
        webhook_delivery_send_task(delivery_id)

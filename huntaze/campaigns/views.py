"""Pages of campaigns, scheduled messages and sequences (``/onlyfans/campaigns/``).

Thin views over ``campaigns.selectors``/``services`` and the approval gate. Every approve button
submits ``approved=true`` in the human's own request: that is the approval ``inbox.sending``
records. Forms work without JavaScript; the campaign page polls its progress with HTMX.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.access import FULL_ACCESS_ROLES, role_in_team
from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.window import account_tz
from huntaze.campaigns.choices import CampaignStatus, SequenceKind
from huntaze.campaigns.exceptions import RecipientsChangedError
from huntaze.campaigns.forms import (
    LOCAL_FORMAT,
    ApproveForm,
    CampaignForm,
    DraftsForm,
    ScheduleEditForm,
    SequenceForm,
    local_time,
    parsed,
    price_cents,
)
from huntaze.campaigns.selectors import (
    campaign_get,
    campaign_list,
    campaign_progress,
    campaign_recipient_page,
    campaign_review,
    draft_queue,
    scheduled_list,
    sequence_list,
)
from huntaze.campaigns.services import (
    campaign_cancel,
    campaign_create,
    sequence_drafts_dismiss,
    sequence_save,
)
from huntaze.campaigns.tasks import campaign_send_enqueue, outbounds_send_enqueue
from huntaze.content.models import ContentKind
from huntaze.content.selectors import content_page
from huntaze.core.exceptions import NotFoundError
from huntaze.inbox.choices import OutboundStatus
from huntaze.inbox.exceptions import ComplianceOverrideRequiredError
from huntaze.inbox.selectors import outbound_get
from huntaze.inbox.sending import campaign_approve, outbound_cancel, outbound_edit, sequence_drafts_approve
from huntaze.segments.selectors import ppv_items, segment_list
from huntaze.web.selection import selected_account

VAULT_LIMIT = 50
RESULTS_LIMIT = 50
CANCELLABLE = (CampaignStatus.DRAFT, CampaignStatus.APPROVED, CampaignStatus.SENDING)


def _account(request: HttpRequest) -> OnlyFansAccount:
    account = selected_account(request)
    if account is None:
        raise NotFoundError()
    return account


def _can_manage(request: HttpRequest, account: OnlyFansAccount) -> bool:
    return role_in_team(request.user, account.team_id) in FULL_ACCESS_ROLES


def _campaign_choices(request: HttpRequest, account: OnlyFansAccount) -> dict[str, Any]:
    vault = content_page(
        user=request.user, cursor=None, limit=VAULT_LIMIT, account_id=account.pk, kind=ContentKind.VAULT
    )
    return {
        "segments": [
            (s.pk, f"{s.name} ({s.fan_count if s.fan_count is not None else '?'})")
            for s in segment_list(account=account)
        ],
        "media": [
            (c.onlyfans_id, f"#{c.onlyfans_id} {c.media_type or ''} {c.text[:40]}".strip())
            for c in vault.items
        ],
        "items": [(item.key, f"{item.key} {item.text[:40]}") for item in ppv_items(account=account)],
    }


def _index(request: HttpRequest, *, form: CampaignForm | None = None, status: int = 200) -> HttpResponse:
    account = selected_account(request)
    context: dict[str, Any] = {"account": account}
    if account is not None:
        can_manage = _can_manage(request, account)
        if can_manage and form is None:
            form = CampaignForm(**_campaign_choices(request, account))
        context |= {"campaigns": campaign_list(account=account)[:100], "can_manage": can_manage, "form": form}
    return render(request, "campaigns/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Save a draft campaign (owners and managers) and open its review page."""
    account = _account(request)
    form = CampaignForm(request.POST, **_campaign_choices(request, account))
    if not form.is_valid():
        return _index(request, form=form, status=422)
    data = form.cleaned_data
    campaign = campaign_create(
        user=request.user,
        account_id=account.pk,
        name=data["name"],
        segment_id=data["segment"],
        text=data["text"],
        price_cents=price_cents(data["price"]),
        media_ids=data["media_ids"],
        exclusions=form.exclusions(),
    )
    return redirect("campaigns:detail", campaign_id=campaign.pk)


def _detail(request: HttpRequest, campaign_id: int, *, error: Exception | None = None, status: int = 200):
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    context: dict[str, Any] = {
        "campaign": campaign,
        "account": campaign.account,
        "can_manage": _can_manage(request, campaign.account),
        "error": error,
    }
    context["cancellable"] = context["can_manage"] and campaign.status in CANCELLABLE
    if campaign.status == CampaignStatus.DRAFT:
        context["review"] = campaign_review(user=request.user, campaign_id=campaign.pk)
    else:
        context |= _progress_context(request, campaign)
    return render(request, "campaigns/detail.html", context, status=status)


def _progress_context(request: HttpRequest, campaign) -> dict[str, Any]:
    return {
        "progress": campaign_progress(campaign=campaign),
        "results": campaign_recipient_page(
            user=request.user,
            campaign_id=campaign.pk,
            cursor=request.GET.get("cursor") or None,
            limit=RESULTS_LIMIT,
        ),
        "running": campaign.status in (CampaignStatus.APPROVED, CampaignStatus.SENDING),
    }


@login_required
@require_GET
def detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A draft's review (text, price, media, recipients now) or a campaign's progress and results."""
    return _detail(request, campaign_id)


@login_required
@require_GET
def progress(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """What the campaign page polls while it sends."""
    campaign = campaign_get(user=request.user, campaign_id=campaign_id)
    context = {"campaign": campaign, **_progress_context(request, campaign)}
    return render(request, "campaigns/partials/_progress.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Approve the reviewed campaign as the logged-in human, then queue its sending."""
    data = parsed(ApproveForm(request.POST))
    try:
        campaign = campaign_approve(
            request=request,
            campaign_id=campaign_id,
            approved=data["approved"] == "true",
            recipient_count_seen=data["recipient_count_seen"],
            override_reason=data["override_reason"],
        )
    except (ComplianceOverrideRequiredError, RecipientsChangedError) as error:
        return _detail(request, campaign_id, error=error, status=error.http_status)
    campaign_send_enqueue(campaign_id=campaign.pk)
    messages.success(request, _("Campaign approved: sending has started."))
    return redirect("campaigns:detail", campaign_id=campaign.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign_cancel(user=request.user, campaign_id=campaign_id)
    messages.success(request, _("Campaign cancelled: nothing more of it will be sent."))
    return redirect("campaigns:detail", campaign_id=campaign_id)


# --- Scheduled messages ---


@login_required
@require_GET
def scheduled(request: HttpRequest) -> HttpResponse:
    """The selected account's scheduled messages, waiting ones with cancel and edit."""
    account = selected_account(request)
    context: dict[str, Any] = {"account": account}
    if account is not None:
        context["outbounds"] = scheduled_list(account=account)
    return render(request, "campaigns/scheduled.html", context)


@login_required
@require_POST
def scheduled_cancel(request: HttpRequest, outbound_id: int) -> HttpResponse:
    outbound_cancel(user=request.user, outbound_id=outbound_id)
    messages.success(request, _("Scheduled message cancelled."))
    return redirect("campaigns:scheduled")


@login_required
def scheduled_edit(request: HttpRequest, outbound_id: int) -> HttpResponse:
    """Change a scheduled message: saving cancels its approval and approves the new version."""
    outbound = outbound_get(user=request.user, outbound_id=outbound_id)
    account = outbound.account
    error = None
    if request.method == "POST":
        form = ScheduleEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outbound_edit(
                    request=request,
                    outbound_id=outbound.pk,
                    text=data["text"],
                    price_cents=price_cents(data["price"]),
                    media_ids=outbound.media_ids,
                    send_at=local_time(data["send_at"], account),
                    idempotency_key=data["idempotency_key"],
                    approved=data["approved"] == "true",
                    override_reason=data["override_reason"],
                )
            except ComplianceOverrideRequiredError as exc:
                error = exc
            else:
                messages.success(request, _("Scheduled message changed and approved again."))
                return redirect("campaigns:scheduled")
    else:
        local = timezone.localtime(outbound.send_at, account_tz(account)) if outbound.send_at else None
        form = ScheduleEditForm(
            initial={
                "text": outbound.text,
                "price": outbound.price_cents / 100 if outbound.price_cents else None,
                "send_at": local.strftime(LOCAL_FORMAT) if local else "",
                "idempotency_key": uuid4().hex,
            }
        )
    status = 422 if request.method == "POST" else 200
    editable = outbound.status == OutboundStatus.APPROVED and outbound.send_at is not None
    context = {"outbound": outbound, "account": account, "form": form, "error": error, "editable": editable}
    return render(request, "campaigns/scheduled_edit.html", context, status=status)


# --- Sequences ---


def _sequences(request: HttpRequest, *, status: int = 200, error: Exception | None = None) -> HttpResponse:
    account = selected_account(request)
    context: dict[str, Any] = {"account": account, "error": error}
    if account is not None:
        sequences = sequence_list(account=account)
        forms = []
        for kind in SequenceKind:
            sequence = sequences.get(kind.value)
            initial: dict[str, Any] = {"kind": kind.value, "active": sequence.active if sequence else True}
            for index, step in enumerate(sequence.steps if sequence else []):
                initial |= {f"delay_{index}": step["delay_hours"], f"text_{index}": step["text"]}
            forms.append((kind, sequence, SequenceForm(initial=initial, prefix=kind.value)))
        context |= {
            "sequence_forms": forms,
            "drafts": draft_queue(account=account),
            "can_manage": _can_manage(request, account),
        }
    return render(request, "campaigns/sequences.html", context, status=status)


@login_required
@require_GET
def sequences(request: HttpRequest) -> HttpResponse:
    """The account's sequences and the queue of drafts waiting for approval."""
    return _sequences(request)


@login_required
@require_POST
def sequence_save_view(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    kind = request.POST.get("kind", "")
    form = SequenceForm(request.POST, prefix=kind if kind in SequenceKind.values else None)
    data = parsed(form)
    sequence_save(
        user=request.user, account_id=account.pk, kind=kind, active=data["active"], steps=form.steps()
    )
    messages.success(request, _("Sequence saved."))
    return redirect("campaigns:sequences")


@login_required
@require_POST
def drafts_approve(request: HttpRequest) -> HttpResponse:
    """Approve the checked drafts (or one, with its text as edited) as the logged-in human; they
    are sent by the worker right after."""
    data = parsed(DraftsForm(request.POST))
    ids = data["draft_ids"]
    texts = {ids[0]: data["text"]} if len(ids) == 1 and data["text"].strip() else None
    try:
        drafts = sequence_drafts_approve(
            request=request,
            draft_ids=ids,
            approved=data["approved"] == "true",
            texts=texts,
            override_reason=data["override_reason"],
        )
    except ComplianceOverrideRequiredError as error:
        return _sequences(request, status=error.http_status, error=error)
    outbound_ids = [draft.outbound_id for draft in drafts if draft.outbound_id]
    outbounds_send_enqueue(outbound_ids=outbound_ids)
    count = len(outbound_ids)
    text = ngettext(
        "%(count)d draft approved and queued to send.", "%(count)d drafts approved and queued to send.", count
    )
    messages.success(request, text % {"count": count})
    return redirect("campaigns:sequences")


@login_required
@require_POST
def drafts_dismiss(request: HttpRequest) -> HttpResponse:
    data = parsed(DraftsForm(request.POST))
    count = sequence_drafts_dismiss(user=request.user, draft_ids=data["draft_ids"])
    text = ngettext("%(count)d draft dismissed.", "%(count)d drafts dismissed.", count)
    messages.success(request, text % {"count": count})
    return redirect("campaigns:sequences")

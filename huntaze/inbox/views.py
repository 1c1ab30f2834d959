"""The live inbox page: conversation list, thread, suggestion cards, composer and fan panel.

Thin views over the inbox and fans selectors and services. GET pages answer HTMX with a
fragment (``templates/inbox/partials/``) and anything else with the whole page; the other
endpoints only ever answer fragments. The page polls ``updates`` every few seconds for new
messages, list changes and sync health; that answer never touches the composer, so a draft
survives. Every send form carries a fresh server-made idempotency key, and its submit button
is the explicit approval (``approved=true``) that ``outbound_approve`` requires.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode
from uuid import uuid4

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.window import account_tz
from huntaze.content.models import ContentKind
from huntaze.content.selectors import content_page
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.assignment import chat_assignment_panel
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.exceptions import (
    ComplianceOverrideRequiredError,
    IdempotencyConflictError,
    OutboundSendFailedError,
)
from huntaze.inbox.models import Chat
from huntaze.inbox.selectors import (
    ASSIGNEES,
    CHAT_SORTS,
    InboxFilters,
    chat_get,
    fan_profile,
    inbox_chat_page,
    inbox_signature,
    message_ids_edited,
    message_list_after,
    message_page,
    outbound_get,
    suggestion_warnings,
)
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.inbox.services import chat_assign, chat_read_mark
from huntaze.inbox.suggestions.services import suggestion_reject, suggestions_generate
from huntaze.sync.health import HealthState, account_health
from huntaze.sync.selectors import sync_run_current
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import account_select, selected_account

LIST_LIMIT = 30
THREAD_LIMIT = 40
VAULT_LIMIT = 50
SORT_LABELS = {
    "recent": _("Most recent"),
    "unread": _("Unread first"),
    "spend": _("Top spenders"),
    "needs_reply": _("Needs reply (fan value first)"),
}
ASSIGNEE_LABELS = {"mine": _("Mine"), "unassigned": _("Unassigned"), "all": _("All")}


class ListForm(forms.Form):
    sort = forms.ChoiceField(label=_("Sort"), choices=[(sort, sort) for sort in CHAT_SORTS], required=False)
    unread = forms.BooleanField(label=_("Unread"), required=False)
    vip = forms.BooleanField(label=_("VIP"), required=False)
    expired = forms.BooleanField(label=_("Expired"), required=False)
    assignee = forms.ChoiceField(label=_("Chats"), choices=[(a, a) for a in ASSIGNEES], required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)
    cursor = forms.CharField(required=False, max_length=12)


class UpdatesForm(forms.Form):
    chat = forms.IntegerField(required=False, min_value=1)
    after = forms.IntegerField(required=False, min_value=1)
    signature = forms.CharField(required=False, max_length=120)
    sync = forms.CharField(required=False, max_length=120)


class IdListField(forms.Field):
    """Several ids from a multiple select (``media_ids`` of a send)."""

    widget = forms.SelectMultiple

    def to_python(self, value: list[str] | None) -> list[int]:
        try:
            return [int(item) for item in value or ()]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Pick media from the list.")) from None


class SendForm(forms.Form):
    text = forms.CharField(label=_("Message"), required=False, strip=False)
    price = forms.DecimalField(
        label=_("Price"), required=False, min_value=0, max_digits=9, decimal_places=2, localize=True
    )
    media_ids = IdListField(label=_("Vault media"), required=False)
    idempotency_key = forms.CharField(max_length=80)
    suggestion_id = forms.IntegerField(required=False, min_value=1)
    override_reason = forms.CharField(label=_("Reason to send anyway"), required=False, max_length=500)
    send_at = forms.DateTimeField(label=_("Send at"), required=False, input_formats=["%Y-%m-%dT%H:%M"])
    # Only the value the approve buttons submit counts as an approval.
    approved = forms.ChoiceField(choices=[("true", "true")], required=False)


class AssignForm(forms.Form):
    assignee = forms.IntegerField(label=_("Assigned to"), required=False, min_value=1)


class TagsForm(forms.Form):
    tags = forms.CharField(label=_("Tags"), required=False, max_length=2_000)


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, strip=False)


def _parsed(form: forms.Form) -> dict:
    """The form's cleaned data, or a ``ValidationError`` (422) naming each bad field."""
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label or name}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        raise ValidationError(problems, extra={"errors": form.errors.get_json_data()})
    return form.cleaned_data


def _send_key() -> str:
    """A fresh idempotency key for one send form: resubmitting that form never sends twice."""
    return uuid4().hex


def _cents(price: Decimal | None) -> int:
    return int((price or 0) * 100)


def _list_state(request: HttpRequest) -> tuple[str, InboxFilters, str | None]:
    data = _parsed(ListForm(request.GET))
    filters = InboxFilters(
        unread=data["unread"],
        vip=data["vip"],
        expired=data["expired"],
        assignee=data["assignee"] or "all",
        tag=data["tag"],
    )
    return data["sort"] or "recent", filters, data["cursor"] or None


def _list_context(
    request: HttpRequest, *, account: OnlyFansAccount, open_chat_id: int | None = None
) -> dict[str, object]:
    """The conversation list as the request's sort, filters and cursor say."""
    sort, filters, cursor = _list_state(request)
    query = {"sort": sort} | {name: "1" for name in ("unread", "vip", "expired") if getattr(filters, name)}
    if filters.assignee != "all":
        query["assignee"] = filters.assignee
    if filters.tag:
        query["tag"] = filters.tag
    return {
        "account": account,
        "page": inbox_chat_page(
            user=request.user,
            account_id=account.pk,
            sort=sort,
            filters=filters,
            cursor=cursor,
            limit=LIST_LIMIT,
        ),
        "sort": sort,
        "filters": filters,
        "filtered": filters != InboxFilters(),
        "sort_labels": SORT_LABELS,
        "assignee_labels": ASSIGNEE_LABELS,
        "list_query": urlencode(query),
        "open_chat_id": open_chat_id,
    }


def _sync_context(request: HttpRequest, account: OnlyFansAccount) -> dict[str, object]:
    """Sync health, the run in progress, and a token the poll compares to redraw them only on change."""
    health = account_health(account=account)
    running = sync_run_current(user=request.user, account_id=account.pk)
    last = health.last_sync_at.isoformat() if health.last_sync_at else "-"
    return {
        "health": health,
        "health_label": HealthState(health.state).label,
        "sync_running": running,
        "sync_token": f"{health.state}/{last}/{running.pk if running else '-'}",
    }


def _page_context(
    request: HttpRequest, *, account: OnlyFansAccount | None, open_chat_id: int | None = None
) -> dict[str, object]:
    if account is None:
        return {"account": None}
    return {
        **_list_context(request, account=account, open_chat_id=open_chat_id),
        **_sync_context(request, account),
        "signature": inbox_signature(user=request.user, account_id=account.pk),
    }


def _thread_context(request: HttpRequest, chat: Chat) -> dict[str, object]:
    page = message_page(user=request.user, chat_id=chat.pk, cursor=None, limit=THREAD_LIMIT)
    messages = list(reversed(page.items))
    return {
        "chat": chat,
        "account": chat.account,
        "messages": messages,
        "older_cursor": page.next_cursor,
        "edited": message_ids_edited(message_ids=[message.pk for message in messages]),
        "last_message_id": messages[-1].pk if messages else "",
        "profile": fan_profile(fan=chat.fan, account=chat.account),
        "composer_key": _send_key(),
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The inbox of the selected account, no conversation open yet."""
    return render(request, "inbox/index.html", _page_context(request, account=selected_account(request)))


@login_required
@require_GET
def chat(request: HttpRequest, chat_id: int) -> HttpResponse:
    """One conversation (thread, suggestions, composer, fan panel); opening it marks it read."""
    chat = chat_read_mark(user=request.user, chat_id=chat_id)
    context = _thread_context(request, chat)
    if htmx_partial(request):
        return render(request, "inbox/partials/_detail.html", context)
    current = selected_account(request)
    if current is None or current.pk != chat.account_id:
        account_select(request, chat.account_id)  # a shared link: the page follows the chat's account
    return render(
        request,
        "inbox/index.html",
        {**_page_context(request, account=chat.account, open_chat_id=chat.pk), **context},
    )


@login_required
@require_GET
def conversations(request: HttpRequest) -> HttpResponse:
    """The conversation list after a sort or filter change, or its next page ("load more")."""
    account = selected_account(request)
    if account is None:
        raise NotFoundError()
    open_chat_id = _parsed(UpdatesForm(request.GET))["chat"]
    context = _list_context(request, account=account, open_chat_id=open_chat_id)
    template = (
        "inbox/partials/_chat_rows.html" if request.GET.get("cursor") else "inbox/partials/_chat_list.html"
    )
    return render(request, template, context)


@login_required
@require_GET
def updates(request: HttpRequest) -> HttpResponse:
    """What the page polls: the open thread's new messages, the list when it changed, sync health.

    A fan message arriving in the open thread marks it read: it is on the screen.
    """
    account = selected_account(request)
    if account is None:
        raise NotFoundError()
    state = _parsed(UpdatesForm(request.GET))
    context: dict[str, object] = {"account": account, "chat_id": state["chat"]}
    if state["chat"]:
        new = message_list_after(
            user=request.user, chat_id=state["chat"], after_id=state["after"], limit=THREAD_LIMIT
        )
        if any(message.direction == Direction.INCOMING for message in new):
            chat_read_mark(user=request.user, chat_id=state["chat"])
        context |= {
            "new_messages": new,
            "edited": message_ids_edited(message_ids=[message.pk for message in new]),
            "last_message_id": new[-1].pk if new else state["after"] or "",
        }
    context |= _sync_context(request, account)
    context["sync_changed"] = context["sync_token"] != state["sync"]
    context["signature"] = inbox_signature(user=request.user, account_id=account.pk)
    if context["signature"] != state["signature"]:
        context |= _list_context(request, account=account, open_chat_id=state["chat"])
        context["list_changed"] = True
    return render(request, "inbox/partials/_updates.html", context)


@login_required
@require_GET
def messages_older(request: HttpRequest, chat_id: int) -> HttpResponse:
    """The page of messages before the oldest one shown (the thread's "load older")."""
    chat = chat_get(user=request.user, chat_id=chat_id)
    cursor = request.GET.get("cursor") or None
    page = message_page(user=request.user, chat_id=chat.pk, cursor=cursor, limit=THREAD_LIMIT)
    messages = list(reversed(page.items))
    context = {
        "account": chat.account,
        "chat_id": chat.pk,
        "messages": messages,
        "older_cursor": page.next_cursor,
        "edited": message_ids_edited(message_ids=[message.pk for message in messages]),
    }
    return render(request, "inbox/partials/_messages_older.html", context)


@login_required
@require_GET
def vault_media(request: HttpRequest, chat_id: int) -> HttpResponse:
    """The composer's media picker: the account's newest vault items (loaded when opened)."""
    chat = chat_get(user=request.user, chat_id=chat_id)
    page = content_page(
        user=request.user, cursor=None, limit=VAULT_LIMIT, account_id=chat.account_id, kind=ContentKind.VAULT
    )
    return render(request, "inbox/partials/_vault_media.html", {"account": chat.account, "page": page})


@login_required
@require_POST
def suggestions(request: HttpRequest, chat_id: int) -> HttpResponse:
    """Fresh suggestion cards for the chat's latest fan message (drafts: nothing is sent)."""
    drafts = suggestions_generate(user=request.user, chat_id=chat_id)
    cards = [
        {"suggestion": suggestion, "warnings": warnings, "key": _send_key()}
        for suggestion, warnings in suggestion_warnings(suggestions=drafts)
    ]
    return render(request, "inbox/partials/_suggestions.html", {"chat_id": chat_id, "cards": cards})


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """Reject a suggestion card (recorded for the engine's acceptance rate)."""
    suggestion = suggestion_reject(user=request.user, suggestion_id=suggestion_id)
    return render(request, "inbox/partials/_suggestion_rejected.html", {"suggestion": suggestion})


@login_required
@require_POST
def send(request: HttpRequest, chat_id: int) -> HttpResponse:
    """Approve and send the posted text and price as the logged-in human, in this request.

    A warn-level compliance hit answers with the rules and a reason field inside the same
    form, so resubmitting carries the reason; blocks and bad input answer the service's
    error. A retried form (same key) returns the first outcome and never sends twice.
    """
    data = _parsed(SendForm(request.POST))
    send_at = data["send_at"]
    if send_at is not None:  # a scheduled send: the time was typed in the account's time zone
        account = chat_get(user=request.user, chat_id=chat_id).account
        send_at = timezone.make_aware(send_at.replace(tzinfo=None), account_tz(account))
    try:
        outbound = outbound_approve(
            request=request,
            chat_id=chat_id,
            text=data["text"],
            price_cents=_cents(data["price"]),
            media_ids=data["media_ids"],
            idempotency_key=data["idempotency_key"],
            approved=data["approved"] == "true",
            suggestion_id=data["suggestion_id"],
            override_reason=data["override_reason"],
            send_at=send_at,
        )
        outbound = outbound_send(outbound=outbound)
    except ComplianceOverrideRequiredError as error:
        return render(
            request, "inbox/partials/_send_override.html", {"error": error}, status=error.http_status
        )
    except IdempotencyConflictError as error:
        context = {"error": error, "fresh_key": _send_key()}
        return render(request, "inbox/partials/_send_result.html", context, status=error.http_status)
    except OutboundSendFailedError as error:
        # Recorded as failed, or as still sending when OnlyFans' answer was lost.
        outbound = outbound_get(user=request.user, outbound_id=error.extra["outbound_id"])
    context = {"outbound": outbound, "fresh_key": _send_key()}
    response = render(request, "inbox/partials/_send_result.html", context)
    if outbound.status == OutboundStatus.SENT:
        response["HX-Trigger"] = "inbox-sent"
    return response


@login_required
@require_GET
def outbound_state(request: HttpRequest, outbound_id: int) -> HttpResponse:
    """A send's current state, polled while OnlyFans has not confirmed it."""
    outbound = outbound_get(user=request.user, outbound_id=outbound_id)
    return render(request, "inbox/partials/_outbound_state.html", {"outbound": outbound})


@login_required
@require_POST
def fan_tags(request: HttpRequest, fan_id: int) -> HttpResponse:
    """Replace a fan's tags from the panel's comma-separated field."""
    names = _parsed(TagsForm(request.POST))["tags"].split(",")
    fan = fan_tags_set(user=request.user, fan_id=fan_id, tags=names)
    context = {"profile": fan_profile(fan=fan, account=fan.account), "saved": True}
    return render(request, "inbox/partials/_fan_tags.html", context)


@login_required
@require_POST
def fan_notes(request: HttpRequest, fan_id: int) -> HttpResponse:
    """Replace a fan's private notes from the panel."""
    notes = _parsed(NotesForm(request.POST))["notes"]
    fan = fan_notes_set(user=request.user, fan_id=fan_id, notes=notes)
    context = {"profile": fan_profile(fan=fan, account=fan.account), "saved": True}
    return render(request, "inbox/partials/_fan_notes.html", context)


def _assignment(request: HttpRequest, chat_id: int, *, saved: bool = False) -> HttpResponse:
    context = {"panel": chat_assignment_panel(user=request.user, chat_id=chat_id), "saved": saved}
    if htmx_partial(request):
        return render(request, "inbox/partials/_assignment.html", context)
    return render(request, "inbox/assignment.html", context)


@login_required
@require_GET
def assignment(request: HttpRequest, chat_id: int) -> HttpResponse:
    """The open chat's assignee, the assign control and the assignment history (loaded after
    the thread; its own page without JavaScript)."""
    return _assignment(request, chat_id)


@login_required
@require_POST
def assign(request: HttpRequest, chat_id: int) -> HttpResponse:
    """Give the chat to someone, take it, or give it back (empty: nobody); audited."""
    chat_assign(user=request.user, chat_id=chat_id, assignee_id=_parsed(AssignForm(request.POST))["assignee"])
    return _assignment(request, chat_id, saved=True)

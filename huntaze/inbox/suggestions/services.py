"""Generate and store suggestions for a chat (the one entry point views, API and jobs call)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count
from django.utils import timezone

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.exceptions import NotFoundError
from huntaze.inbox.choices import SuggestionStatus
from huntaze.inbox.compliance import compliance_check
from huntaze.inbox.models import Message, Suggestion
from huntaze.inbox.selectors import chat_get
from huntaze.inbox.suggestions.context import suggestion_context_build
from huntaze.inbox.suggestions.engine import SuggestionEngine
from huntaze.inbox.suggestions.llm import LlmEngine
from huntaze.inbox.suggestions.local import LocalEngine

logger = logging.getLogger(__name__)

# One instance per process: it keeps each account's history index between calls.
LOCAL_ENGINE = LocalEngine()


def suggestion_engine_for(account: OnlyFansAccount) -> SuggestionEngine:
    """The account's engine, else the server default; ``llm`` needs ``HUNTAZE_LLM_BASE_URL``."""
    name = account.suggestion_engine or settings.HUNTAZE_SUGGESTION_ENGINE
    if name == "llm" and settings.HUNTAZE_LLM_BASE_URL:
        return LlmEngine(
            base_url=settings.HUNTAZE_LLM_BASE_URL,
            model=settings.HUNTAZE_LLM_MODEL or "default",
            api_key=settings.HUNTAZE_LLM_API_KEY,
            timeout=settings.HUNTAZE_LLM_TIMEOUT_SECONDS,
            fallback=LOCAL_ENGINE,
        )
    return LOCAL_ENGINE


def suggestions_generate(
    *, user: AbstractBaseUser | None, chat_id: int, message_id: int | None = None
) -> list[Suggestion]:
    """Draft up to three suggestions (reply, upsell, re-engage) for the chat's latest fan
    message (or ``message_id``, which must be in the chat) and store them.

    Drafts the compliance guard blocks are dropped — never shown; drafts with warnings keep
    them in their rationale. Raises ``NotFoundError`` for a chat or message the user cannot see.
    """
    chat = chat_get(user=user, chat_id=chat_id)
    message = None
    if message_id is not None:
        message = Message.objects.filter(pk=message_id, chat=chat).first()
        if message is None:
            raise NotFoundError()
    context = suggestion_context_build(chat=chat, message=message)
    engine = suggestion_engine_for(chat.account)
    suggestions = []
    for draft in engine.drafts(context):
        check = compliance_check(text=draft.text)
        if check.blocked:
            logger.info("dropped a %s draft hitting %s", draft.intent, [h.rule_id for h in check.hits])
            continue
        rationale = draft.rationale
        if check.warnings:
            rationale += " Needs a reason to send: " + ", ".join(h.rule_id for h in check.warnings) + "."
        suggestions.append(
            Suggestion(
                account_id=chat.account_id,
                chat=chat,
                message=context.message,
                intent=draft.intent,
                text=draft.text,
                price_cents=draft.price_cents,
                rationale=rationale[:300],
                source=draft.source[:200],
                engine="llm" if draft.source.startswith("llm:") else "local",
                model=draft.source.removeprefix("llm:") if draft.source.startswith("llm:") else "",
            )
        )
    return Suggestion.objects.bulk_create(suggestions)


def suggestion_reject(*, user: AbstractBaseUser | None, suggestion_id: int) -> Suggestion:
    """Record that a human dismissed a draft (only a pending one changes), for acceptance rates."""
    suggestion = get_for_user(Suggestion.objects.all(), user=user, pk=suggestion_id)
    if suggestion.status == SuggestionStatus.PENDING:
        suggestion.status, suggestion.decided_by, suggestion.decided_at = (
            SuggestionStatus.REJECTED,
            user,
            timezone.now(),
        )
        suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return suggestion


def suggestion_acceptance(*, user: AbstractBaseUser | None, account_id: int) -> dict[str, dict[str, int]]:
    """Per engine: how many drafts were approved as is, edited, sent, rejected or left pending."""
    visible = scope_for_user(Suggestion.objects.filter(account_id=account_id), user=user)
    counts: dict[str, dict[str, int]] = {}
    for engine, status, n in visible.values_list("engine", "status").annotate(n=Count("pk")).order_by():
        counts.setdefault(engine, dict.fromkeys(SuggestionStatus.values, 0))[status] = n
    return counts

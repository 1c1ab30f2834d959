"""Team notes in the inbox (the chat's panel: notes on its fan and on the chat, the add form) and
the "Mentions" page (the user's mentions, unread first, marked read one by one or all at once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from huntaze.core.exceptions import ValidationError
from huntaze.notes.forms import NoteForm
from huntaze.notes.selectors import chat_notes, mention_list, mention_unread_count
from huntaze.notes.services import mention_read_mark, mentions_read_all, note_create, note_delete
from huntaze.web.htmx import htmx_partial


def _panel(
    request: HttpRequest, chat_id: int, *, form: NoteForm | None = None, status: int = 200
) -> HttpResponse:
    context = {"notes": chat_notes(user=request.user, chat_id=chat_id), "form": form or NoteForm()}
    return render(request, "notes/partials/_chat_notes.html", context, status=status)


@login_required
@require_GET
def chat_panel(request: HttpRequest, chat_id: int) -> HttpResponse:
    """The team notes beside a chat (loaded by the inbox); without HTMX, the chat's inbox page."""
    if not htmx_partial(request):
        return redirect("inbox:chat", chat_id=chat_id)
    return _panel(request, chat_id)


@login_required
@require_POST
def create(request: HttpRequest, chat_id: int) -> HttpResponse:
    """Add a note about the chat's fan or the chat; a refused one comes back with its errors (422)."""
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_create(user=request.user, chat_id=chat_id, **form.cleaned_data)
        except ValidationError as exc:
            field = exc.extra.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            if not htmx_partial(request):
                messages.success(request, _("Team note added."))
                return redirect("inbox:chat", chat_id=chat_id)
            return _panel(request, chat_id)
    if not htmx_partial(request):
        raise ValidationError(" ".join(str(error) for errors in form.errors.values() for error in errors))
    return _panel(request, chat_id, form=form, status=422)


@login_required
@require_POST
def delete(request: HttpRequest, note_id: int, chat_id: int) -> HttpResponse:
    """Delete a note (its author or a team owner), then show the chat's notes again."""
    note_delete(user=request.user, note_id=note_id)
    if not htmx_partial(request):
        messages.success(request, _("Team note deleted."))
        return redirect("inbox:chat", chat_id=chat_id)
    return _panel(request, chat_id)


def _mentions_page(request: HttpRequest) -> HttpResponse:
    context = {"mentions": mention_list(user=request.user), "partial": htmx_partial(request)}
    template = "notes/partials/_mentions.html" if context["partial"] else "notes/mentions.html"
    return render(request, template, context)


@login_required
@require_GET
def mentions(request: HttpRequest) -> HttpResponse:
    return _mentions_page(request)


@login_required
@require_GET
def unread(request: HttpRequest) -> HttpResponse:
    """The nav's unread mentions badge (one query), loaded after the page and refreshed every minute
    as a background request, so no page pays for it and a long-open inbox still sees new mentions."""
    return render(request, "notes/partials/_unread.html", {"count": mention_unread_count(user=request.user)})


@login_required
@require_POST
def mention_read(request: HttpRequest, mention_id: int) -> HttpResponse:
    mention_read_mark(user=request.user, mention_id=mention_id)
    return _mentions_page(request) if htmx_partial(request) else redirect("notes:mentions")


@login_required
@require_POST
def mention_read_all(request: HttpRequest) -> HttpResponse:
    count = mentions_read_all(user=request.user)
    text = ngettext("%(count)d mention marked read.", "%(count)d mentions marked read.", count)
    messages.success(request, text % {"count": count})
    return _mentions_page(request) if htmx_partial(request) else redirect("notes:mentions")

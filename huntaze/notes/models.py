"""Team notes: private notes on a fan or on a chat, with @mentions of team members.

Notes never leave Huntaze: nothing sends them to OnlyFans and the suggestion engines never read
them (``inbox.suggestions.context`` builds its prompt from messages, fan and preset only). They
are not the fan's single CRM summary (``Fan.notes``): each note is one dated entry by one author.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 5000


class Note(models.Model):
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="team_notes"
    )
    fan = models.ForeignKey("fans.Fan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    chat = models.ForeignKey("inbox.Chat", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Kept when the author leaves (or is unknown after an import): the note is the team's.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(fan__isnull=False) & models.Q(chat__isnull=True))
                | (models.Q(fan__isnull=True) & models.Q(chat__isnull=False)),
                name="note_on_fan_xor_chat",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"note {self.pk} on {'fan ' + str(self.fan_id) if self.fan_id else 'chat ' + str(self.chat_id)}"
        )


class Mention(models.Model):
    """A team member named with ``@username`` in a note, until they mark it read."""

    # No index of its own: the unique constraint starts with it.
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="mentions", db_index=False)
    # Null only after an import into a team without that member (exports match users by username).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="note_mentions"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="mention_unique_note_user")]
        indexes = [
            # The nav's unread count and the mentions page: one user's mentions, unread first.
            models.Index(fields=["user", "read_at"], name="mention_user_read"),
        ]

    def __str__(self) -> str:
        return f"mention of {self.user_id} in note {self.note_id}"

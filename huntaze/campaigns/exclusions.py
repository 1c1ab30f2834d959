"""Who a campaign leaves out of its segment, as one ``Q`` over ``Fan`` (the fans to drop).

Reuses the segment rules where they say the same thing: "bought this PPV" is the segments'
``bought`` rule (an item is a PPV message, ``queue:<id>`` or ``message:<id>``, see
docs/segments.md) and "has a tag" is their ``tags`` rule with ``any``. "Messaged in the last N
hours" is any outgoing message to the fan since then, however it was sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import BaseModel, ConfigDict, Field, field_validator

from huntaze.api.schemas import storable_str
from huntaze.fans.services import TAG_MAX_LENGTH
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message
from huntaze.segments.choices import TagMatch
from huntaze.segments.rules import TAGS_PER_RULE_MAX, BoughtRule, ItemKey, RuleContext, TagsRule, item_label

ITEMS_MAX = 10
HOURS_MAX = 24 * 90


class Exclusions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bought_items: list[ItemKey] = Field(default_factory=list, max_length=ITEMS_MAX)
    messaged_within_hours: int | None = Field(None, ge=1, le=HOURS_MAX, strict=True)
    tags: list[storable_str(TAG_MAX_LENGTH, min_length=1)] = Field(
        default_factory=list, max_length=TAGS_PER_RULE_MAX
    )

    @field_validator("tags")
    @classmethod
    def _clean(cls, tags: list[str]) -> list[str]:
        """As the fans page stores tag names: trimmed, lower case."""
        cleaned = sorted({tag.strip().lower() for tag in tags})
        if "" in cleaned:
            raise ValueError("tag names must not be blank")
        return cleaned

    def excluded(self, ctx: RuleContext) -> Q | None:
        """The fans to leave out, or ``None`` when nothing is excluded."""
        parts = [BoughtRule(kind="bought", item=item).q(ctx) for item in self.bought_items]
        if self.tags:
            parts.append(TagsRule(kind="tags", match=TagMatch.ANY, tags=self.tags).q(ctx))
        if self.messaged_within_hours:
            recent = Message.objects.filter(
                account_id=ctx.account_id,
                direction=Direction.OUTGOING,
                sent_at__gte=ctx.now - timedelta(hours=self.messaged_within_hours),
            )
            parts.append(Q(pk__in=recent.values("fan_id")))
        if not parts:
            return None
        condition = Q()
        for part in parts:
            condition |= part
        return condition

    def describe(self) -> list[str]:
        """Each exclusion in words, in the current language."""
        lines = [_("Already bought %(item)s") % {"item": item_label(item)} for item in self.bought_items]
        if self.messaged_within_hours:
            lines.append(
                ngettext(
                    "Messaged in the last %(hours)d hour",
                    "Messaged in the last %(hours)d hours",
                    self.messaged_within_hours,
                )
                % {"hours": self.messaged_within_hours}
            )
        if self.tags:
            lines.append(_("Tagged %(tags)s") % {"tags": ", ".join(self.tags)})
        return lines

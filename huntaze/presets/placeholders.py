"""The placeholders of preset message templates, and filling them in.

A template is a ``str.format`` string restricted to bare names from ``ALLOWED_PLACEHOLDERS``:
no positional fields, attributes, indexes, conversions or format specs, so filling one can never
reach into an object, and a typo in a data file fails validation instead of a send.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from huntaze.presets.exceptions import TemplateContextMissingError, TemplateInvalidError

ALLOWED_PLACEHOLDERS = frozenset(
    {"fan_name", "creator_name", "days_subscribed", "last_purchase", "spend_band", "price"}
)
_FORMATTER = Formatter()


def template_placeholders(*, template: str) -> frozenset[str]:
    """The placeholder names ``template`` uses.

    Raises ``TemplateInvalidError`` for unbalanced braces, a name outside ``ALLOWED_PLACEHOLDERS``
    or a field with a conversion or format spec.
    """
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in _FORMATTER.parse(template)]
    except ValueError as exc:
        raise TemplateInvalidError(
            f"Broken braces in template ({exc}); write a literal brace as {{{{ or }}}}.",
            extra={"template": template},
        ) from exc
    names: set[str] = set()
    problems: list[str] = []
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in ALLOWED_PLACEHOLDERS:
            problems.append(f"{{{name}}} is not an allowed placeholder")
        elif spec or conversion:
            problems.append(f"{{{name}}} must be a bare name, without a conversion or format spec")
        else:
            names.add(name)
    if problems:
        allowed = ", ".join(f"{{{name}}}" for name in sorted(ALLOWED_PLACEHOLDERS))
        raise TemplateInvalidError(
            f"{'; '.join(problems)} (allowed: {allowed}).",
            extra={"template": template, "problems": problems, "allowed": sorted(ALLOWED_PLACEHOLDERS)},
        )
    return frozenset(names)


def template_render(*, template: str, context: Mapping[str, str]) -> str:
    """``template`` with every placeholder filled from ``context`` (extra keys are ignored).

    Raises ``TemplateInvalidError`` for a template that breaks the placeholder rules and
    ``TemplateContextMissingError`` when ``context`` lacks a value the template uses.
    """
    names = template_placeholders(template=template)
    missing = sorted(names - context.keys())
    if missing:
        listed = ", ".join(f"{{{name}}}" for name in missing)
        raise TemplateContextMissingError(
            f"No value for {listed} in the template context.", extra={"missing": missing}
        )
    return template.format_map({name: context[name] for name in names})

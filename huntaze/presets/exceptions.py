"""Errors of the presets domain.

::

    HuntazeError
    ├── NotFoundError
    │   └── PresetNotFoundError           preset_not_found          404
    ├── ValidationError
    │   ├── PresetOverrideInvalidError    preset_override_invalid   422
    │   ├── TemplateInvalidError          template_invalid          422
    │   └── TemplateContextMissingError   template_context_missing  422
    └── PresetDataError                   preset_data_invalid       500
"""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

from huntaze.core.exceptions import HuntazeError, NotFoundError, ValidationError


class PresetNotFoundError(NotFoundError):
    """No shipped preset has this slug; ``extra["available"]`` lists the ones that exist."""

    code = "preset_not_found"
    default_message = "No niche preset has this name."


class PresetOverrideInvalidError(ValidationError):
    """A creator's overrides make the preset invalid; ``extra["errors"]`` names each field path."""

    code = "preset_override_invalid"
    default_message = "The preset overrides are invalid."

    @classmethod
    def from_validation_error(cls, exc: PydanticValidationError) -> PresetOverrideInvalidError:
        # pydantic prefixes our own validators' messages with "Value error, ": noise to a creator.
        errors = [
            {
                "field": ".".join(str(part) for part in error["loc"]),
                "message": error["msg"].removeprefix("Value error, "),
            }
            for error in exc.errors(include_url=False)
        ]
        first = errors[0]
        message = f"Invalid preset override at {first['field']}: {first['message']}"
        return cls(message, extra={"errors": errors})


class TemplateInvalidError(ValidationError):
    """A message template has broken braces or a placeholder outside the allowed set."""

    code = "template_invalid"
    default_message = "The message template is invalid."


class TemplateContextMissingError(ValidationError):
    """A template was rendered without a value for one of its placeholders (``extra["missing"]``)."""

    code = "template_context_missing"
    default_message = "A value for a placeholder of the template is missing."


class PresetDataError(HuntazeError):
    """A shipped data file is broken or missing: a bug in a release, never a user's fault."""

    code = "preset_data_invalid"
    http_status = 500
    default_message = "The niche preset data is invalid."

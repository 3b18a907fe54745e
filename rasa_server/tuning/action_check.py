"""Rasa's check of each action-server answer, with its constant schema compiled once.

Rasa 3.6 validates every answer of the action server with `jsonschema.validate`, which re-checks
the constant response schema against its meta-schema on each call: about 34 ms of a recruiter
turn's CPU on this machine, more than NLU parsing. The same schema, compiled once, gives the same
verdicts in about 1 ms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.shared.constants import DOCS_BASE_URL

_PATCHED = "_hrbot_compiled_response_check"


@lru_cache(maxsize=1)
def response_validator() -> Any:
    """Rasa's action-response schema, checked once and compiled."""
    from rasa.core.actions.action import RemoteAction  # Rasa's core loads TensorFlow: only once installed

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, on the compiled schema; same errors."""
    try:
        response_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    """Use the compiled check in this process (idempotent)."""
    from rasa.core.actions.action import RemoteAction  # after the version check: Rasa's core loads TensorFlow

    if not getattr(RemoteAction, _PATCHED, False):
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        setattr(RemoteAction, _PATCHED, True)

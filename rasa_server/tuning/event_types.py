"""Rasa's lookup of an event class by its type name, from a table instead of a class-tree walk.

Rasa 3.6 turns every stored event back into an object through `Event.resolve_by_type`, which
walks all subclasses of `Event` (with an `inspect.isabstract` check on each) per event. A
tracker is rebuilt from its events on every turn, so on a 13-turn conversation the walk was
about 11% of the Rasa server's CPU at full load. The table holds the same first match per name
and is rebuilt when a name is not in it (an event class imported later).
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_PATCHED = "_hrbot_event_type_table"
_table: dict[str, Any] = {}


def _rebuild() -> None:
    """The first non-abstract subclass per type name, in Rasa's own search order."""
    table: dict[str, Any] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    _table.clear()
    _table.update(table)


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Rasa's `Event.resolve_by_type`: the class, None for the legacy "topic", else default or ValueError."""
    cls = _table.get(type_name)
    if cls is None:
        _rebuild()
        cls = _table.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    """Use the table in this process (idempotent)."""
    if not getattr(Event, _PATCHED, False):
        Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
        setattr(Event, _PATCHED, True)

"""Rasa's JSON encoding of trackers (action-server requests, stored conversations) with ujson.

Each custom action sends the whole tracker and the domain to the action server as JSON, and the
in-memory (and Redis) tracker store encodes the whole conversation again after every turn.
With `json.dumps` the two were about 12% of the Rasa server's CPU at full load; ujson (a Rasa
dependency) writes the same JSON values several times faster. The aiohttp session is Rasa's
own (headers, basic auth, timeout) plus aiohttp's public `json_serialize` argument.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import ujson
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

_PATCHED = "_hrbot_ujson"


def dumps(value: Any) -> str:
    """JSON text that `json.loads` reads back as `json.dumps` would have written it."""
    return ujson.dumps(value, ensure_ascii=False, escape_forward_slashes=False)


def session(self: Any) -> Any:
    """Rasa's `EndpointConfig.session`, with ujson for `json=` request bodies."""
    auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
    return aiohttp.ClientSession(
        headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=dumps,
    )


def serialise_tracker(tracker: Any) -> str:
    """Rasa's `SerializedTrackerAsText.serialise_tracker`, with ujson."""
    return dumps(tracker.as_dialogue().as_dict())


def install() -> None:
    """Encode action requests and text-serialised trackers with ujson (idempotent)."""
    from rasa.core.tracker_store import SerializedTrackerAsText  # after the version check: SQLAlchemy, Redis...

    if not getattr(EndpointConfig, _PATCHED, False):
        EndpointConfig.session = session  # type: ignore[method-assign]
        SerializedTrackerAsText.serialise_tracker = staticmethod(serialise_tracker)  # type: ignore[method-assign]
        setattr(EndpointConfig, _PATCHED, True)

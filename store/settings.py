"""Every environment variable hrbot reads, in one documented pydantic-settings object.

`get_settings()` reads the environment on each call and keeps one `Settings` per distinct set of
values, so a changed variable (a test's monkeypatch, a CLI option) is seen at once, at the cost of a
few dictionary look-ups. The consumers (store.engine, retrieval.config, connectors.servers.paths,
connectors.slack.config) read these fields and keep their own checks and error messages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticUseDefault
from pydantic_settings import BaseSettings, SettingsConfigDict

# Measured in benchmarks/retrieval.py (benchmarks/README.md): one exact query costs about 0.15 ms
# of CPU per 1,000 vectors here (0.9 ms at 10k, 15 ms at 100k), so exact search meets the 5 ms
# target up to a few tens of thousands; above 20k the ANN index takes over. IVF beat HNSW at
# 100k (recall@10 0.997 at 0.8 ms vs 0.974 at 0.5 ms, and a 3x faster build).
DEFAULT_ANN_THRESHOLD = 20_000
DEFAULT_ANN_KIND = "ivf"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def _stripped(raw: Any) -> Any:
    """Surrounding blanks are never meant (a pasted token, a quoted URL)."""
    return raw.strip() if isinstance(raw, str) else raw


def _stripped_or_default(raw: Any) -> Any:
    """Stripped; blank means the default."""
    raw = _stripped(raw)
    if raw == "":
        raise PydanticUseDefault()
    return raw


def _lowered(raw: Any) -> Any:
    """Stripped and lower-cased; blank means the default (a name chosen from a fixed few)."""
    return _stripped_or_default(raw.lower() if isinstance(raw, str) else raw)


def _lenient_int(raw: Any) -> Any:
    """A whole number; blank or not a number means the default (a tuning knob never stops a start)."""
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            raise PydanticUseDefault() from None
    return raw


Stripped = Annotated[str, BeforeValidator(_stripped)]
StrippedOrDefault = Annotated[str, BeforeValidator(_stripped_or_default)]
Lowered = Annotated[str, BeforeValidator(_lowered)]
LenientInt = Annotated[int, BeforeValidator(_lenient_int)]


def _var(name: str, default: Any, description: str) -> Any:
    """A field read from the environment variable `name`."""
    return Field(default, validation_alias=name, description=description)


class Settings(BaseSettings):
    """hrbot's configuration: each field is one environment variable (its alias), with its default."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore", frozen=True)

    # store
    database_url: Stripped = _var(
        "DATABASE_URL", "", "postgresql://user:pass@host/db for PostgreSQL (psycopg 3); unset: the SQLite "
        "file hrbot.db in the data dir. postgres:// and postgresql:// are read as postgresql+psycopg://.")
    data_dir: str = _var(
        "HRBOT_DATA_DIR", "var", "Where the SQLite file, indexes and logs live, relative to the working directory.")

    # servers
    project_root: str = _var(
        "HRBOT_PROJECT_ROOT", "", "The checkout holding config.yml and domain.yml; unset: this code's checkout "
        "when it has config.yml, else the working directory.")
    tracker_store: Stripped = _var(
        "HRBOT_TRACKER_STORE", "sql", "Where Rasa keeps conversations: sql (the SQLite file conversations.db in the "
        "data dir, so a conversation survives a Rasa restart), memory (lost on restart), or a postgresql:// URL.")
    rasa_venv: str | None = _var(
        "HRBOT_RASA_VENV", None, "The Rasa-server environment the CLI starts Rasa from (default <project root>/.venv-rasa).")
    models_dir: Stripped = _var(
        "HRBOT_MODELS_DIR", "", "Where `hrbot train` and `hrbot setup` put Rasa models and the servers take the newest "
        "(unset: <project root>/models).")

    # security (connectors/secrets.py; the Rasa side reads the same variables in rasa_server/channels.py)
    actions_secret: Stripped = _var(
        "HRBOT_ACTIONS_SECRET", "", "The shared secret Rasa sends the action server (header X-Hrbot-Actions-Secret); "
        "unset: one generated once into <data dir>/secrets/actions (0600). Required when HRBOT_ACTIONS_HOST is not loopback.")
    actions_host: StrippedOrDefault = _var(
        "HRBOT_ACTIONS_HOST", "127.0.0.1", "Where the action server listens (anything but loopback needs HRBOT_ACTIONS_SECRET).")
    channel_secret: Stripped = _var(
        "HRBOT_CHANNEL_SECRET", "", "The secret our connectors send Rasa's REST channel to vouch for the sender id; "
        "unset: generated once into <data dir>/secrets/channel. Callers without it are anonymous employees.")
    rasa_token: Stripped = _var(
        "HRBOT_RASA_TOKEN", "", "The token of Rasa's HTTP API (--auth-token); unset: generated once into "
        "<data dir>/secrets/rasa-api.")
    rate_limit: LenientInt = _var(
        "HRBOT_RATE_LIMIT", 30, "Messages one sender may send per minute (sliding window); 0 turns the limit off.")
    web_demo_identities: Lowered = _var(
        "HRBOT_WEB_DEMO_IDENTITIES", "auto", "The web chat's who-am-I picker: on, off, or auto (on only when the "
        "web chat listens on loopback; on with any other host refuses to start).")

    # slack
    slack_bot_token: Stripped = _var("SLACK_BOT_TOKEN", "", "The Slack bot token (xoxb-...), required by `hrbot slack`.")
    slack_app_token: Stripped = _var(
        "SLACK_APP_TOKEN", "", "An app-level token (xapp-..., connections:write): Socket Mode, no public URL needed.")
    slack_signing_secret: Stripped = _var(
        "SLACK_SIGNING_SECRET", "", "HTTP Events API mode (used when there is no app token): verifies request signatures.")
    slack_host: Stripped = _var("SLACK_HOST", "127.0.0.1", "Where the Slack HTTP mode listens.")
    slack_port: str = _var("SLACK_PORT", "3000", "The port the Slack HTTP mode listens on (checked by the Slack app).")
    rasa_url: Stripped = _var(
        "HRBOT_RASA_URL", DEFAULT_RASA_URL, "The Rasa server the Slack app talks to (started by `hrbot slack` if down).")
    slack_api_url: Stripped = _var(
        "SLACK_API_URL", DEFAULT_SLACK_API_URL, "Slack Web API base (tests point it at a loopback server).")

    # retrieval
    vector_backend: StrippedOrDefault = _var(
        "HRBOT_VECTOR_BACKEND", "faiss", "faiss (embedded, persisted next to the DB), memory (LangChain's "
        "InMemoryVectorStore, rebuilt per process), langchain-faiss (LangChain's stock FAISS wrapper), or "
        "package.module:factory for any LangChain VectorStore, called as factory(embedding=..., collection=...).")
    ann_threshold: LenientInt = _var(
        "HRBOT_ANN_THRESHOLD", DEFAULT_ANN_THRESHOLD, "Collections this large use an ANN index instead of exact search.")
    ann_kind: Lowered = _var("HRBOT_ANN_KIND", DEFAULT_ANN_KIND, "ivf or hnsw above the ANN threshold.")
    embed_threads: LenientInt = _var(
        "HRBOT_EMBED_THREADS", 0, "Torch intra-op threads for batch encoding (0 or unset: torch's default).")
    embed_query_threads: LenientInt = _var(
        "HRBOT_EMBED_QUERY_THREADS", 1, "Torch threads for one query embedding (0: same as batch).")
    embed_batch: LenientInt = _var("HRBOT_EMBED_BATCH", 16, "Encoding batch size (at least 1).")
    embed_precision: Lowered = _var(
        "HRBOT_EMBED_PRECISION", "auto", "Index encoding in bf16 or fp32; auto: bf16 where the CPU computes bf16 "
        "natively (avx512_bf16 or amx_bf16), about twice as fast with the same vectors to 5 decimals.")
    faiss_query_threads: LenientInt = _var(
        "HRBOT_FAISS_QUERY_THREADS", 1, "OpenMP threads for one query (1 is fastest for single queries on a busy "
        "machine; 0 leaves faiss's default); builds use all cores.")
    index_dir: Stripped = _var("HRBOT_INDEX_DIR", "", "Where indexes are saved (unset: <data dir>/indexes).")

    # employee HR questions
    hr_contact: Stripped = _var(
        "HRBOT_HR_CONTACT", "the People team (people@example.com)", "Whom the assistant names when the handbook "
        "does not answer a policy question.")


def variables() -> tuple[str, ...]:
    """The environment variable behind each field, in declaration order."""
    return tuple(str(field.validation_alias) for field in Settings.model_fields.values())


_VARIABLES = variables()


def get_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings for `env` (default: the process environment as it is now)."""
    source = os.environ if env is None else env
    return _settings(tuple(source.get(name) for name in _VARIABLES))


@lru_cache(maxsize=64)
def _settings(values: tuple[str | None, ...]) -> Settings:
    """One Settings per distinct set of values: every field given, so nothing else is read."""
    given = {name: value for name, value in zip(_VARIABLES, values) if value is not None}
    defaults = {
        str(field.validation_alias): field.default
        for field in Settings.model_fields.values()
        if str(field.validation_alias) not in given
    }
    return Settings(**defaults, **given)

"""Who a Slack user is, for the Home tab: their Slack name and their role in the HR store."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.identity import resolve_identity
from store.engine import session_scope

log = logging.getLogger(__name__)


async def display_name(client: AsyncWebClient, user: str) -> str:
    """The name Slack shows for the user ('' if users.info fails)."""
    try:
        info = await client.users_info(user=user)
    except SlackApiError as exc:
        log.info("users.info for %s failed: %s", user, exc.response.get("error"))
        return ""
    profile = (info.get("user") or {}).get("profile") or {}
    return str(profile.get("display_name") or profile.get("real_name") or (info.get("user") or {}).get("name") or "")


def _role_sync(user: str) -> str | None:
    """The role the action server will see for this Slack user (same lookup, same store)."""
    with session_scope() as session:
        return resolve_identity(session, user).role.value


async def role_of(user: str) -> str | None:
    """Recruiter or employee, or None when the store cannot be reached (the Home tab still shows)."""
    try:
        return await asyncio.to_thread(_role_sync, user)
    except Exception as exc:  # noqa: BLE001 - the Home tab must render without the store
        log.info("role lookup for %s failed: %s", user, exc)
        return None

"""Employee coaching: training, skill gaps and career paths, always about the asker's own profile."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.careers import career_reply
from bot.messages.reply import Reply
from bot.messages.skill_gap import skill_gap_reply
from bot.messages.training import training_reply
from bot.services.careers import career_path
from bot.services.identity import Identity
from bot.services.names import fold
from bot.services.skill_gap import skill_gap
from bot.services.training import pending_feedback, recommend_training

OWN_PROFILE_ONLY = Reply(
    "I can only coach you on your own profile, not on other people's. Ask me, for example, "
    "\"what should I learn next?\" or \"what skills am I missing for Data Scientist?\"",
    {"type": "error", "reason": "forbidden"},
)


def _entity(tracker: Tracker, name: str) -> str | None:
    """The latest value of an entity, stripped; None when absent or blank."""
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value).strip() or None if value is not None else None


def _slot_text(tracker: Tracker, name: str) -> str | None:
    """A text slot's value, or None when unset or not text."""
    value = tracker.get_slot(name)
    return value if isinstance(value, str) and value.strip() else None


def _asks_about_someone_else(tracker: Tracker, identity: Identity) -> bool:
    """A `person` entity that isn't the asker: coaching never reads another person's profile."""
    person = _entity(tracker, "person")
    if not person:
        return False
    own = fold(identity.display_name)
    return not own or fold(person) not in own


class ActionRecommendTraining(HRAction, name="action_recommend_training"):
    """Answers `recommend_training`: ranked courses and a plan; asks "Was this useful?"."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if _asks_about_someone_else(tracker, identity):
            say(dispatcher, OWN_PROFILE_ONLY)
            return [SlotSet("pending_feedback", None)]
        advice = recommend_training(
            session, identity, skill=_entity(tracker, "skill"), role=_entity(tracker, "role"), text=latest_text(tracker)
        )
        say(dispatcher, training_reply(advice))
        events: Events = [SlotSet("pending_feedback", pending_feedback(advice))]
        if advice.role_title:
            events.append(SlotSet("role", advice.role_title))
        return events


def _about_a_role(
    tracker: Tracker, identity: Identity, dispatcher: CollectingDispatcher, advise: Callable[..., Any],
    word: Callable[[Any], Reply],
) -> Any | None:
    """Skill gap and career path alike: refuse other people's profiles, else answer for the asker's target role."""
    if _asks_about_someone_else(tracker, identity):
        say(dispatcher, OWN_PROFILE_ONLY)
        return None
    answer = advise(_entity(tracker, "role"), text=latest_text(tracker), seniority=_entity(tracker, "seniority"),
                    fallback_role=_slot_text(tracker, "role"))
    say(dispatcher, word(answer))
    return answer


class ActionSkillGap(HRAction, name="action_skill_gap"):
    """Answers `skill_gap`: the asker's skills against a role (entity, else slot, else their goal)."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        events: Events = [SlotSet("pending_feedback", None)]
        report = _about_a_role(tracker, identity, dispatcher, partial(skill_gap, session, identity), skill_gap_reply)
        if report is not None and report.role_title:
            events.append(SlotSet("role", report.role_title))
        return events


class ActionCareerPath(HRAction, name="action_career_path"):
    """Answers `career_path`: the quickest route to a role family, or the options from here."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        _about_a_role(tracker, identity, dispatcher, partial(career_path, session, identity), career_reply)
        return [SlotSet("pending_feedback", None)]

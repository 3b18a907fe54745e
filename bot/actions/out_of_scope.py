"""A request the NLU judged outside what the assistant does."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.out_of_scope import named_person_reply
from bot.services.identity import Identity
from bot.services.names import names_in_text


class ActionOutOfScope(HRAction, name="action_out_of_scope"):
    """Says what the assistant does; a recruiter's message naming a known candidate gets that person's questions."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        people = names_in_text(session, latest_text(tracker)) if identity.is_recruiter else []
        if people:  # rare names push a short question off the intents' examples ("where is Xochitl Quispe ...")
            say(dispatcher, named_person_reply(sorted({p.full_name for p in people})))
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []

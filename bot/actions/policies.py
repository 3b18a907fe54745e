"""Policy questions in the chat: the handbook's cited answer, follow-ups kept on topic, 👍/👎 on the answer."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.policies import ASK_WHAT, policy_reply
from bot.services.identity import Identity
from bot.services.policies import answer_question


class ActionAnswerPolicy(HRAction, name="action_answer_policy"):
    """`ask_policy`: answer from the documents the asker may read; a short follow-up reads with the last topic."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        question = latest_text(tracker)
        if not question.strip():
            say(dispatcher, ASK_WHAT)
            return []
        topic = tracker.get_slot("policy_topic")
        answer = answer_question(session, question, identity=identity, topic=topic if isinstance(topic, str) else None)
        say(dispatcher, policy_reply(answer))
        pending = None
        if answer.answered:
            pending = {"item_type": "policy", "item_ids": [str(answer.citations[0].passage_id)], "context": "policy answer"}
        elif answer.gap_id is not None:
            pending = {"item_type": "policy_gap", "item_ids": [str(answer.gap_id)], "context": "policy not answered"}
        return [SlotSet("policy_topic", answer.topic[:500] or None), SlotSet("pending_feedback", pending)]

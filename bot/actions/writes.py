"""Recruiter shortlisting, step one: work out and check what to change, then ask for a yes/no (never write here)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages import writes as msg
from bot.messages.people import no_such_position, who_do_you_mean
from bot.messages.roles import role_suggestions_reply
from bot.services.identity import Identity
from bot.services.roles import find_role, open_roles
from bot.services.write_checks import check_shortlist, choose_shortlist_role
from bot.services.write_requests import read_write_request

CLEAR = SlotSet("pending_write", None)


class ActionPrepareShortlist(HRAction, name="action_prepare_shortlist", recruiters_only=True):
    """`shortlist_candidate`: resolve who and for which role, check, and ask to confirm."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        people = [v for v in tracker.get_latest_entity_values("person") if isinstance(v, str)]
        request = read_write_request(session, latest_text(tracker), people, list(tracker.get_latest_entity_values("role")),
                                     [], tracker.current_slot_values())
        ref, lookup = request.person, request.role
        candidate, role = ref.candidate, lookup.role
        if candidate is None:
            if ref.source == "ordinal":
                say(dispatcher, no_such_position(ref.ordinal, ref.list_size))
            elif ref.lookup.matches or ref.lookup.suggestions or ref.lookup.query.strip():
                say(dispatcher, who_do_you_mean(ref.lookup, "shortlist_candidate", {"role": role.title} if role else {}))
            else:
                say(dispatcher, msg.ASK_WHO_SHORTLIST)
            return [CLEAR]
        events: Events = [SlotSet("person", candidate.full_name), SlotSet("person_id", str(candidate.id))]
        if role is None and lookup.query:
            say(dispatcher, role_suggestions_reply(lookup, "shortlist_candidate", {"person": candidate.full_name}))
            return [*events, CLEAR]
        if role is None and tracker.get_slot("role"):
            role = find_role(session, str(tracker.get_slot("role"))).role
        choice = choose_shortlist_role(session, candidate, role)
        if choice.role is None:
            titles = [r.title for r in open_roles(session)]
            say(dispatcher, msg.which_shortlist_role(candidate.full_name, choice.options,
                                                     {"person": candidate.full_name}, titles))
            return [*events, CLEAR]
        events.append(SlotSet("role", choice.role.title))
        check = check_shortlist(session, candidate, choice.role)
        if check.pending is None:
            if check.problem == "role_closed":
                say(dispatcher, msg.role_closed(choice.role.title))
            else:
                say(dispatcher, msg.already_shortlisted(candidate.full_name, choice.role.title))
            return [*events, CLEAR]
        say(dispatcher, msg.confirm_shortlist(check.pending))
        return [*events, SlotSet("pending_write", check.pending)]

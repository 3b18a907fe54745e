"""The policy citation card and the leave balance in Block Kit, from the payloads the actions send."""

from __future__ import annotations

from bot.messages.leave import balance_reply
from bot.messages.policies import policy_reply
from bot.services.leave import Balance
from bot.services.policies import Citation, PolicyAnswer
from connectors.slack.renderers import render_reply
from connectors.slack.turns import BotReply


def _bot(reply) -> BotReply:
    return BotReply(text=reply.text, payload=reply.payload)


def test_citation_card_has_title_section_quote_source_see_also_and_thumbs() -> None:
    answer = PolicyAnswer("and for adoption?", True, [
        Citation("Parental Leave Policy", "Adoption and surrogacy", "data/handbook/parental-leave.md",
                 "The primary carer gets 26 weeks at full pay <b>now</b>.", 12, 0.8),
        Citation("Parental Leave Policy", "Eligibility", "data/handbook/parental-leave.md", "From day one.", 13, 0.7)])
    blocks = render_reply(_bot(policy_reply(answer)))
    text = str(blocks)
    assert "*Parental Leave Policy › Adoption and surrogacy*" in text and "> The primary carer" in text
    assert "&lt;b&gt;now&lt;/b&gt;" in text  # quoted text never turns into markup
    assert "Source: data/handbook/parental-leave.md" in text and "See also: Parental Leave Policy › Eligibility" in text
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["value"] for b in buttons] == ['/affirm{"item_type": "policy", "item_id": "12"}',
                                             '/deny{"item_type": "policy", "item_id": "12"}']


def test_i_dont_know_is_plain_text_with_thumbs_on_the_gap() -> None:
    blocks = render_reply(_bot(policy_reply(PolicyAnswer("dog?", False, contact="the People team", gap_id=7))))
    assert "I don't know" in str(blocks) and "the People team" in str(blocks)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["value"] == '/affirm{"item_type": "policy_gap", "item_id": "7"}'
    no_gap = render_reply(_bot(policy_reply(PolicyAnswer("dog?", False, contact="the People team"))))
    assert not [b for b in no_gap if b["type"] == "actions"]


def test_leave_balance_fields() -> None:
    rows = [Balance("annual", 2026, 28, 2, 7, 3, 1, 2), Balance("sick", 2026, 30, 0, 30, 0, 0, 0)]
    blocks = render_reply(_bot(balance_reply(rows, [{"start": "2026-06-15", "end": "2026-06-16", "status": "pending"}])))
    text = str(blocks)
    assert "You have 24 days of annual leave left in 2026." in text
    assert "24 left of 30 (2 pending)" in text and "Coming up: 2026-06-15–2026-06-16 (pending)" in text

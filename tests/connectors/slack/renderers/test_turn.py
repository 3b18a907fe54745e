"""Every payload type renders to valid-sized Block Kit; unknown or broken payloads fall back to text."""

from __future__ import annotations

import json

import pytest
from tests.connectors.slack.replies import HELP, did_you_mean, rest, status_of_amara, two_amaras

from bot.messages import INTERNAL_ERROR, RECRUITERS_ONLY, STORE_DOWN
from bot.messages.applications import ASK_WHO
from connectors.slack.blockkit import MAX_BLOCKS, MAX_SECTION_CHARS, kind_of
from connectors.slack.renderers import render_turn, renders
from connectors.slack.turns import BotReply, group


def elements(blocks: list[dict]) -> list[dict]:
    out = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return out + [b["accessory"] for b in blocks if b.get("accessory")]


def check_limits(blocks: list[dict]) -> None:
    """Slack's hard limits: 50 blocks, 3000-char sections, unique action ids, 75-char button text."""
    assert 0 < len(blocks) <= MAX_BLOCKS
    for block in blocks:
        assert len(block.get("text", {}).get("text", "")) <= MAX_SECTION_CHARS
    ids = [e["action_id"] for e in elements(blocks)]
    assert len(ids) == len(set(ids))
    assert all(len(e["text"]["text"]) <= 75 for e in elements(blocks) if "text" in e)


FUTURE = [
    {"type": "candidate_list", "role": "Data Engineer", "candidates": [
        {"candidate_id": i, "name": f"Person {i}", "headline": "Engineer", "location": "Berlin", "score": 0.8,
         "skills": ["python", "sql"]} for i in range(12)]},
    {"type": "role_card", "role_id": 3, "title": "Data Engineer", "level": "senior", "location": "Munich",
     "skills": ["spark", "sql"], "pay_band": {"min": 70000, "max": 90000, "currency": "EUR"}},
    {"type": "course_list", "courses": [{"course_id": 1, "title": "Intro to NLP", "provider": "Coursera", "hours": 12,
                                         "url": "https://example.org/nlp", "reason": "closes your NLP gap"}], "feedback": {"item_type": "course", "item_id": 1}},
    {"type": "confirmation", "summary": "Move Amara Okafor to offer for Data Engineer?"},
    {"type": "feedback", "item_type": "career_path", "item_id": 9},
    {"type": "brand_new_type", "things": [{"name": "A thing", "colour": "blue"}]},
]


@pytest.mark.parametrize("reply", [HELP, status_of_amara(), two_amaras(), did_you_mean(), ASK_WHO, STORE_DOWN,
                                   INTERNAL_ERROR, RECRUITERS_ONLY])
def test_todays_replies_render_within_limits(reply) -> None:
    text, blocks = render_turn(group(rest(reply)))
    check_limits(blocks)
    assert text == reply.text


@pytest.mark.parametrize("payload", FUTURE, ids=[p["type"] for p in FUTURE])
def test_coming_payload_types_render_within_limits(payload: dict) -> None:
    text, blocks = render_turn([BotReply(text="", payload=payload)])
    check_limits(blocks)
    assert text


def test_candidate_cards_offer_profile_shortlist_stage_and_compare() -> None:
    _, blocks = render_turn([BotReply("Top matches for Data Engineer:", payload=FUTURE[0])])
    values = [e.get("value") for e in elements(blocks)]
    assert "show the profile of Person 0" in values and "shortlist Person 0 for Data Engineer" in values
    assert "compare Person 0, Person 1 and Person 2" in values
    menu = next(e for e in elements(blocks) if e["type"] == "static_select")
    assert {"text": {"type": "plain_text", "text": "offer", "emoji": True}, "value": "move Person 0 to offer"} in menu["options"]
    assert "match 80%" in json.dumps(blocks)


def test_confirmation_and_feedback_buttons_are_one_shot() -> None:
    _, blocks = render_turn([BotReply("", payload=FUTURE[3])])
    assert [(e["value"], kind_of(e["action_id"])) for e in elements(blocks)] == [("/affirm", "hr:once"), ("/deny", "hr:once")]
    _, blocks = render_turn([BotReply("Try these courses", payload=FUTURE[2])])
    assert "_closes your NLP gap_" in json.dumps(blocks)
    thumbs = [e["value"] for e in elements(blocks) if kind_of(e["action_id"]) == "hr:once"]
    assert thumbs == ['/affirm{"item_type": "course", "item_id": "1"}',
                      '/deny{"item_type": "course", "item_id": "1"}']


def test_text_is_escaped_and_long_text_split() -> None:
    _, blocks = render_turn([BotReply("<!channel> & <b>hi</b>\n" + "x" * 7000)])
    check_limits(blocks)
    assert blocks[0]["text"]["text"].startswith("&lt;!channel&gt; &amp; &lt;b&gt;hi&lt;/b&gt;")
    assert sum(len(b["text"]["text"]) for b in blocks) >= 7000


def test_broken_renderer_falls_back_to_generic() -> None:
    @renders("exploding")
    def explode(reply: BotReply) -> list[dict]:
        raise KeyError("boom")

    _, blocks = render_turn([BotReply("still here", buttons=[{"title": "ok", "payload": "/affirm"}], payload={"type": "exploding"})])
    assert blocks[0]["text"]["text"] == "still here" and elements(blocks)[0]["value"] == "/affirm"


def test_custom_attaches_to_the_text_before_it() -> None:
    replies = group([{"text": "a", "buttons": [{"title": "t", "payload": "p"}]}, {"custom": {"type": "help"}},
                     {"custom": {"type": "feedback", "text": "rate"}}, {"text": "b"}])
    assert [(r.text, r.type, len(r.buttons)) for r in replies] == [("a", "help", 1), ("rate", "feedback", 0), ("b", "", 0)]


def test_ranked_match_cards_say_why() -> None:
    match = {"candidate_id": 4, "name": "Lena Park", "headline": "NLP Engineer", "score": 0.93,
             "skills": ["pytorch", "nlp"], "matched_required": ["pytorch", "nlp"], "missing_required": ["python"],
             "required_coverage": "2/3", "evidence": "Built NLP pipelines in PyTorch at scale."}
    _, blocks = render_turn([BotReply("Top 1 matches for Senior NLP Engineer:", payload={
        "type": "candidate_list", "role": "Senior NLP Engineer", "candidates": [match]})])
    check_limits(blocks)
    card = next(b["text"]["text"] for b in blocks if "Lena Park" in b.get("text", {}).get("text", ""))
    assert "match 93%" in card and "required 2/3" in card and "missing python" in card
    assert "Built NLP pipelines in PyTorch at scale." in card


def test_ranked_match_cards_show_the_score_as_its_parts_and_why_it_ranks_first() -> None:
    first = {"candidate_id": 4, "name": "Lena Park", "headline": "NLP Engineer", "score": 0.867,
             "score_points": {"required": 26.7, "semantic": 25.0, "experience": 15.0, "nice": 10.0, "location": 10.0},
             "score_parts": "required skills 26.7 + semantic fit 25.0 + experience 15.0 + nice-to-have skills 10.0 "
                            "+ location 10.0",
             "ranked_above": {"other": "Omar Diaz", "text": "ranked above Omar Diaz, who has every required skill, "
                                                            "on semantic fit +8.7 (behind on required skills −13.3)."},
             "matched_required": ["pytorch", "nlp"], "missing_required": ["python"], "required_coverage": "2/3"}
    _, blocks = render_turn([BotReply("Top 1 matches for Senior NLP Engineer:", payload={
        "type": "candidate_list", "role": "Senior NLP Engineer", "candidates": [first]})])
    check_limits(blocks)
    card = next(b["text"]["text"] for b in blocks if "Lena Park" in b.get("text", {}).get("text", ""))
    assert "match 86.7/100" in card and "= required skills 26.7 + semantic fit 25.0" in card
    assert "ranked above Omar Diaz, who has every required skill, on semantic fit +8.7" in card


def test_role_card_quotes_the_posting_and_keeps_evidence_out_of_the_fields() -> None:
    payload = {"type": "role_card", "role_id": 3, "title": "Data Engineer", "location": "Munich",
               "evidence": [{"kind": "required", "value": "Spark", "evidence": "You have run Spark jobs in production."}]}
    _, blocks = render_turn([BotReply("Data Engineer", payload=payload)])
    check_limits(blocks)
    texts = json.dumps(blocks)
    assert "From the posting" in texts and "You have run Spark jobs in production." in texts
    assert not any("Evidence" in json.dumps(b.get("fields", [])) for b in blocks)

"""Wording of policy answers: the quoted passage with its citation card, or an honest "I don't know"."""

from __future__ import annotations

from bot.messages.reply import Reply
from bot.services.policies import PolicyAnswer

ASK_WHAT = Reply("Which policy would you like to know about? For example: \"what's our parental leave policy?\" "
                 "or \"how many days can I work from abroad?\"", {"type": "ask", "slot": "policy_topic"})


def policy_reply(answer: PolicyAnswer) -> Reply:
    """A `policy_answer` card: document › section, the quote, its source, "see also", and 👍/👎 on the answer."""
    if not answer.answered:
        text = (f"I don't know: our handbook doesn't answer that, and I won't guess. "
                f"Please ask {answer.contact}.")
        payload = {"type": "policy_answer", "answered": False, "question": answer.question,
                   "contact": answer.contact, "citations": []}
        if answer.gap_id is not None:  # 👍/👎 on the "I don't know" too: a 👎 says the gap matters
            payload["feedback"] = {"item_type": "policy_gap", "item_id": str(answer.gap_id)}
        return Reply(text, payload)
    best, *more = answer.citations
    lines = [f"From {best.document} › {best.section}:", f"\"{best.quote}\"", f"Source: {best.source}"]
    if more:
        lines.append("See also: " + "; ".join(f"{c.document} › {c.section}" for c in more))
    payload = {
        "type": "policy_answer",
        "answered": True,
        "question": answer.question,
        "citations": [{"document": c.document, "section": c.section, "source": c.source, "quote": c.quote}
                      for c in answer.citations],
        "feedback": {"item_type": "policy", "item_id": str(best.passage_id)},
    }
    return Reply("\n".join(lines), payload)

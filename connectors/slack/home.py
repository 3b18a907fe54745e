"""The App Home tab and the "ask" modal: what the assistant can do, for the user's role."""

from __future__ import annotations

from typing import Any

from connectors.slack.blockkit import (
    Block, actions, button, context, divider, escape, finalize, header, plain, section,
)

ASK_VIEW = "hr_ask"
"""callback_id of the modal; its submission becomes a question in the user's DM."""
ASK_BLOCK, ASK_INPUT = "question", "text"
HOME_ASK_ACTION = "hr_home_ask"

RECRUITER_EXAMPLES = (
    "where is Amara Okafor in the process?",
    "anyone with PyTorch and NLP in Berlin?",
    "best candidates for the Senior NLP Engineer role",
)
EMPLOYEE_EXAMPLES = (
    "what should I learn to become an ML engineer?",
    "what does the Data Engineer role require?",
)


def home_view(name: str = "", role: str | None = None) -> dict[str, Any]:
    """Home tab: a greeting, how to reach the assistant, and example questions as buttons."""
    greeting = f"Hi {name}!" if name else "Hi!"
    who = {"recruiter": "You're set up as a *recruiter*: candidates, roles and the pipeline are open to you.",
           "employee": "You're set up as an *employee*: ask about training, skill gaps and career paths."}
    examples = RECRUITER_EXAMPLES + EMPLOYEE_EXAMPLES if role == "recruiter" else EMPLOYEE_EXAMPLES
    blocks: list[Block] = [
        header("hrbot, your HR assistant"),
        section(escape(greeting) + " " + who.get(role or "", who["employee"])),
        section(
            "*How to ask*\n• Send me a direct message\n• Mention me in a channel: `@hrbot where is …`\n"
            "• Use `/hr <question>` anywhere (only you see the answer)\n"
            "Each thread is its own conversation, so you can keep several going."
        ),
        divider(),
        section("*Try one*"),
        *actions([button(e, e) for e in examples]),
        *actions([
            {"type": "button", "text": plain("Ask a question…"), "action_id": HOME_ASK_ACTION, "style": "primary"}
        ]),
        context("Answers come from the HR database; a person in your HR team owns every decision."),
    ]
    return {"type": "home", "blocks": finalize(blocks)}


def ask_modal() -> dict[str, Any]:
    """A modal with one text box; the answer arrives in the user's DM."""
    return {
        "type": "modal",
        "callback_id": ASK_VIEW,
        "title": plain("Ask hrbot", 24),
        "submit": plain("Ask", 24),
        "close": plain("Cancel", 24),
        "blocks": [
            {
                "type": "input",
                "block_id": ASK_BLOCK,
                "label": plain("Your question"),
                "element": {"type": "plain_text_input", "action_id": ASK_INPUT, "multiline": True, "max_length": 3000},
            },
            context("I'll answer in our direct messages."),
        ],
    }


def submitted_question(view: dict[str, Any]) -> str:
    """The text typed into the modal."""
    values = (view.get("state") or {}).get("values") or {}
    return str(((values.get(ASK_BLOCK) or {}).get(ASK_INPUT) or {}).get("value") or "").strip()

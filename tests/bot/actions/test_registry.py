"""The action server's view of `bot.actions`: every custom action the domain lists, each registered once."""

from __future__ import annotations

from rasa_sdk.executor import ActionExecutor

from tests.bot.actions.rasa_turns import domain


def test_the_action_server_registers_exactly_the_domains_custom_actions() -> None:
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    listed = {a for a in domain()["actions"] if a.startswith(("action_", "validate_"))}
    ours = {name for name, run in executor.actions.items() if type(run.__self__).__module__.startswith("bot.actions")}
    assert ours == listed  # test modules' own actions may be imported too: only bot.actions counts

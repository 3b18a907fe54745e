"""`python -m rasa_server run --enable-api` never serves Rasa's HTTP API without a token."""

from __future__ import annotations

import pytest

from rasa_server.__main__ import NO_TOKEN, with_api_token

RUN = ["rasa_server", "run", "--enable-api", "--port", "5005"]


def test_the_token_comes_from_the_environment() -> None:
    assert with_api_token(RUN, {"HRBOT_RASA_TOKEN": " t0ken "}) == [*RUN, "--auth-token=t0ken"]
    assert with_api_token(RUN, {"HRBOT_RASA_TOKEN": "-starts-like-an-option"})[-1] == "--auth-token=-starts-like-an-option"


def test_a_given_token_and_no_api_are_left_alone() -> None:
    given = [*RUN, "--auth-token", "mine"]
    assert with_api_token(given, {"HRBOT_RASA_TOKEN": "env"}) == given
    assert with_api_token([*RUN, "--auth-token=mine"], {}) == [*RUN, "--auth-token=mine"]
    assert with_api_token(["rasa_server", "run"], {}) == ["rasa_server", "run"]


def test_the_api_without_any_token_refuses_to_start() -> None:
    with pytest.raises(SystemExit) as stopped:
        with_api_token(RUN, {"HRBOT_RASA_TOKEN": " "})
    assert stopped.value.code == NO_TOKEN and "HRBOT_RASA_TOKEN" in NO_TOKEN

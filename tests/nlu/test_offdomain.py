"""The public off-domain data: HR-adjacent and maybe-ours requests are kept out, the committed CLINC150
negatives are what the generator writes, and the development and test splits share no request."""

from __future__ import annotations

import pytest

from nlu import offdomain


@pytest.mark.parametrize("text", [
    "how many vacation days do i have left", "when is pay day", "where can i find my w2", "what's our parental leave policy",
    "i need to change my direct deposit", "what are my health insurance benefits", "find me a job in berlin",
    "how do i prepare for an interview",
])
def test_hr_adjacent_and_maybe_ours_requests_are_not_off_domain(text: str) -> None:
    assert offdomain.excluded(text)


@pytest.mark.parametrize("text", ["what's the weather in paris", "text chrissy i'm on my way", "how many steps have i taken today",
                                  "can you tell me the s&p average"])
def test_ordinary_off_domain_requests_are_kept(text: str) -> None:
    assert not offdomain.excluded(text)


def test_work_domain_intents_are_excluded_whatever_the_words() -> None:
    assert offdomain.excluded("can i get the day of the next one", "next_holiday")


@pytest.fixture(scope="module")
def mirrors() -> None:
    if not (offdomain.data_root() / offdomain.CLINC_REPO / "repo").is_dir():
        pytest.skip("the CLINC150 mirror is not on this machine (HRBOT_PUBLIC_DATA); benchmarks only")


def test_committed_negatives_are_generated_from_clinc150(mirrors, tmp_path) -> None:
    fresh = tmp_path / "out_of_scope_clinc150.yml"
    offdomain.write_training(fresh)
    assert fresh.read_text() == offdomain.TRAINING_FILE.read_text(), "run `python -m nlu.offdomain --write-training`"


def test_splits_are_disjoint_and_clean(mirrors) -> None:
    dev = {r.text.lower() for r in offdomain.off_domain("dev")}
    test = {r.text.lower() for r in offdomain.off_domain("test")}
    train = {r.text.lower() for r in offdomain.training_negatives()}
    assert len(dev) > 3000 and len(test) > 5000
    assert not (train & test), "a training negative is in the test split"
    assert not any(offdomain.excluded(t) for t in test | train)

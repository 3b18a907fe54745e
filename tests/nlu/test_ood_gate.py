"""OutOfDomainGate under Rasa's GraphComponent contract: train -> persist -> load gates the same messages,
a request far from its intent's examples goes to out_of_scope with the reason in the parse, close ones
pass, exempt intents are never gated, an untrained gate is open, bad config is refused."""

from __future__ import annotations

from typing import List

import numpy as np
import pytest
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.featurizer import MiniLMFeaturizer
from nlu.intent_classifier import MiniLMIntentClassifier
from nlu.ood_gate import GATE_KEY, OutOfDomainGate

IN_DOMAIN = ["find Python developers in Berlin", "reject Jonas Becker", "hello there"]  # as trained
OFF_DOMAIN = ["how many calories are in a banana", "what is the exchange rate from dollars to yen",
              "set my thermostat to seventy degrees"]


@pytest.fixture()
def pieces(model_storage, execution_context, tiny_training_data):
    tok = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), model_storage, Resource("tok"), execution_context)
    feat = MiniLMFeaturizer.create(MiniLMFeaturizer.get_default_config(), model_storage, Resource("minilm"), execution_context)
    data = feat.process_training_data(tok.process_training_data(tiny_training_data))
    clf = MiniLMIntentClassifier.create(MiniLMIntentClassifier.get_default_config(), model_storage, Resource("clf"),
                                        execution_context)
    clf.train(data)
    return tok, feat, clf, data


def _parsed(texts: List[str], pieces) -> List[Message]:
    tok, feat, clf, _ = pieces
    return clf.process(feat.process(tok.process([Message(data={TEXT: t}) for t in texts])))


def _config(**changes) -> dict:
    return {**OutOfDomainGate.get_default_config(), **changes}


def _intents(messages: List[Message]) -> List[str]:
    return [m.get("intent")["name"] for m in messages]


def test_train_persist_load_gates_the_same(model_storage, execution_context, pieces) -> None:
    *_, data = pieces
    resource = Resource("gate")
    trained = OutOfDomainGate.create(_config(margin=1.5), model_storage, resource, execution_context)
    assert trained.train(data) == resource
    loaded = OutOfDomainGate.load(_config(margin=1.5), model_storage, resource, execution_context)
    texts = IN_DOMAIN + OFF_DOMAIN
    before, after = trained.process(_parsed(texts, pieces)), loaded.process(_parsed(texts, pieces))
    assert _intents(before) == _intents(after)
    assert [m.get(GATE_KEY)["distance"] for m in before] == pytest.approx([m.get(GATE_KEY)["distance"] for m in after], abs=1e-3)
    assert _intents(after)[: len(IN_DOMAIN)] == ["search_candidates", "move_stage", "greet"]
    assert _intents(after)[len(IN_DOMAIN):] == ["out_of_scope"] * len(OFF_DOMAIN)


def test_a_gated_message_says_why_and_keeps_the_ranking(model_storage, execution_context, pieces) -> None:
    *_, data = pieces
    gate = OutOfDomainGate.create(_config(), model_storage, Resource("g"), execution_context)
    gate.train(data)
    message = gate.process(_parsed(["how many calories are in a banana"], pieces))[0]
    reason = message.get(GATE_KEY)
    assert reason["distance"] > reason["threshold"] > 0
    assert reason["threshold"] == pytest.approx(gate.threshold(reason["intent"]), abs=1e-3)
    assert reason["margin"] == _config()["margin"]  # what benchmarks/ood_tuning.py divides out to replay other margins
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "out_of_scope" and ranking[0]["confidence"] == message.get("intent")["confidence"]
    assert 0.5 < ranking[0]["confidence"] < 1.0
    assert reason["intent"] in [r["name"] for r in ranking[1:]]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=1e-5)


def test_thresholds_are_per_intent_quantiles_of_training_distances(model_storage, execution_context, pieces) -> None:
    *_, data = pieces
    gate = OutOfDomainGate.create(_config(quantile=1.0), model_storage, Resource("q"), execution_context)
    gate.train(data)
    for intent in ("greet", "search_candidates", "move_stage"):
        own = [m for m in data.intent_examples if m.get("intent") == intent]
        distances = [gate.distance(m, intent) for m in own]
        assert gate.threshold(intent) == pytest.approx(max(distances))
    assert len({round(gate.threshold(i), 6) for i in ("greet", "search_candidates", "move_stage")}) == 3


def test_exempt_intents_and_an_untrained_gate_pass_everything(model_storage, execution_context, pieces) -> None:
    *_, data = pieces
    exempt = OutOfDomainGate.create(_config(exempt_intents=["greet", "search_candidates", "move_stage"]),
                                    model_storage, Resource("e"), execution_context)
    exempt.train(data)
    open_gate = OutOfDomainGate.load(_config(), model_storage, Resource("never_trained"), execution_context)
    for gate in (exempt, open_gate):
        messages = gate.process(_parsed(OFF_DOMAIN, pieces))
        assert "out_of_scope" not in _intents(messages)


@pytest.mark.parametrize("bad", [{"quantile": 0}, {"quantile": 1.5}, {"margin": 0}, {"margin": "1"},
                                 {"exempt_intents": "greet"}])
def test_invalid_config_is_rejected(model_storage, execution_context, bad) -> None:
    with pytest.raises(InvalidConfigException):
        OutOfDomainGate.create(_config(**bad), model_storage, Resource("bad"), execution_context)


def test_registered_as_trainable_intent_classifier() -> None:
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("OutOfDomainGate")
    assert registered.clazz is OutOfDomainGate
    assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types and registered.is_trainable


def test_distance_is_mahalanobis(model_storage, execution_context, pieces) -> None:
    *_, data = pieces
    gate = OutOfDomainGate.create(_config(), model_storage, Resource("m"), execution_context)
    gate.train(data)
    message = _parsed(["find Kubernetes people in Lisbon"], pieces)[0]
    x = message.get_dense_features(TEXT)[1].features.reshape(-1).astype(np.float64)
    i = gate._index["search_candidates"]
    diff = x - gate._means[i]
    assert gate.distance(message, "search_candidates") == pytest.approx(float(np.sqrt(diff @ gate._precision @ diff)))

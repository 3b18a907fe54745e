"""MiniLMIntentClassifier (Rasa's LogisticRegressionClassifier on the MiniLM sentence vector) under Rasa's
GraphComponent contract: train -> persist -> load predicts the same rankings, it learns the tiny task
from the MiniLM sentence vector alone, and bad states are clear."""

from __future__ import annotations

from typing import List

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from nlu.featurizer import MiniLMFeaturizer
from nlu.intent_classifier import MiniLMIntentClassifier

QUERIES = ["find Kubernetes people in Lisbon", "please reject Jonas Becker", "hello!", "hey there"]
EXPECTED = ["search_candidates", "move_stage", "greet", "greet"]


@pytest.fixture()
def pieces(model_storage, execution_context):
    tok = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), model_storage, Resource("tok"), execution_context)
    feat = MiniLMFeaturizer.create(MiniLMFeaturizer.get_default_config(), model_storage, Resource("minilm"), execution_context)
    return tok, feat


def _messages(texts: List[str], pieces) -> List[Message]:
    tok, feat = pieces
    return feat.process(tok.process([Message(data={TEXT: t}) for t in texts]))


def _config(**changes) -> dict:
    return {**MiniLMIntentClassifier.get_default_config(), **changes}


def _ranking(messages: List[Message]) -> list:
    return [[(r["name"], round(r["confidence"], 6)) for r in m.get("intent_ranking")] for m in messages]


def test_train_persist_load_same_predictions(model_storage, execution_context, tiny_training_data, pieces) -> None:
    tok, feat = pieces
    data = feat.process_training_data(tok.process_training_data(tiny_training_data))
    resource = Resource("intent_head")
    trained = MiniLMIntentClassifier.create(_config(), model_storage, resource, execution_context)
    assert trained.train(data) == resource
    with model_storage.read_from(resource) as directory:
        assert (directory / "intent_head.skops").is_file()  # Rasa's own persistence
    loaded = MiniLMIntentClassifier.load(_config(), model_storage, resource, execution_context)

    before = trained.process(_messages(QUERIES, pieces))
    after = loaded.process(_messages(QUERIES, pieces))
    assert _ranking(before) == _ranking(after)
    assert [m.get("intent")["name"] for m in after] == EXPECTED
    for m in after:
        confidences = [r["confidence"] for r in m.get("intent_ranking")]
        assert confidences == sorted(confidences, reverse=True)
        assert sum(confidences) == pytest.approx(1.0, abs=1e-5)  # three intents, all ranked
        assert m.get("intent")["confidence"] == confidences[0]


def test_ranking_length_is_honoured(model_storage, execution_context, tiny_training_data, pieces) -> None:
    tok, feat = pieces
    data = feat.process_training_data(tok.process_training_data(tiny_training_data))
    clf = MiniLMIntentClassifier.create(_config(ranking_length=2), model_storage, Resource("short"), execution_context)
    clf.train(data)
    assert all(len(m.get("intent_ranking")) == 2 for m in clf.process(_messages(QUERIES, pieces)))


def test_untrained_or_missing_weights_predict_no_intent(model_storage, execution_context, pieces) -> None:
    loaded = MiniLMIntentClassifier.load(_config(), model_storage, Resource("never_trained"), execution_context)
    message = loaded.process(_messages(["hello"], pieces))[0]
    assert message.get("intent")["name"] is None and message.get("intent_ranking") == []


def test_reads_the_minilm_sentence_vector_alone(model_storage, execution_context, pieces) -> None:
    messages = _messages(QUERIES, pieces)
    for m in messages:  # a sparse sentence feature, as RegexFeaturizer adds: Rasa's own would stack it
        m.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 5))), FEATURE_TYPE_SENTENCE, TEXT, "regex"))
    clf = MiniLMIntentClassifier.create(_config(), model_storage, Resource("x"), execution_context)
    X = clf._create_X(messages)
    assert X.shape == (len(QUERIES), 384)
    assert np.allclose(X[0], messages[0].get_dense_features(TEXT)[1].features.reshape(-1))


def test_c_reaches_the_sklearn_model(model_storage, execution_context) -> None:
    clf = MiniLMIntentClassifier.create(_config(C=3.5), model_storage, Resource("x"), execution_context)
    assert clf.clf.C == 3.5 and clf.clf.class_weight == "balanced"


@pytest.mark.parametrize("bad", [{"C": 0}, {"C": "10"}, {"C": -1.0}])
def test_invalid_config_is_rejected(model_storage, execution_context, bad) -> None:
    with pytest.raises(InvalidConfigException):
        MiniLMIntentClassifier.create(_config(**bad), model_storage, Resource("bad"), execution_context)


def test_registered_as_trainable_intent_classifier() -> None:
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("MiniLMIntentClassifier")
    assert registered.clazz is MiniLMIntentClassifier
    assert DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER in registered.types
    assert registered.is_trainable is True

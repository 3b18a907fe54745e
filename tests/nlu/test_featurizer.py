"""MiniLMFeaturizer under Rasa's GraphComponent contract, and DIET on top of it:
train -> persist -> load gives identical features and predictions; the model archive is portable."""

from __future__ import annotations

import copy
import shutil
import tarfile
from pathlib import Path
from typing import Dict, List

import numpy as np
import pytest
import yaml
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.featurizer import MiniLMFeaturizer

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "find Kubernetes people in Berlin",
    "reject Jonas Becker",
    "hello!",
    "move Amara Okafor to onsite",
    "anyone with PyTorch in Lisbon?",
]


def _featurizer(model_storage, execution_context, **config) -> MiniLMFeaturizer:
    cfg = {**MiniLMFeaturizer.get_default_config(), **config}
    return MiniLMFeaturizer.create(cfg, model_storage, Resource("minilm"), execution_context)


def _tokenizer(model_storage, execution_context) -> WhitespaceTokenizer:
    return WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), model_storage, Resource("tok"), execution_context)


def _messages(texts: List[str], tokenizer: WhitespaceTokenizer) -> List[Message]:
    msgs = [Message(data={TEXT: t}) for t in texts]
    return tokenizer.process(msgs)


@pytest.mark.parametrize("quantize", [True, False])
def test_features_shapes_and_train_inference_parity(model_storage, execution_context, tiny_training_data, quantize) -> None:
    tok = _tokenizer(model_storage, execution_context)
    feat = _featurizer(model_storage, execution_context, quantize=quantize)
    data = tok.process_training_data(tiny_training_data)
    data = feat.process_training_data(data)

    examples = [m for m in data.training_examples if m.get(TEXT)]
    assert examples
    for m in examples:
        f = feat.features_of(m)
        n_tokens = len(m.get("text_tokens"))
        assert f["sequence"].shape == (n_tokens, 384)
        assert f["sentence"].shape == (1, 384)
        assert f["sequence"].dtype == np.float32

    # the same texts at inference get the very same features as at training
    fresh = _messages([m.get(TEXT) for m in examples], tok)
    feat.process(fresh)
    for trained, inferred in zip(examples, fresh):
        a, b = feat.features_of(trained), feat.features_of(inferred)
        tol = 0 if quantize else 1e-4  # fp32 training batches are padded, inference is not
        np.testing.assert_allclose(a["sequence"], b["sequence"], atol=tol)
        np.testing.assert_allclose(a["sentence"], b["sentence"], atol=tol)


def test_load_gives_identical_features(model_storage, execution_context) -> None:
    tok = _tokenizer(model_storage, execution_context)
    cfg = {**MiniLMFeaturizer.get_default_config()}
    created = MiniLMFeaturizer.create(cfg, model_storage, Resource("minilm"), execution_context)
    loaded = MiniLMFeaturizer.load(cfg, model_storage, Resource("minilm"), execution_context)
    a = created.process(_messages(QUERIES, tok))
    b = loaded.process(_messages(QUERIES, tok))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(created.features_of(x)["sequence"], loaded.features_of(y)["sequence"])
        np.testing.assert_array_equal(created.features_of(x)["sentence"], loaded.features_of(y)["sentence"])


def test_message_without_text_is_left_alone(model_storage, execution_context) -> None:
    feat = _featurizer(model_storage, execution_context)
    msg = Message(data={"intent": "greet"})
    feat.process([msg])
    assert msg.features == []


@pytest.mark.parametrize(
    "bad",
    [{"max_length": 4}, {"max_length": "64"}, {"num_threads": -1}, {"batch_size": 0}],
)
def test_invalid_config_is_rejected(model_storage, execution_context, bad) -> None:
    with pytest.raises(InvalidConfigException):
        _featurizer(model_storage, execution_context, **bad)


def test_registered_for_the_default_recipe() -> None:
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("MiniLMFeaturizer")
    assert registered.clazz is MiniLMFeaturizer
    assert DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER in registered.types
    assert registered.is_trainable is False


def _predictions(messages: List[Message]) -> List[Dict]:
    out = []
    for m in messages:
        ranking = [(r["name"], round(float(r["confidence"]), 5)) for r in m.get("intent_ranking") or []]
        ents = [(e["entity"], e["start"], e["end"], e["value"]) for e in m.get("entities") or []]
        out.append({"intent": m.get("intent")["name"], "ranking": ranking, "entities": ents})
    return out


def test_diet_on_minilm_features_train_persist_load(model_storage, execution_context, tiny_training_data) -> None:
    """The pipeline pieces through the graph component API: the loaded DIET predicts exactly as trained."""
    tok = _tokenizer(model_storage, execution_context)
    feat = _featurizer(model_storage, execution_context)
    data = tok.process_training_data(tiny_training_data)
    data = feat.process_training_data(data)

    diet_config = {**DIETClassifier.get_default_config(), "epochs": 30, "random_seed": 7,
                   "number_of_transformer_layers": 1, "transformer_size": 64,
                   "constrain_similarities": True}
    diet = DIETClassifier.create(diet_config, model_storage, Resource("diet"), execution_context)
    resource = diet.train(data)

    def run(classifier: DIETClassifier) -> List[Dict]:
        msgs = _messages(QUERIES, tok)
        msgs = feat.process(msgs)
        return _predictions(classifier.process(msgs))

    before = run(diet)
    loaded = DIETClassifier.load(diet_config, model_storage, resource, execution_context)
    after = run(loaded)
    # Same intents, rankings and entities; confidences equal up to float noise from threaded
    # TensorFlow reductions (exact 5-decimal rounding can flip on a busy machine).
    for b, a in zip(before, after, strict=True):
        assert (b["intent"], b["entities"]) == (a["intent"], a["entities"])
        assert [n for n, _ in b["ranking"]] == [n for n, _ in a["ranking"]]
        assert [c for _, c in b["ranking"]] == pytest.approx([c for _, c in a["ranking"]], abs=1e-3)
    # and it learned the tiny task from the MiniLM features alone (30 epochs: allow one miss)
    expected = ["search_candidates", "move_stage", "greet"]
    assert sum(p["intent"] == e for p, e in zip(after[:3], expected)) >= 2


TINY_CONFIG_PIPELINE = [
    {"name": "WhitespaceTokenizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "nlu.featurizer.MiniLMFeaturizer"},
    {"name": "DIETClassifier", "epochs": 30, "random_seed": 7, "number_of_transformer_layers": 1, "transformer_size": 64,
                   "constrain_similarities": True},
    {"name": "EntitySynonymMapper"},
]


def test_model_archive_is_portable(tmp_path: Path, tiny_nlu_yaml: str) -> None:
    """`rasa train nlu` -> archive -> copied elsewhere -> loads and predicts the same; no absolute paths inside."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp_path / "nlu.yml").write_text(tiny_nlu_yaml)
    config = {"recipe": "default.v1", "assistant_id": "portable", "language": "en",
              "pipeline": copy.deepcopy(TINY_CONFIG_PIPELINE), "policies": []}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    model = train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"), fixed_model_name="tiny")
    assert model

    elsewhere = tmp_path / "another-machine"
    elsewhere.mkdir()
    moved = Path(shutil.copy(model, elsewhere / "moved.tar.gz"))

    async def parse(path: Path) -> List[Dict]:
        agent = Agent.load(str(path))
        out = []
        for q in QUERIES:
            p = await agent.parse_message(q)
            out.append({"intent": p["intent"]["name"], "confidence": round(p["intent"]["confidence"], 5),
                        "entities": [(e["entity"], e["start"], e["end"], e["value"]) for e in p["entities"]]})
        return out

    assert asyncio.run(parse(Path(model))) == asyncio.run(parse(moved))

    # nothing machine-specific in the archive: no checkout, venv or home paths
    forbidden = {str(ROOT), str(Path.home()), str(Path(np.__file__).parents[2])}
    import nlu.minilm

    forbidden.add(str(nlu.minilm.default_model_path()))
    with tarfile.open(moved) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member).read()
            for path in forbidden:
                assert path.encode() not in data, f"{member.name} contains {path}"

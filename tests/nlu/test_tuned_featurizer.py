"""FineTunedMiniLMFeaturizer under Rasa's GraphComponent contract: train -> persist -> load gives the
same features, the tuned encoder separates the training intents better than the frozen one, and
a model archive with tuned weights loads elsewhere."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Dict, List

import numpy as np
import pytest
import yaml
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.featurizer import MiniLMFeaturizer
from nlu.tuned_featurizer import WEIGHTS, FineTunedMiniLMFeaturizer

QUERIES = ["find Kubernetes people in Berlin", "reject Jonas Becker", "hello!", "anyone with PyTorch in Lisbon?"]
FAST = {"epochs": 2, "fine_tune_batch_size": 8, "learning_rate": 1e-4}


def _tokenizer(model_storage, execution_context) -> WhitespaceTokenizer:
    return WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), model_storage, Resource("tok"), execution_context)


def _config(**changes) -> dict:
    return {**FineTunedMiniLMFeaturizer.get_default_config(), **FAST, **changes}


def _messages(texts: List[str], tokenizer: WhitespaceTokenizer) -> List[Message]:
    return tokenizer.process([Message(data={TEXT: t}) for t in texts])


def _sentences(featurizer: MiniLMFeaturizer, messages: List[Message]) -> np.ndarray:
    return np.vstack([featurizer.features_of(m)["sentence"] for m in featurizer.process(messages)])


def _separation(vectors: np.ndarray, labels: List[str]) -> float:
    """Mean cosine to same-intent examples minus mean cosine to other intents."""
    v = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    sim = v @ v.T
    same = np.array([[a == b for b in labels] for a in labels])
    np.fill_diagonal(same, False)
    other = ~same
    np.fill_diagonal(other, False)
    return float(sim[same].mean() - sim[other].mean())


@pytest.fixture()
def trained(model_storage, execution_context, tiny_training_data):
    """A featurizer trained on the tiny data, and its resource."""
    tok = _tokenizer(model_storage, execution_context)
    data = tok.process_training_data(tiny_training_data)
    resource = Resource("tuned_minilm")
    featurizer = FineTunedMiniLMFeaturizer.create(_config(), model_storage, resource, execution_context)
    assert featurizer.train(data) == resource
    return resource, data


def test_train_persists_weights_and_load_gives_identical_features(model_storage, execution_context, trained) -> None:
    resource, _ = trained
    with model_storage.read_from(resource) as directory:
        assert (directory / WEIGHTS).is_file()
    tok = _tokenizer(model_storage, execution_context)
    first = FineTunedMiniLMFeaturizer.load(_config(), model_storage, resource, execution_context)
    second = FineTunedMiniLMFeaturizer.load(_config(), model_storage, resource, execution_context)
    np.testing.assert_array_equal(_sentences(first, _messages(QUERIES, tok)), _sentences(second, _messages(QUERIES, tok)))

    frozen = MiniLMFeaturizer.create(MiniLMFeaturizer.get_default_config(), model_storage, Resource("frozen"), execution_context)
    tuned = _sentences(first, _messages(QUERIES, tok))
    assert not np.allclose(tuned, _sentences(frozen, _messages(QUERIES, tok)), atol=1e-3), "fine-tuning changed nothing"
    for m in first.process(_messages(QUERIES, tok)):
        f = first.features_of(m)
        assert f["sequence"].shape == (len(m.get("text_tokens")), 384)


def test_training_and_inference_features_match(model_storage, execution_context, trained) -> None:
    """The run node featurizes training data with the persisted weights; inference gets the same rows."""
    resource, data = trained
    featurizer = FineTunedMiniLMFeaturizer.load(_config(), model_storage, resource, execution_context)
    data = featurizer.process_training_data(data)
    examples = [m for m in data.training_examples if m.get(TEXT)]
    fresh = featurizer.process(_messages([m.get(TEXT) for m in examples], _tokenizer(model_storage, execution_context)))
    for a, b in zip(examples, fresh):
        np.testing.assert_array_equal(featurizer.features_of(a)["sentence"], featurizer.features_of(b)["sentence"])
        np.testing.assert_array_equal(featurizer.features_of(a)["sequence"], featurizer.features_of(b)["sequence"])


def test_tuned_encoder_separates_intents_better_than_frozen(model_storage, execution_context, trained) -> None:
    resource, data = trained
    examples = [m for m in data.training_examples if m.get(TEXT) and m.get("intent")]
    texts, labels = [m.get(TEXT) for m in examples], [m.get("intent") for m in examples]
    tok = _tokenizer(model_storage, execution_context)
    tuned = FineTunedMiniLMFeaturizer.load(_config(), model_storage, resource, execution_context)
    frozen = MiniLMFeaturizer.create(MiniLMFeaturizer.get_default_config(), model_storage, Resource("frozen"), execution_context)
    assert _separation(_sentences(tuned, _messages(texts, tok)), labels) > _separation(_sentences(frozen, _messages(texts, tok)), labels) + 0.05


def test_zero_epochs_keeps_the_frozen_weights(model_storage, execution_context, tiny_training_data) -> None:
    tok = _tokenizer(model_storage, execution_context)
    data = tok.process_training_data(tiny_training_data)
    config = _config(epochs=0, quantize=False)  # fp32: int8 rounding would hide what is compared
    resource = FineTunedMiniLMFeaturizer.create(config, model_storage, Resource("zero"), execution_context).train(data)
    loaded = FineTunedMiniLMFeaturizer.load(config, model_storage, resource, execution_context)
    frozen_config = {**MiniLMFeaturizer.get_default_config(), "quantize": False}
    frozen = MiniLMFeaturizer.create(frozen_config, model_storage, Resource("frozen"), execution_context)
    # fp16 storage of the weights is the only difference
    np.testing.assert_allclose(_sentences(loaded, _messages(QUERIES, tok)), _sentences(frozen, _messages(QUERIES, tok)), atol=0.01)


def test_missing_weights_fall_back_to_frozen(model_storage, execution_context) -> None:
    loaded = FineTunedMiniLMFeaturizer.load(_config(), model_storage, Resource("never_trained"), execution_context)
    tok = _tokenizer(model_storage, execution_context)
    assert _sentences(loaded, _messages(QUERIES, tok)).shape == (len(QUERIES), 384)


def test_frozen_layers_stay_as_shipped_and_the_rest_tunes() -> None:
    import torch

    from nlu.finetuning import FineTuneConfig, fine_tune
    from nlu.minilm import MiniLMModel, load_tokenizer, resolve_model_path

    path = resolve_model_path(None)
    model = MiniLMModel.from_folder(path)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    texts = ["find python people", "who knows kubernetes", "hello there", "hi!", "reject jonas", "move amara to offer"]
    labels = ["search", "search", "greet", "greet", "move", "move"]
    fine_tune(model, load_tokenizer(path, 32), texts, labels, FineTuneConfig(epochs=1, batch_size=2, frozen_layers=2))
    after = model.state_dict()
    unchanged = {k for k in before if torch.equal(before[k], after[k])}
    assert {k for k in before if k.startswith(("word.", "position.", "token_type.", "ln.", "layers.0.", "layers.1."))} <= unchanged
    assert any(k.startswith("layers.5.") and k not in unchanged for k in before)
    assert all(p.requires_grad for p in model.parameters())  # the model is left as it came, only trained


@pytest.mark.parametrize("bad", [{"epochs": -1}, {"epochs": "3"}, {"fine_tune_batch_size": 0}, {"max_length": 4},
                                 {"fine_tune_frozen_layers": 7}, {"fine_tune_frozen_layers": True}])
def test_invalid_config_is_rejected(model_storage, execution_context, bad) -> None:
    with pytest.raises(InvalidConfigException):
        FineTunedMiniLMFeaturizer.validate_config(_config(**bad))


def test_registered_as_trainable_featurizer() -> None:
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe

    registered = DefaultV1Recipe._from_registry("FineTunedMiniLMFeaturizer")
    assert registered.clazz is FineTunedMiniLMFeaturizer
    assert DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER in registered.types
    assert registered.is_trainable is True


def test_archive_with_tuned_weights_loads_elsewhere(tmp_path: Path, tiny_nlu_yaml: str) -> None:
    """`rasa train nlu` with the tuned featurizer -> archive copied elsewhere -> the same parses."""
    import asyncio

    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp_path / "nlu.yml").write_text(tiny_nlu_yaml)
    pipeline = [
        {"name": "WhitespaceTokenizer"},
        {"name": "nlu.tuned_featurizer.FineTunedMiniLMFeaturizer", **FAST},
        {"name": "DIETClassifier", "epochs": 20, "random_seed": 7, "number_of_transformer_layers": 1, "transformer_size": 64},
    ]
    config = {"recipe": "default.v1", "assistant_id": "tuned", "language": "en", "pipeline": copy.deepcopy(pipeline), "policies": []}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    model = train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"), fixed_model_name="tuned")
    assert model
    (tmp_path / "elsewhere").mkdir()
    moved = Path(shutil.copy(model, tmp_path / "elsewhere" / "moved.tar.gz"))

    async def parse(path: Path) -> List[Dict]:
        agent = Agent.load(str(path))
        return [(p["intent"]["name"], round(p["intent"]["confidence"], 4)) for p in [await agent.parse_message(q) for q in QUERIES]]

    assert asyncio.run(parse(Path(model))) == asyncio.run(parse(moved))

"""MiniLM features from an encoder fine-tuned on the assistant's own intents (trainable featurizer).

Same features as `MiniLMFeaturizer` (token-aligned sequence rows plus a mean sentence vector, int8,
TorchScript), but `train` first fine-tunes the encoder on the intent examples (`nlu.finetuning`)
and persists the tuned weights (fp16, about 45 MB) in the model archive, so a model loads on any
machine with the MiniLM package (the tokenizer and architecture still come from it).

Config (config.yml):

    - name: nlu.tuned_featurizer.FineTunedMiniLMFeaturizer
      epochs: 3              # fine-tuning epochs over the intent examples; 0 keeps the frozen weights
      learning_rate: 0.0001  # encoder; the throw-away intent head uses head_learning_rate
      random_seed: 42
      # plus every MiniLMFeaturizer option (quantize, max_length, num_threads, torchscript)
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Dict, Optional, Text

import torch
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData
from safetensors.torch import load_file, save_file

from nlu.errors import NLUConfigError
from nlu.featurizer import MiniLMFeaturizer
from nlu.finetuning import FineTuneConfig, capped, fine_tune, intent_pairs
from nlu.minilm import Encoder, MiniLMModel, load_tokenizer, resolve_model_path

logger = logging.getLogger(__name__)

WEIGHTS = "minilm.safetensors"
META = "fine_tuning.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class FineTunedMiniLMFeaturizer(MiniLMFeaturizer):
    """MiniLM features from weights fine-tuned on the training intents, persisted with the model."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """MiniLMFeaturizer's options plus the fine-tuning ones (see `nlu.finetuning.FineTuneConfig`)."""
        tuned = FineTuneConfig()
        return {
            **MiniLMFeaturizer.get_default_config(),
            "epochs": tuned.epochs,
            "learning_rate": tuned.learning_rate,
            "head_learning_rate": tuned.head_learning_rate,
            "fine_tune_batch_size": tuned.batch_size,
            "label_smoothing": tuned.label_smoothing,
            "fine_tune_max_per_intent": tuned.max_per_intent,
            "fine_tune_frozen_layers": tuned.frozen_layers,
            "random_seed": tuned.seed,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Reject settings the fine-tuning cannot honour."""
        super().validate_config(config)
        if not isinstance(config.get("epochs"), int) or config["epochs"] < 0:
            raise NLUConfigError(f"FineTunedMiniLMFeaturizer: epochs must be an int >= 0, got {config.get('epochs')!r}")
        if not isinstance(config.get("fine_tune_batch_size"), int) or config["fine_tune_batch_size"] < 1:
            raise NLUConfigError("FineTunedMiniLMFeaturizer: fine_tune_batch_size must be a positive int")
        cap = config.get("fine_tune_max_per_intent", 0)
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            raise NLUConfigError("FineTunedMiniLMFeaturizer: fine_tune_max_per_intent must be an int >= 0 (0: no cap)")
        frozen = config.get("fine_tune_frozen_layers", 0)
        if isinstance(frozen, bool) or not isinstance(frozen, int) or not 0 <= frozen <= 6:
            raise NLUConfigError("FineTunedMiniLMFeaturizer: fine_tune_frozen_layers must be an int from 0 to 6")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, model: Optional[MiniLMModel] = None) -> None:
        """`model`: the tuned weights; None (not trained yet, `create`) uses the package's frozen weights."""
        encoder = None
        if model is not None:
            encoder = Encoder(resolve_model_path(config.get("model_path")), bool(config.get("quantize", True)),
                              config["max_length"], bool(config.get("torchscript", True)), model=model)
        super().__init__(config, model_storage, resource, execution_context, encoder)

    def _fine_tune_config(self) -> FineTuneConfig:
        c = self._config
        return FineTuneConfig(epochs=c["epochs"], learning_rate=float(c["learning_rate"]),
                              head_learning_rate=float(c["head_learning_rate"]), batch_size=c["fine_tune_batch_size"],
                              label_smoothing=float(c["label_smoothing"]), seed=int(c["random_seed"]),
                              max_per_intent=int(c["fine_tune_max_per_intent"]),
                              frozen_layers=int(c["fine_tune_frozen_layers"]))

    def train(self, training_data: TrainingData) -> Resource:
        """Fine-tune on the intent examples (all cores), then persist the weights in fp16."""
        path = resolve_model_path(self._config.get("model_path"))
        model = MiniLMModel.from_folder(path)
        tuning = self._fine_tune_config()
        texts, labels = capped(*intent_pairs(training_data.intent_examples), tuning.max_per_intent, tuning.seed)
        if len(set(labels)) < 2:
            logger.warning("FineTunedMiniLMFeaturizer: fewer than two intents in the training data; weights stay frozen")
        threads = torch.get_num_threads()
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        try:
            fine_tune(model, load_tokenizer(path, self._config["max_length"]), texts, labels, tuning)
        finally:
            torch.set_num_threads(threads)
        with self._model_storage.write_to(self._resource) as directory:
            save_file({k: v.detach().half().contiguous() for k, v in model.state_dict().items()}, str(directory / WEIGHTS))
            (directory / META).write_text(json.dumps(
                {"examples": len(texts), "intents": sorted(set(labels)), "epochs": self._config["epochs"]}, indent=1))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> FineTunedMiniLMFeaturizer:
        """The featurizer over the persisted tuned weights (frozen ones, with a warning, if none were saved)."""
        try:
            with model_storage.read_from(resource) as directory:
                state = load_file(str(directory / WEIGHTS))
        except (ValueError, FileNotFoundError):
            logger.warning("FineTunedMiniLMFeaturizer: no tuned weights in the model (%s); using the frozen MiniLM", resource.name)
            return cls.create(config, model_storage, resource, execution_context)
        model = MiniLMModel.with_weights(resolve_model_path(config.get("model_path")), state)
        return cls(config, model_storage, resource, execution_context, model=model)

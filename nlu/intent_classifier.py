"""Intent classification on the fine-tuned MiniLM sentence vector: a linear model, nothing more.

Fine-tuning (`nlu.finetuning`) trains the encoder so that a linear layer over its mean-pooled
states separates the intents; this component fits that linear layer again, as multinomial
logistic regression on the very int8 sentence features the pipeline produces at inference, so
training and serving see the same numbers. Rasa's CRFEntityExtractor tags the entities
(DIET did, with `intent_classification: false`, before a CRF proved as good for less CPU).
The weights are persisted as plain arrays (`.npz`, no pickle).

Config (config.yml), after the featurizer:

    - name: nlu.intent_classifier.MiniLMIntentClassifier
      C: 10.0                 # inverse L2 strength of the logistic regression
      ranking_length: 10      # intents kept in `intent_ranking`
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.featurizer import MiniLMFeaturizer

logger = logging.getLogger(__name__)

WEIGHTS = "intent_head.npz"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class MiniLMIntentClassifier(GraphComponent, IntentClassifier):
    """Multinomial logistic regression over the MiniLM sentence features."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """A MiniLM featurizer (frozen or fine-tuned) must provide the sentence vector."""
        return [MiniLMFeaturizer]

    @staticmethod
    def required_packages() -> List[Text]:
        """Python packages this component imports."""
        return ["sklearn"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Defaults; see the module docstring."""
        return {"C": 10.0, "max_iter": 3000, "ranking_length": 10, "random_seed": 42}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 weights: Optional[Dict[str, np.ndarray]] = None) -> None:
        if not isinstance(config.get("C"), (int, float)) or config["C"] <= 0:
            raise InvalidConfigException(f"MiniLMIntentClassifier: C must be a positive number, got {config.get('C')!r}")
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._coef = weights["coef"] if weights else None
        self._intercept = weights["intercept"] if weights else None
        self._intents: List[str] = [str(i) for i in weights["intents"]] if weights else []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MiniLMIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    @staticmethod
    def _sentence(message: Message) -> Optional[np.ndarray]:
        _, sentence = message.get_dense_features(TEXT)
        return None if sentence is None else np.asarray(sentence.features, dtype=np.float64).reshape(-1)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the sentence features of every intent example, then persist the arrays."""
        from sklearn.linear_model import LogisticRegression

        rows, labels = [], []
        for message in training_data.intent_examples:
            vector = self._sentence(message)
            if vector is not None and message.get(INTENT):
                rows.append(vector)
                labels.append(str(message.get(INTENT)))
        if len(set(labels)) < 2:
            logger.warning("MiniLMIntentClassifier: fewer than two intents with features; nothing trained")
            return self._resource
        model = LogisticRegression(C=float(self._config["C"]), max_iter=int(self._config["max_iter"]),
                                   class_weight="balanced", random_state=self._config["random_seed"])
        model.fit(np.vstack(rows), labels)
        self._coef, self._intercept = model.coef_.astype(np.float32), model.intercept_.astype(np.float32)
        self._intents = [str(c) for c in model.classes_]
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / WEIGHTS, coef=self._coef, intercept=self._intercept, intents=np.array(self._intents))
            (directory / "intents.json").write_text(json.dumps({"intents": self._intents, "examples": len(labels)}))
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> MiniLMIntentClassifier:
        """The classifier with its persisted arrays (untrained, with a warning, if there are none)."""
        try:
            with model_storage.read_from(resource) as directory:
                with np.load(directory / WEIGHTS, allow_pickle=False) as data:
                    weights = {k: data[k] for k in ("coef", "intercept", "intents")}
        except (ValueError, FileNotFoundError):
            logger.warning("MiniLMIntentClassifier: no trained weights in the model (%s)", resource.name)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, weights)

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        """Softmax over the intents for one sentence vector."""
        logits = self._coef @ vector.astype(np.float32) + self._intercept
        if len(self._intents) == 2:  # sklearn keeps one row for a binary problem
            logits = np.array([0.0, float(logits[0])])
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def process(self, messages: List[Message]) -> List[Message]:
        """Set `intent` and `intent_ranking` on messages that have a sentence vector."""
        for message in messages:
            vector = self._sentence(message)
            if self._coef is None or vector is None:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            probs = self.probabilities(vector)
            order = np.argsort(-probs)[: int(self._config["ranking_length"])]
            ranking = [{INTENT_NAME_KEY: self._intents[i], PREDICTED_CONFIDENCE_KEY: float(probs[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

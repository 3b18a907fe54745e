"""Out-of-domain gate: a request far from every example of the intent it was given goes to out_of_scope.

A classifier always picks one of its intents, and a request about the weather or a bank card lands on
whichever recruiting intent is nearest. Real off-domain requests in training (`out_of_scope`, from
CLINC150) teach the classifier much of the rest of the world, but not all of it. This gate, after the
intent classifier and before the FallbackClassifier, asks a second question of the tuned MiniLM
sentence vector: is it near the examples of the intent it was given?

At `rasa train` time it fits, from the training data alone (so intents added later are covered with
no change here), one mean per intent and one covariance shared by all intents (within-intent
scatter, Ledoit-Wolf shrinkage), over the very sentence features the pipeline computes at inference.
For each intent, its threshold is a quantile of its own training examples' Mahalanobis distances to
its mean (persisted), times `margin` (applied at parse time): a compact intent gets a tight
threshold, a varied one a loose one. At parse time a message whose distance to its predicted intent's mean exceeds that intent's threshold becomes
`out_of_scope`; the original intents stay in the ranking, scaled down, and the parse result says why
(`out_of_domain`: the intent judged, its distance and threshold). Intents in `exempt_intents`
(and out_of_scope itself) are never gated. config.yml's `margin` was picked on the development
splits (`benchmarks/ood_tuning.py`: public off-domain requests and tests/nlu/regression.yml), never
the test split.

Config (config.yml), after the intent classifier:

    - name: nlu.ood_gate.OutOfDomainGate
      quantile: 0.99        # of an intent's training distances
      margin: 1.3           # threshold = margin * the quantile distance (code default 1.0)
      exempt_intents: []    # intents never sent to out_of_scope
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.covariance import LedoitWolf

from nlu.errors import NLUConfigError
from nlu.featurizer import MiniLMFeaturizer

logger = logging.getLogger(__name__)

OUT_OF_SCOPE = "out_of_scope"
GATE_FILE = "gate.npz"
GATE_KEY = "out_of_domain"
"""Parse output key: the intent the gate judged, its distance, threshold and margin (why a message was gated or not)."""


def _sentence(message: Message) -> Optional[np.ndarray]:
    _, sentence = message.get_dense_features(TEXT)
    return None if sentence is None else np.asarray(sentence.features, dtype=np.float64).reshape(-1)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class OutOfDomainGate(GraphComponent, IntentClassifier):
    """Sends a message to out_of_scope when it is far (Mahalanobis) from its predicted intent's examples."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """The MiniLM sentence vector, and an intent from a classifier before it."""
        return [MiniLMFeaturizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Quantile and margin of the per-intent thresholds; intents never gated."""
        return {"quantile": 0.99, "margin": 1.0, "exempt_intents": []}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Reject settings that would gate nothing or everything by mistake."""
        q, m = config.get("quantile"), config.get("margin")
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q <= 1:
            raise NLUConfigError(f"OutOfDomainGate: quantile must be in (0, 1], got {q!r}")
        if isinstance(m, bool) or not isinstance(m, (int, float)) or m <= 0:
            raise NLUConfigError(f"OutOfDomainGate: margin must be a positive number, got {m!r}")
        if not isinstance(config.get("exempt_intents"), list):
            raise NLUConfigError("OutOfDomainGate: exempt_intents must be a list of intent names")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 intents: Optional[List[str]] = None, means: Optional[np.ndarray] = None,
                 precision: Optional[np.ndarray] = None, thresholds: Optional[np.ndarray] = None) -> None:
        """A gate with fitted statistics, or an untrained one (gates nothing)."""
        self.validate_config(config)
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._intents = list(intents or [])
        self._index = {name: i for i, name in enumerate(self._intents)}
        self._means = means
        self._precision = precision
        self._thresholds = thresholds

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> OutOfDomainGate:
        """An untrained gate."""
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the intent means, the shared shrunk covariance and each intent's threshold; persist them."""
        exempt = set(self._config["exempt_intents"]) | {OUT_OF_SCOPE}
        rows: Dict[str, List[np.ndarray]] = {}
        for message in training_data.intent_examples:
            intent, vector = message.get(INTENT), _sentence(message)
            if intent and intent not in exempt and vector is not None:
                rows.setdefault(intent, []).append(vector)
        rows = {k: v for k, v in rows.items() if len(v) >= 2}
        if not rows:
            logger.warning("OutOfDomainGate: no intent with two or more featurized examples; the gate stays open")
            return self._resource
        intents = sorted(rows)
        means = np.vstack([np.mean(rows[k], axis=0) for k in intents])
        centred = np.vstack([np.asarray(rows[k]) - means[i] for i, k in enumerate(intents)])
        precision = LedoitWolf(assume_centered=True).fit(centred).get_precision()
        quantile = float(self._config["quantile"])
        thresholds = np.array([
            float(np.quantile(_distances(np.asarray(rows[k]), means[i], precision), quantile))
            for i, k in enumerate(intents)
        ])
        self._intents, self._means, self._precision, self._thresholds = intents, means, precision, thresholds
        self._index = {name: i for i, name in enumerate(intents)}
        with self._storage.write_to(self._resource) as directory:
            np.savez(directory / GATE_FILE, intents=np.array(intents), means=means.astype(np.float32),
                     precision=precision.astype(np.float32), thresholds=thresholds)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> OutOfDomainGate:
        """The gate with its persisted statistics (an open gate, with a warning, when there are none)."""
        config = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                with np.load(directory / GATE_FILE) as saved:
                    return cls(config, model_storage, resource, [str(i) for i in saved["intents"]],
                               saved["means"].astype(np.float64), saved["precision"].astype(np.float64),
                               saved["thresholds"])
        except (ValueError, FileNotFoundError, OSError):
            logger.warning("OutOfDomainGate: no statistics in the model (%s); the gate stays open", resource.name)
            return cls(config, model_storage, resource)

    def distance(self, message: Message, intent: str) -> Optional[float]:
        """Mahalanobis distance of the message to `intent`'s mean; None if either is unknown."""
        vector, i = _sentence(message), self._index.get(intent)
        if vector is None or i is None or self._means is None:
            return None
        return float(_distances(vector[None, :], self._means[i], self._precision)[0])

    def threshold(self, intent: str) -> Optional[float]:
        """The distance above which `intent` is taken for out_of_scope; None for an ungated intent."""
        i = self._index.get(intent)
        if i is None or self._thresholds is None:
            return None
        return float(self._config["margin"]) * float(self._thresholds[i])

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace a far-off intent with out_of_scope (confidence from how far), keeping the rest ranked."""
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if not intent or intent in self._config["exempt_intents"]:
                continue
            d, t = self.distance(message, intent), self.threshold(intent)
            if d is None or t is None:
                continue
            gate = {"intent": intent, "distance": round(d, 3), "threshold": round(t, 3), "margin": self._config["margin"]}
            message.set(GATE_KEY, gate, add_to_output=True)
            if d <= t:
                continue
            confidence = 1.0 - 0.5 * t / d
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != OUT_OF_SCOPE]
            ranking = [{**r, PREDICTED_CONFIDENCE_KEY: r[PREDICTED_CONFIDENCE_KEY] * (1.0 - confidence)} for r in ranking]
            message.set(INTENT, {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence}, *ranking],
                        add_to_output=True)
        return messages


def _distances(rows: np.ndarray, mean: np.ndarray, precision: np.ndarray) -> np.ndarray:
    diff = rows - mean
    return np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", diff, precision, diff), 0.0))

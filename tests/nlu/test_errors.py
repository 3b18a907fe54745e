"""The nlu package's errors share one base and stay the errors they replaced, so old handlers still catch them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.exceptions import InvalidConfigException

from nlu.errors import MiniLMFolderError, MiniLMNotInstalledError, NLUConfigError, NLUError, UnsupportedModelError
from nlu.minilm import MiniLMModel, resolve_model_path


@pytest.mark.parametrize("error, replaced", [
    (NLUConfigError, InvalidConfigException), (MiniLMNotInstalledError, RuntimeError),
    (MiniLMFolderError, FileNotFoundError), (UnsupportedModelError, ValueError),
])
def test_each_error_is_an_nlu_error_and_the_one_it_replaced(error: type, replaced: type) -> None:
    assert issubclass(error, NLUError) and issubclass(error, replaced)


def test_a_folder_without_weights_raises_the_package_error(tmp_path: Path) -> None:
    with pytest.raises(MiniLMFolderError, match="lacks"):
        resolve_model_path(str(tmp_path))


def test_a_non_bert_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "gpt2"}')
    with pytest.raises(UnsupportedModelError, match="not a BERT model"):
        MiniLMModel.from_folder(tmp_path)

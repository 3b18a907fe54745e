"""The catalog files: none looks like Rasa training data; malformed YAML and Rasa keys are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from store.seeding import CatalogError, read_catalog
from store.seeding.catalog_files import CATALOG_DIR, RASA_KEYS


def test_catalog_files_do_not_look_like_rasa_training_data() -> None:
    for path in CATALOG_DIR.glob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not set(doc) & set(RASA_KEYS), path.name


def test_names_cover_many_cultures() -> None:
    doc = yaml.safe_load((CATALOG_DIR / "names.yml").read_text(encoding="utf-8"))
    assert len(doc["first_names"]) >= 12
    for culture, pools in doc["first_names"].items():
        assert len(pools["female"]) >= 20 and len(pools["male"]) >= 20, culture
        assert len(doc["last_names"][culture]) >= 25, culture
    assert "Zoë" in doc["first_names"]["anglo"]["female"] and "Łukasz" in doc["first_names"]["polish"]["male"]


def test_malformed_yaml_and_rasa_keys_are_rejected(bad_copy: Path) -> None:
    (bad_copy / "career_paths.yml").write_text("career_paths: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"career_paths\.yml"):
        read_catalog(bad_copy)
    (bad_copy / "career_paths.yml").write_text("version: '3.1'\ncareer_paths: []\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="reserved for Rasa"):
        read_catalog(bad_copy)

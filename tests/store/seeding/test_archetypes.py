"""Candidate archetypes, read from data/catalog/archetypes.yml: known families, defaults, broken files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.seeding import CatalogError, read_catalog
from store.seeding.archetypes import ARCHETYPES, SENIORITY_RANK, read_archetypes


def test_archetypes_fit_catalog_families_with_their_defaults() -> None:
    families = {r["family"] for r in read_catalog().roles}
    assert len({a.key for a in ARCHETYPES}) == len(ARCHETYPES) >= 15
    for archetype in ARCHETYPES:
        assert set(archetype.families) <= families, archetype.key
        assert archetype.top_seniority in SENIORITY_RANK and 0 <= archetype.phd_rate <= 1
        assert isinstance(archetype.contexts, tuple) and archetype.contexts and archetype.outcomes
    assert next(a for a in ARCHETYPES if a.key == "machine learning engineer").top_seniority == "principal"


def test_a_file_without_archetypes_is_named(tmp_path: Path) -> None:
    path = tmp_path / "archetypes.yml"
    path.write_text("people: []\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="archetypes.yml"):
        read_archetypes(path)

"""Fixtures for the seeding tests: an empty store, a catalog copy a test may break, and helpers."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from store.engine import get_engine, init_db
from store.seeding import CatalogError, read_catalog
from store.seeding.catalog_files import CATALOG_DIR


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A private, empty SQLite store."""
    eng = init_db(get_engine(f"sqlite:///{tmp_path}/t.db"))
    yield eng
    eng.dispose()


@pytest.fixture
def bad_copy(tmp_path: Path) -> Path:
    """A copy of the catalog that a test may break."""
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, folder)
    return folder


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a YAML file, let `change` mutate it, write it back."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rejected(folder: Path, file: str, change: Callable[[Any], None], match: str) -> None:
    """Break one file of the catalog in `folder`; reading the catalog must fail, naming the problem."""
    edit_yaml(folder / file, change)
    with pytest.raises(CatalogError, match=match):
        read_catalog(folder)


def count_rows(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()

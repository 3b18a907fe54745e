"""Seeding the store: the curated catalog, the ESCO skill import and synthetic people."""

from connectors.store.seeding.catalog import CatalogError, load_catalog, read_catalog
from connectors.store.seeding.esco import load_esco_skills
from connectors.store.seeding.people import StoreNotEmpty, generate, reset_people

__all__ = [
    "CatalogError",
    "StoreNotEmpty",
    "generate",
    "load_catalog",
    "load_esco_skills",
    "read_catalog",
    "reset_people",
]

"""Seeding the store: the curated catalog, the ESCO skill import, synthetic people and their leave."""

from store.seeding.catalog import read_catalog
from store.seeding.catalog_files import CatalogError
from store.seeding.catalog_load import load_catalog
from store.seeding.esco import load_esco_skills
from store.seeding.leave import seed_leave
from store.seeding.people import StoreNotEmpty, generate, reset_people

__all__ = [
    "CatalogError",
    "StoreNotEmpty",
    "generate",
    "load_catalog",
    "load_esco_skills",
    "read_catalog",
    "reset_people",
    "seed_leave",
]

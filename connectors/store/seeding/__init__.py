"""Seeding the store: the curated catalog, the ESCO skill import and synthetic people."""

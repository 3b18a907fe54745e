"""The store's schema history (Alembic): `upgrade` brings any store to head, on every start."""

from store.migrations.runner import BASELINE, Upgrade, alembic_config, current, head, revision, upgrade

__all__ = ["BASELINE", "Upgrade", "alembic_config", "current", "head", "revision", "upgrade"]

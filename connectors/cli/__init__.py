"""The `hrbot` command line."""

from connectors.cli.app import app

__all__ = ["app"]

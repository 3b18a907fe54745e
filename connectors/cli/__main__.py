"""`python -m connectors.cli` runs the hrbot command."""

from connectors.cli.app import app

app(prog_name="hrbot")

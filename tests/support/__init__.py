"""Test helpers that start real servers (PostgreSQL, the Rasa stack)."""

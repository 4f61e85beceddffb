"""Extraction: from a report flow to the typed model."""

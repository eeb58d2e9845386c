"""Numbered SQL migration scripts, one folder per dialect (``sqlite/``, later ``postgresql/``),
applied in order by :mod:`inbox_app.relay.migrate` and recorded in ``schema_migrations``."""

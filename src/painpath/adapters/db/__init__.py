"""The clinic's records on a relational database (SQLAlchemy 2 + Alembic)."""

"""The page tests use the service fixtures: a migrated clinic database (SQLite, and PostgreSQL when
PAINPATH_TEST_DATABASE_URL is set), the app on it and one user per role."""

from tests.service.conftest import _cheap_password_hashing, clinic, database_url, migrated_url  # noqa: F401

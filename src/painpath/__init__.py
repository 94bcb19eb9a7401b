"""PainPath: decision support for a pain medicine practice."""

__version__ = "0.1.0"

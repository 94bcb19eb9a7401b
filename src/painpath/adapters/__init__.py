"""PainPath adapters."""

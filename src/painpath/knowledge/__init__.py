"""PainPath knowledge."""

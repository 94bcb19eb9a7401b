"""PainPath services."""

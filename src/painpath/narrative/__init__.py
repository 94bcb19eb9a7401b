"""PainPath narrative."""

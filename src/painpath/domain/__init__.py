"""Pure clinical core: standard library only."""

"""buyers domain."""

"""custody."""

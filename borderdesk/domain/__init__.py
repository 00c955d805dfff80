"""The shared vocabulary of a crossing: plain dataclasses, no I/O."""

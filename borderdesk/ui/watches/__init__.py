"""Timers that watch the world around the window: connectivity, incoming handoffs, the idle lock."""

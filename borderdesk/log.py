"""Named loggers into one rotating file per user, readable from a remote gate."""

from __future__ import annotations

import logging
import logging.handlers

from borderdesk import paths

LOG_FILE = "borderdesk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d] %(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """Send every ``borderdesk.*`` logger to the rotating file (once per process)."""
    root = logging.getLogger("borderdesk")
    if any(getattr(h, "_borderdesk", False) for h in root.handlers):
        return
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir() / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._borderdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)

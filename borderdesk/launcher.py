"""The ``borderdesk`` command: no arguments opens the window, anything else is the CLI."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Open the GUI, or run a CLI subcommand, and return the exit code."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        # In the bundled program a worker process that verifies the audit chain
        # (services.parallel_verify) is this executable again: it runs its work here and exits.
        multiprocessing.freeze_support()
    # Debian's tesseract uses OpenMP; more than one thread per page is several times slower.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from borderdesk.ui.app import run

        return run()
    from borderdesk.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())

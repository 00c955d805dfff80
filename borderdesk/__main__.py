"""``python -m borderdesk`` is the ``borderdesk`` command."""

import sys

from borderdesk.launcher import main

sys.exit(main())

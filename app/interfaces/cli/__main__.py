"""``python -m app.interfaces.cli``."""

import sys

from app.interfaces.cli.main import main

sys.exit(main())

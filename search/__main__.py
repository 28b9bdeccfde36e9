"""`python -m corpus_tui.search`: the same command line as `corpus-tui`."""

import sys

from .cli import main

sys.exit(main())

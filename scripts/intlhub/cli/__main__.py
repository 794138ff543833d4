"""`python -m intlhub.cli`: the same as the `intlhub` command."""

import sys

from intlhub.cli.main import main

sys.exit(main())

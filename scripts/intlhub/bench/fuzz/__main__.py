"""`python -m intlhub.bench.fuzz`: run the fuzz harness (see `--help`)."""

import sys

from intlhub.bench.fuzz.runner import main

sys.exit(main(sys.argv[1:]))

"""`python -m generator`: Ctrl-C during a run, its imports included, ends it with one line and
exit code 130 (see generator/cli.py)."""

import signal
import sys

from generator.errors import EXIT_INTERRUPTED, INTERRUPTED

try:
    from generator.memory import tune_allocators

    tune_allocators()

    from generator.cli import main

    code = main()
except KeyboardInterrupt:  # before main runs; main reports its own
    print(INTERRUPTED, file=sys.stderr)
    code = EXIT_INTERRUPTED
# on the way out: after a finished run, a Ctrl-C would only hide that it finished; after an
# interrupted one, whose temporary folder is gone, another Ctrl-C ends the process at once
try:
    signal.signal(signal.SIGINT, signal.SIG_IGN if code == 0 else signal.SIG_DFL)
except KeyboardInterrupt:  # pressed as the run ended, and raised before the handler changes
    pass
raise SystemExit(code)

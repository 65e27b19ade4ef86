"""The one error type the command line turns into a one-line message and exit code 2, and the
line and exit code of a run stopped with Ctrl-C."""

INTERRUPTED = "generator: interrupted; the previous output is unchanged"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped with Ctrl-C


class InputError(Exception):
    """Bad input: the message names what is wrong and how to fix it."""

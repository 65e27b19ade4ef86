"""The one error type the command line turns into a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input: the message names what is wrong and how to fix it."""

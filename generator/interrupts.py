"""Ctrl-C during a run: one KeyboardInterrupt on the main thread, however native code treats
the signal (see _CtrlC), and Python's handler alone after the heavy imports."""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class CtrlC:
    """The SIGINT handler of a run: a KeyboardInterrupt on the main thread, once.

    Native code may run a pending signal's handler and drop the KeyboardInterrupt it raises (a
    Polars constructor, under load, about one Ctrl-C in fifty), so until the interrupt reaches
    `main` the signal is sent again to the main thread every 0.1 s. The handler does nothing
    while a KeyboardInterrupt is already on its way out (the writer's cleanup would be cut short),
    nor once it has reached `main`."""

    def __init__(self) -> None:
        self.stopped = False
        self._done = threading.Event()
        self._again: threading.Thread | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.stopped or isinstance(sys.exc_info()[1], KeyboardInterrupt):
            return
        if self._again is None:
            self._again = threading.Thread(target=self._repeat, name="ctrl-c", daemon=True)
            self._again.start()
        raise KeyboardInterrupt

    def _repeat(self) -> None:
        main_thread = threading.main_thread().ident
        while not self._done.wait(0.1) and not self.stopped and main_thread is not None:
            signal.pthread_kill(main_thread, signal.SIGINT)

    def close(self) -> None:
        self._done.set()
        if self._again is not None:
            self._again.join()


def python_sigint() -> None:
    """SIGINT to Python's handler alone again. Importing Polars hooks the signal, ahead of
    Python's handler, to abort its queries itself: a second KeyboardInterrupt, raised in a
    writer thread or on the main thread before Python's own (which then cuts the writer's
    cleanup short), and a Rust panic printed when it stops a file being written."""
    if threading.current_thread() is threading.main_thread():
        handler = signal.getsignal(signal.SIGINT)
        if handler is not None:
            signal.signal(signal.SIGINT, handler)


@contextmanager
def ctrl_c() -> Iterator[CtrlC | None]:
    """A `CtrlC` as the SIGINT handler for the run, on the main thread where SIGINT has Python's
    default handler (not where it is ignored, say in a job started in the background)."""
    main_thread = threading.current_thread() is threading.main_thread()
    if not main_thread or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield None
        return
    handler = CtrlC()
    signal.signal(signal.SIGINT, handler)
    try:
        yield handler
    finally:
        handler.stopped = True
        handler.close()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # runs a signal still pending first


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it dies (Linux; elsewhere
    nothing): a worker or a dbt build outlives no run that was killed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass

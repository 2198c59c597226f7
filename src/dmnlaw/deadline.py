"""A wall-clock limit on evaluating a case.

FEEL is a full expression language: a model can loop over a cross product of large ranges
or recurse exponentially through a function, and no fixed limit on loops or lists catches
every such model. So the commands that evaluate cases (`run`, `test`, `batch`, `tck`) give
each evaluation a time limit; past it, the evaluation stops with one CaseError naming the
case, and the command goes on as it does for any bad input.

The limit is a ``SIGALRM`` timer, which only the main thread of a process can receive; in
any other thread (or where the platform has no such timer) :func:`time_limit` does not
limit. The alarm interrupts Python code between bytecodes; the FEEL regular-expression
functions carry their own timeout for the one long-running C call a case can cause.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from .errors import CaseError

DEFAULT_SECONDS = 30.0


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that the handlers that keep one failing
    decision from stopping the rest (``except Exception``) let it through."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _Expired


@contextmanager
def time_limit(seconds: float | None, what: str, file: str | None = None,
               line: int | None = None) -> Iterator[None]:
    """Run the body with a limit of ``seconds`` (None or 0: none).

    Raises CaseError ("``what`` took longer than N s"), located at ``file`` and ``line``,
    when the body runs past the limit.
    """
    if not seconds or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise CaseError(f"{what} took longer than {seconds:g} s, the time limit (see --timeout)",
                        file=file, line=line) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

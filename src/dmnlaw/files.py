"""Reading an input file the user names, safely: only a regular file, never past a limit.

A FIFO or a device (``/dev/zero``) named as a model or a case would block or never end, and
a file of gigabytes would be read whole before anything looked at it; :func:`read_limited`
refuses both before reading, and never reads more than the limit even when the file grows
while it is read.
"""
from __future__ import annotations

import os
import stat

from .errors import DmnlawError


def read_limited(path: str, limit: int, error: type[DmnlawError], kind: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``kind`` names the file in messages ("DMN file", "case file"). Raises ``error`` (with
    the file) when the file does not exist, cannot be read, is a folder or not a regular
    file, or is larger than ``limit``.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error("the file does not exist", file=path) from None
    except OSError as exc:
        raise error(f"the file cannot be read ({exc.strerror})", file=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"this is a folder, not a {kind}", file=path)
    if not stat.S_ISREG(info.st_mode):
        raise error("this is not a regular file", file=path)
    if info.st_size > limit:
        raise _too_large(error, path, info.st_size, limit)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise error(f"the file cannot be read ({exc.strerror})", file=path) from None
    if len(data) > limit:
        raise _too_large(error, path, len(data), limit)
    return data


def _too_large(error: type[DmnlawError], path: str, size: int, limit: int) -> DmnlawError:
    return error(f"the file is {size} bytes, more than the {limit // (1024 * 1024)} MB limit",
                 file=path)

"""Writing output files so that a failure never leaves half of one."""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import BinaryIO, Iterator

from .errors import DmnlawError


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces ``path`` only when the ``with`` block ends normally.

    The data goes to a temporary file in the same folder (so the final rename is atomic);
    an exception or Ctrl-C inside the block deletes it and leaves the old file (or none).
    Raises DmnlawError when the folder cannot be written.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dmnlaw-", suffix=".tmp", dir=folder)
    except OSError as e:
        raise DmnlawError(f"cannot write here: {e.strerror or e}", file=path) from None
    try:
        # mkstemp makes the file private (0600); the output gets the mode the file it
        # replaces had, or that of a newly created file (0666 less the umask).
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _mode_for(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    An interrupted or failed write leaves the old file (or none). Raises DmnlawError when the
    folder cannot be written.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_file(path) as f:
        f.write(data)

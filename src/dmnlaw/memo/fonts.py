"""The CJK faces a PDF memo embeds, cut once to the characters Chinese text uses.

WeasyPrint embeds a subset of every face a page uses, and to make it copies the whole font
file into memory and subsets it twice, for every document. With the Noto CJK collections
(20–27 MB and 65,000 glyphs a face) that cost some 35 ms a face, a sixth of a short memo.
So each face the memo's stylesheet prints with is cut once, with HarfBuzz's subsetter, to
GB 2312 (the 6,763 hanzi of everyday text and its symbols), Latin, punctuation and the
common symbol blocks — about 11,000 characters in 4–5 MB — kept in the cache folder and
declared to WeasyPrint under a family name of its own (``dmnlaw Serif``, ``dmnlaw Sans``).
The stylesheet names the full Noto faces after these, so a character outside the cut (a
rare hanzi in a name) still prints, from the full font.

Nothing here is required: without uharfbuzz, fontconfig or the Noto fonts, or with a cache
folder that cannot be written, the memo prints with the fonts the system has.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from ..cache import cache_dir

# (family the stylesheet names, CSS weight, the system face it is cut from)
FACES: tuple[tuple[str, str, str], ...] = (
    ("dmnlaw Serif", "normal", "Noto Serif CJK SC:style=Regular"),
    ("dmnlaw Sans", "bold", "Noto Sans CJK SC:style=Bold"),
    ("dmnlaw Sans", "normal", "Noto Sans CJK SC:style=Regular"),
)

# Bump when the character set changes: it is part of every cut face's cache key.
CHARSET_VERSION = "gb2312-1"

_lock = threading.Lock()
_faces: dict[str, bytes] | None = None


def charset() -> list[int]:
    """The code points a cut face keeps: GB 2312, then the Latin, punctuation, symbol and
    full-width blocks Chinese legal text mixes in."""
    points: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    for start, end in ((0x20, 0x24F), (0x2000, 0x206F), (0x2100, 0x27BF), (0x3000, 0x303F),
                       (0xFF00, 0xFFEF)):
        points.update(range(start, end + 1))
    return sorted(points)


def font_faces() -> dict[str, bytes]:
    """URL → font bytes of the cut faces, made (or read from the cache folder) the first
    time and kept for the life of the process. Faces that cannot be made are left out."""
    global _faces
    with _lock:
        if _faces is None:
            _faces = {}
            for family, weight, pattern in FACES:
                data = _face(pattern)
                if data is not None:
                    _faces[face_url(family, weight)] = data
        return _faces


def face_url(family: str, weight: str) -> str:
    return "dmnlaw-font:" + family.split()[-1].lower() + "-" + weight


def font_face_css() -> str:
    """The @font-face rules for the faces :func:`font_faces` has."""
    have = font_faces()
    rules = []
    for family, weight, _ in FACES:
        url = face_url(family, weight)
        if url in have:
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{url}"); }}')
    return "\n".join(rules)


def _face(pattern: str) -> bytes | None:
    found = _system_face(pattern)
    if found is None:
        return None
    path, index = found
    try:
        stat = path.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{path}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{CHARSET_VERSION}".encode()).hexdigest()
    cached = cache_dir() / "fonts" / f"{key[:32]}.otf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _cut(path, index)
    if data is not None:
        _keep(cached, data)
    return data


def _system_face(pattern: str) -> tuple[Path, int] | None:
    """The file and face index fontconfig gives for ``pattern``, if it is that family."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.split("\n")
    if len(lines) < 3 or pattern.split(":")[0] not in lines[2].split(","):
        return None  # fontconfig substituted another family: nothing to cut
    try:
        return Path(lines[0]), int(lines[1])
    except ValueError:
        return None


def _cut(path: Path, index: int) -> bytes | None:
    try:
        import uharfbuzz as hb
    except ImportError:
        return None
    try:
        face = hb.Face(hb.Blob.from_file_path(str(path)), index)
        wanted = hb.SubsetInput()
        for point in charset():
            wanted.unicode_set.add(point)
        return bytes(hb.subset(face, wanted).blob.data)
    except Exception:  # noqa: BLE001 - a font HarfBuzz cannot cut is printed whole instead
        return None


def _keep(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all; an unwritable cache is no error."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)

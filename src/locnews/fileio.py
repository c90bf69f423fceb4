"""File I/O at the edges: safe reads, atomic writes and inter-process locks.

Nothing is lost: every write goes to a temporary file in the same directory and is renamed over the
target, so a crash leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from locnews.errors import LocnewsError

# Encodings tried after UTF-8, in order; cp1252 before latin-1 because Windows editors write it and
# latin-1 accepts any byte string (so it must come last).
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """Read a whole file, turning every OS failure into a one-line LocnewsError."""
    p = Path(path)
    if not p.exists():
        raise LocnewsError(f"no such {what}", p)
    if p.is_dir():
        raise LocnewsError(f"is a directory, expected a {what}", p)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise LocnewsError(f"cannot read {what}: {exc.strerror or exc}", p) from None


def decode_text(data: bytes, path: str | Path, *, quiet: bool = False) -> tuple[str, str]:
    """Decode article text: UTF-8 (BOM allowed) or a legacy 8-bit fallback, said on stderr.

    UTF-16 and UTF-32 with a byte order mark (Windows Notepad's "Unicode") are decoded as such.
    Binary data (NUL bytes) is refused: no text reader should guess its way through an image.
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise LocnewsError(f"not valid {enc.upper()} text (byte {exc.start})", path) from None
    if b"\x00" in data[:8192]:
        raise LocnewsError("looks like a binary file, not text", path)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for enc in FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not quiet:
            print(
                f"locnews: warning: {path}: not valid UTF-8 (byte {utf8_error.start}); decoded as {enc}",
                file=sys.stderr,
            )
        return text, enc
    raise LocnewsError("not valid UTF-8 text", path)  # pragma: no cover - latin-1 accepts all bytes


def read_text(path: str | Path, what: str = "file", *, allow_empty: bool = False) -> str:
    """Read a text file for processing; empty or whitespace-only files are refused by default."""
    text, _ = decode_text(read_bytes(path, what), path)
    if not allow_empty and not text.strip():
        raise LocnewsError(f"empty {what}", path)
    return text


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file + rename (same directory, so same filesystem).

    A symlink is written through (its target is replaced, the link stays). Temp files that a
    crashed run left for the same file are removed first (their name carries the writer's pid).
    """
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    p.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(p)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.{os.getpid()}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            # keep the permissions the user gave the file
            os.chmod(tmp, p.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_leftovers(path: Path) -> None:
    """Delete ``.NAME.PID.*.tmp`` files of ``path`` whose writer process is gone (a crash, kill -9)."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own earlier attempt, abandoned
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def write_if_changed(path: str | Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds exactly it (a rerun writes nothing)."""
    p = Path(path)
    data = text.encode("utf-8")
    with contextlib.suppress(OSError):
        if p.is_file() and p.read_bytes() == data:
            return False
    atomic_write_bytes(p, data)
    return True


def check_writable(path: str | Path, what: str = "output") -> None:
    """Fail now, with one line, if ``path`` cannot be written later (checked before any write).

    The nearest existing folder must be a folder and accept a new file (probed with a temp file,
    which also catches read-only mounts and pseudo file systems such as /proc).
    """
    p = Path(path)
    if p.is_dir():
        raise LocnewsError(f"cannot write {what}: is a folder", p)
    folder = p.parent
    while not folder.exists() and folder != folder.parent:
        if folder.is_symlink():
            raise LocnewsError(f"cannot write {what}: {folder} is a broken link", p)
        folder = folder.parent
    if not folder.is_dir():
        raise LocnewsError(f"cannot write {what}: {folder} is not a folder", p)
    if p.exists() and not os.access(p, os.W_OK):
        raise LocnewsError(f"cannot write {what}: permission denied", p)
    try:
        fd, probe = tempfile.mkstemp(prefix=".locnews-probe.", dir=folder)
    except OSError as exc:
        raise LocnewsError(f"cannot write {what}: {folder}: {exc.strerror or exc}", p) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def locked(path: str | Path, timeout: float = 60.0, *, folder: bool = False) -> Iterator[None]:
    """Hold an exclusive inter-process lock for ``path`` (a sibling ``.lock`` file).

    With ``folder``, ``path`` is a folder and the lock covers every file in it (one hidden
    ``.locnews.lock`` there instead of a ``.lock`` beside each file).
    A second run on the same file waits up to ``timeout`` seconds, then fails cleanly.
    """
    from filelock import FileLock, Timeout  # small, but only needed by writers

    p = Path(path)
    lock_file = p / ".locnews.lock" if folder else Path(str(p) + ".lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise LocnewsError(
            f"another locnews run holds the lock (waited {timeout:g} s); try again later", p
        ) from None
    try:
        yield
    finally:
        lock.release()


def expand_paths(paths, select=lambda f: True, *, none_found: str, missing: str = "no such file") -> list[Path]:
    """Files as given, folders searched for ``*.po`` files that ``select`` keeps (sorted), in order,
    without duplicates; a folder with none, or a path that does not exist, is a one-line error."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.po") if select(f))
            if not found:
                raise LocnewsError(none_found, p)
            out.extend(found)
        elif not p.exists():
            raise LocnewsError(missing, p)
        else:
            out.append(p)
    return list(dict.fromkeys(out))

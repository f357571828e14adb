"""Small I/O helpers: atomic writes, hashing and tolerant CSV reading."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFormatError

if TYPE_CHECKING:
    import pandas as pd

_UMASK = os.umask(0)
os.umask(_UMASK)


def sha256_pair(data: bytes) -> tuple[str, str]:
    """SHA-256 of bytes as they are and after turning CRLF and CR line ends into LF.

    Returns
    -------
    tuple of str
        ``(sha256_raw, sha256_lf_normalised)``.
    """
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data).hexdigest(), hashlib.sha256(lf).hexdigest()


def sha256_of(path: str | os.PathLike[str]) -> tuple[str, str]:
    """:func:`sha256_pair` of a file's bytes."""
    return sha256_pair(Path(path).read_bytes())


def atomic_write(path: str | os.PathLike[str], writer: Callable[[Path], Any]) -> Path:
    """Write a file atomically: ``writer`` fills a temporary file that is then renamed.

    Parameters
    ----------
    path
        Final destination.
    writer
        Called with the temporary path; must write the whole file there.

    Returns
    -------
    Path
        The destination path.
    """
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        tmp_path.chmod(0o666 & ~_UMASK)
        os.replace(tmp_path, dest)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return dest


def write_parquet(df: "pd.DataFrame", path: str | os.PathLike[str]) -> Path:
    """Write a data frame to Parquet atomically (no index)."""
    return atomic_write(path, lambda p: df.to_parquet(p, index=False))


def write_text(text: str, path: str | os.PathLike[str]) -> Path:
    """Write a UTF-8 text file atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write JSON atomically, indented, with NaN and infinities written as ``null``."""
    return write_text(json.dumps(_finite(obj), indent=2, default=_json_default, allow_nan=False) + "\n", path)


def _finite(obj: Any) -> Any:
    """``obj`` with non-finite floats replaced by ``None`` (JSON has no NaN)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    if hasattr(obj, "item") and not hasattr(obj, "__len__"):
        return _finite(obj.item())
    return obj


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def _check_not_truncated(text: str, path: Path) -> None:
    """Fail when the last line has fewer fields than the header (a cut-off download)."""
    import csv

    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return
    header, last = next(csv.reader([lines[0]])), next(csv.reader([lines[-1]]))
    if len(last) < len(header):
        raise DataFormatError(
            f"{path}: file looks truncated: its last line has {len(last)} of {len(header)} fields"
        )


def read_csv_checked(path: str | os.PathLike[str], required: Iterable[str], **kwargs: Any) -> "pd.DataFrame":
    """Read a publisher CSV whatever its line ends (CRLF, LF, old-Mac CR) or encoding.

    UTF-8 is tried first, then Windows-1252 (COW files exported from Excel). Every column in
    ``required`` must be present, and the last line must have as many fields as the header.

    Parameters
    ----------
    path
        CSV file.
    required
        Column names that must be present.
    **kwargs
        Passed to :func:`pandas.read_csv`.

    Raises
    ------
    DataFormatError
        When the file is empty, cannot be parsed, or lacks a required column; the message
        names the file and the columns.
    """
    import pandas as pd

    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise DataFormatError(f"{path}: file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_not_truncated(text, path)
    from io import StringIO

    try:
        df = pd.read_csv(StringIO(text), **kwargs)
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataFormatError(f"{path}: cannot parse CSV ({exc})") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataFormatError(
            f"{path}: missing column(s) {missing}; found {list(df.columns)[:30]}"
        )
    return df

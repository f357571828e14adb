"""Small I/O helpers: atomic writes, hashing, strict decoding and checked CSV reading."""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFormatError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

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


def pinned_match(data: bytes, accepted: Iterable[str]) -> tuple[bool, str]:
    """Whether ``data`` has one of the ``accepted`` SHA-256 values, as it is or LF-normalised.

    The LF-normalised hash is computed only when the bytes as they are do not match, so a
    verified file costs one hash. Returns ``(match, sha256 of the bytes as they are)``.
    """
    accepted = set(accepted)
    raw = hashlib.sha256(data).hexdigest()
    if raw in accepted:
        return True, raw
    return sha256_pair(data)[1] in accepted, raw


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


@dataclass(frozen=True)
class TextSpec:
    """How a raw text file is decoded: the encoding the registry names for it, and the number of
    bytes known not to decode in the pinned file (replaced by U+FFFD and counted in the log)."""

    encoding: str = "utf-8"
    undecodable_bytes: int = 0


_DECLARED: ContextVar[Mapping[Path, TextSpec]] = ContextVar("alliancewar_declared_text", default={})


@contextmanager
def declared_text(specs: Mapping[str | os.PathLike[str], TextSpec]) -> Iterator[None]:
    """Declare the text specs of raw files for the readers called inside the ``with`` block.

    :func:`alliancewar.clean.clean_source` declares the registry's encoding of every raw file it
    has verified, so :func:`read_csv_checked` decodes each with its own encoding while the
    cleaners keep passing plain paths. A file not declared is decoded as strict UTF-8.
    """
    token = _DECLARED.set({Path(p).resolve(): spec for p, spec in specs.items()})
    try:
        yield
    finally:
        _DECLARED.reset(token)


def declared_spec(path: str | os.PathLike[str]) -> TextSpec:
    """The text spec declared for ``path`` (see :func:`declared_text`); strict UTF-8 otherwise."""
    return _DECLARED.get().get(Path(path).resolve(), TextSpec())


def _line_of(raw: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` whatever the line ends (CRLF, LF or CR)."""
    head = raw[:offset]
    return head.count(b"\n") + head.replace(b"\r\n", b"\n").count(b"\r") + 1


def decode_text(raw: bytes, path: str | os.PathLike[str], spec: TextSpec = TextSpec()) -> str:
    """Decode a raw file strictly with its registry encoding.

    A UTF-8 byte-order mark is dropped (it is not text). Undecodable bytes are an error unless
    the registry declares exactly how many the pinned file has (``undecodable_bytes``): those are
    replaced by U+FFFD and counted in the log.

    Raises
    ------
    DataFormatError
        Naming the file, the encoding, the byte offset, the line and the byte value of the first
        undecodable byte beyond the declared count (or the declared and the actual counts).
    """
    name = codecs.lookup(spec.encoding).name
    first = "utf-8-sig" if name == "utf-8" else name
    parts: list[str] = []
    bad: list[int] = []  # offsets of the undecodable bytes
    pos = 0
    while True:
        try:
            parts.append(raw[pos:].decode(first if pos == 0 else name))
            break
        except UnicodeDecodeError as exc:
            start = pos + exc.start
            if len(bad) + exc.end - exc.start > spec.undecodable_bytes:
                declared = f" ({spec.undecodable_bytes} undecodable byte(s) declared)" if spec.undecodable_bytes else ""
                raise DataFormatError(
                    f"{path}: byte offset {start} (line {_line_of(raw, start)}, byte 0x{raw[start]:02x}) cannot be "
                    f"decoded as {spec.encoding}{declared}. If the publisher's file uses another encoding, name it "
                    f"in the file's 'encoding' key in the source registry; if it is known to hold undecodable "
                    f"bytes, give their number in 'undecodable_bytes'"
                ) from None
            bad.extend(range(start, pos + exc.end))
            parts.append(raw[pos:start].decode(first if pos == 0 else name))
            parts.append("\ufffd")
            pos = pos + exc.end
    if len(bad) != spec.undecodable_bytes:
        raise DataFormatError(
            f"{path}: the source registry declares {spec.undecodable_bytes} undecodable byte(s) in "
            f"{spec.encoding}, the file has {len(bad)}"
        )
    if bad:
        log.warning("%s: %d undecodable byte(s) replaced by U+FFFD at byte offset(s) %s, as the source "
                    "registry declares (undecodable_bytes: %d)", path, len(bad), bad[:10], spec.undecodable_bytes)
    return "".join(parts)


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


def read_csv_checked(path: str | os.PathLike[str], required: Iterable[str], *, spec: TextSpec | None = None,
                     **kwargs: Any) -> "pd.DataFrame":
    """Read a publisher CSV whatever its line ends (CRLF, LF, old-Mac CR), decoded strictly.

    The text is decoded with ``spec`` (default: the spec declared for ``path`` by
    :func:`declared_text`, i.e. the source registry's encoding; strict UTF-8 when undeclared),
    see :func:`decode_text`. Every column in ``required`` must be present, and the last line
    must have as many fields as the header.

    Parameters
    ----------
    path
        CSV file.
    required
        Column names that must be present.
    spec
        Encoding and known undecodable bytes; overrides the declared spec.
    **kwargs
        Passed to :func:`pandas.read_csv`.

    Raises
    ------
    DataFormatError
        When the file is empty, has an undecodable byte, cannot be parsed, or lacks a required
        column; the message names the file and the byte offset or the columns.
    """
    import pandas as pd

    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise DataFormatError(f"{path}: file is empty")
    text = decode_text(raw, path, spec or declared_spec(path))
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

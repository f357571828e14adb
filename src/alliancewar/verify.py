"""Verify raw files against the SHA-256 pinned in the source registry, every time they are used.

A file is verified when it is fetched (before it is written to ``data/raw``), by each clean step
before it reads its source's files (:func:`verify_source`), and by the report before it records
the files in ``provenance.json`` (:func:`verify_raw_files`), however the files got into
``data/raw`` (fetched, or placed or edited by hand). A hash matches as published or after
normalising line ends to LF; one SHA-256 per file and use (the LF one only on a mismatch).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import ChecksumError, FetchError
from .io import pinned_match
from .sources import Source, SourceFile


def verify_bytes(data: bytes, source: Source, entry: SourceFile, origin: str) -> None:
    """Check bytes against the pinned hashes of ``entry``.

    Raises
    ------
    ChecksumError
        Naming the file, the source, the expected and the actual hash.
    """
    ok, actual = pinned_match(data, entry.accepted_hashes)
    if not ok:
        raise ChecksumError(source.name, entry.file, entry.accepted_hashes, actual, origin)


def verify_file(path: str | os.PathLike[str], source: Source, entry: SourceFile) -> str:
    """Verify one raw file in place against its pinned hashes.

    Returns
    -------
    str
        The file's SHA-256 (of its bytes as they are).

    Raises
    ------
    FetchError
        When the file is missing.
    ChecksumError
        When it does not match, naming the file, the source, the expected and the actual hash.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FetchError(
            f"raw file {path} of source '{source.name}' is missing; run the workflow again "
            f"(e.g. snakemake --cores 4 data) to fetch and verify it"
        ) from None
    ok, raw = pinned_match(data, entry.accepted_hashes)
    if not ok:
        raise ChecksumError(
            source.name, entry.file, entry.accepted_hashes, raw, str(path),
            hint=f"Raw files are verified before every use and never overwritten: delete it "
                 f"(rm -f '{path}') and rerun to fetch the pinned file again.",
        )
    return raw


def present_files(source: Source, raw_dir: str | os.PathLike[str]) -> list[SourceFile]:
    """The registry files of ``source`` a use of ``raw_dir`` reads: every file, except that of a
    ``one_of`` group (several forms of the same data) only those present -- at least one.

    Raises
    ------
    FetchError
        When no file of a ``one_of`` group is present, naming the files looked for.
    """
    raw_dir = Path(raw_dir)
    groups: dict[str, list[SourceFile]] = {}
    for f in source.files:
        if f.one_of:
            groups.setdefault(f.one_of, []).append(f)
    out = [f for f in source.files if not f.one_of or (raw_dir / f.file).exists()]
    for group, members in groups.items():
        if not any((raw_dir / f.file).exists() for f in members):
            raise FetchError(
                f"raw files of source '{source.name}' are missing: none of {[f.file for f in members]} (one_of "
                f"'{group}') is in {raw_dir}; run the workflow again (e.g. snakemake --cores 4 data) to fetch and "
                f"verify one"
            )
    return out


def verify_source(source: Source, raw_dir: str | os.PathLike[str]) -> dict[Path, str]:
    """Verify the registry files of ``source`` in ``raw_dir`` (:func:`present_files`); return path ->
    SHA-256 (see :func:`verify_file`)."""
    return {Path(raw_dir) / f.file: verify_file(Path(raw_dir) / f.file, source, f)
            for f in present_files(source, raw_dir)}


def verify_raw_files(sources: Iterable[Source], raw_root: str | os.PathLike[str]) -> dict[str, str]:
    """Verify the raw files of ``sources`` under ``raw_root/<source>/`` (for the report's provenance).

    Each file is read and hashed once.

    Returns
    -------
    dict
        ``str(path)`` -> SHA-256 of the bytes as they are, sorted by path.

    Raises
    ------
    FetchError, ChecksumError
        As :func:`verify_file`, for the first missing or mismatching file.
    """
    hashes = {str(p): h for s in sources for p, h in verify_source(s, Path(raw_root) / s.name).items()}
    return dict(sorted(hashes.items()))

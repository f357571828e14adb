"""Fetch raw files: from the publisher (pooch), from a local mirror, or from a user-supplied folder.

Whatever the origin (chosen by :mod:`alliancewar.origin`), a file is verified against the
SHA-256 pinned in the source registry (as published, or after normalising line ends to LF)
*before* it is written, then written atomically (temporary file, then rename) and made
read-only; a source's files are written only when all of them verify. An existing raw file is
never overwritten: if it verifies it is kept, otherwise the run stops and says so. Raw files
are verified again every time they are used (:mod:`alliancewar.verify`).
"""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
import types
import zipfile
from pathlib import Path

from .errors import ConfigError, FetchError
from .io import atomic_write
from .origin import MIRROR_ENV, MIRROR_REMEDIES, OFFLINE_HINT
from .sources import Source, SourceFile
from .verify import verify_bytes, verify_file

log = logging.getLogger(__name__)


def extract_member(archive: bytes, member: str, origin: str) -> bytes:
    """Return the bytes of ``member`` inside a zip archive, following nested zips.

    ``member`` is a path inside the archive; a segment ending in ``.zip`` names a zip inside
    the zip (``NMC-60-abridged.zip/NMC-60-abridged.csv``). A segment matches an entry with the
    same path or the same base name, so a publisher's extra top folder does not matter.
    """
    segments = member.split("/")
    data = archive
    while segments:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise FetchError(f"{origin}: not a valid zip archive ({exc})") from exc
        cut = next((i + 1 for i, s in enumerate(segments[:-1]) if s.lower().endswith(".zip")), len(segments))
        wanted, segments = "/".join(segments[:cut]), segments[cut:]
        names = [n for n in zf.namelist() if not n.endswith("/")]
        hit = [n for n in names if n == wanted] or [n for n in names if n.endswith("/" + wanted)] or [
            n for n in names if n.rsplit("/", 1)[-1] == wanted.rsplit("/", 1)[-1]
        ]
        if not hit:
            raise FetchError(f"{origin}: zip member '{wanted}' not found; members: {names[:20]}")
        data = zf.read(hit[0])
    return data


def _download(url: str, cache_dir: Path, progress: bool) -> bytes:
    import pooch

    try:
        path = pooch.retrieve(url, known_hash=None, path=cache_dir,
                              downloader=pooch.HTTPDownloader(progressbar=progress, timeout=60))
    except Exception as exc:  # requests/HTTP errors: report the URL
        raise FetchError(f"download of {url} failed: {exc}. {OFFLINE_HINT}.") from exc
    return Path(path).read_bytes()


def _obtain(source: Source, entry: SourceFile, mirror: Path | None, user_dir: Path | None,
            cache_dir: Path, progress: bool) -> tuple[bytes, str]:
    if source.user_supplied:
        if user_dir is None:
            raise FetchError(
                f"source '{source.name}' is never downloaded (its maintainer asked software not to "
                f"fetch or redistribute it); supply the folder with config key cow_alliances_dir"
            )
        candidates = [user_dir / entry.file, user_dir / Path(entry.mirror_path).name]
        for c in candidates:
            if c.is_file():
                return c.read_bytes(), str(c)
        raise FetchError(f"source '{source.name}': file '{entry.file}' not found in user folder {user_dir}")
    if mirror is not None:
        if not mirror.is_dir():
            raise ConfigError(f"mirror folder {mirror} does not exist. {MIRROR_REMEDIES}.")
        path = mirror / entry.mirror_path
        if not path.is_file():
            raise FetchError(
                f"source '{source.name}': file '{entry.file}' not found in mirror at {path} (registry key "
                f"mirror_path: {entry.mirror_path}); add it to the mirror, or download from the publishers "
                f"(--config mirror=null with {MIRROR_ENV} unset)"
            )
        return path.read_bytes(), str(path)
    if not entry.url:
        raise FetchError(
            f"source '{source.name}': no publisher download URL is known for '{entry.file}'; "
            f"place it in a local mirror and set config key 'mirror'"
        )
    data = _download(entry.url, cache_dir, progress)
    origin = entry.url
    if entry.member:
        data = extract_member(data, entry.member, entry.url)
        origin = f"{entry.url}!{entry.member}"
    return data, origin


def _verified_bytes(source: Source, entry: SourceFile, dest: Path, *, mirror: str | os.PathLike[str] | None,
                    user_dir: str | os.PathLike[str] | None, cache_dir: str | os.PathLike[str] | None,
                    progress: bool) -> tuple[bytes, str] | None:
    """The verified bytes of ``entry`` and their origin, or None when ``dest`` already holds them."""
    if dest.exists():
        verify_file(dest, source, entry)
        log.info("%s: already present and verified", dest)
        return None
    cache = Path(cache_dir) if cache_dir else dest.parent.parent / ".downloads"
    data, origin = _obtain(source, entry, Path(mirror) if mirror else None,
                           Path(user_dir) if user_dir else None, cache, progress)
    verify_bytes(data, source, entry, origin)
    return data, origin


def _write_raw(dest: Path, data: bytes, origin: str) -> Path:
    atomic_write(dest, lambda p: p.write_bytes(data))
    dest.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    log.info("%s: fetched from %s and verified", dest, origin)
    return dest


def fetch_file(source: Source, entry: SourceFile, dest_dir: str | os.PathLike[str], *,
               mirror: str | os.PathLike[str] | None = None,
               user_dir: str | os.PathLike[str] | None = None,
               cache_dir: str | os.PathLike[str] | None = None,
               progress: bool = True) -> Path:
    """Obtain one raw file, verify it and write it to ``dest_dir/<file>``.

    Parameters
    ----------
    source, entry
        The registry source and the file in it.
    dest_dir
        Folder for the raw file (``data/raw/<source>``).
    mirror
        Local directory laid out like the offline mirror; when given, the file is copied from
        ``mirror/<mirror_path>`` instead of downloaded.
    user_dir
        Folder supplied by the user for sources that are never downloaded (COW alliances).
    cache_dir
        Where downloads are cached (default ``dest_dir/../.downloads``).
    progress
        Show a progress bar for downloads.

    Returns
    -------
    Path
        The verified raw file.

    Raises
    ------
    ChecksumError
        When the obtained bytes, or an existing raw file, do not match the pinned hashes;
        nothing is written.
    FetchError
        When the file cannot be obtained.
    ConfigError
        When ``mirror`` is not an existing folder.
    """
    dest = Path(dest_dir) / entry.file
    got = _verified_bytes(source, entry, dest, mirror=mirror, user_dir=user_dir, cache_dir=cache_dir,
                          progress=progress)
    return dest if got is None else _write_raw(dest, *got)


def fetch_source(source: Source, dest_root: str | os.PathLike[str], *,
                 mirror: str | os.PathLike[str] | None = None,
                 user_dir: str | os.PathLike[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None,
                 progress: bool = True) -> list[Path]:
    """Fetch every file of ``source`` into ``dest_root/<source.name>/``; see :func:`fetch_file`.

    Every file is obtained and verified before any is written, so a source whose files do not
    all verify leaves nothing new in its folder.
    """
    dest_dir = Path(dest_root) / source.name
    got = {f.file: _verified_bytes(source, f, dest_dir / f.file, mirror=mirror, user_dir=user_dir,
                                   cache_dir=cache_dir, progress=progress) for f in source.files}
    return [dest_dir / name if data is None else _write_raw(dest_dir / name, *data) for name, data in got.items()]


class _CallableModule(types.ModuleType):
    """``alliancewar.fetch`` is this module and, called, the public API's :func:`alliancewar.api.data.fetch`.

    The public API names its cache-filling function ``aw.fetch()`` (peacesciencer's
    ``download_extdata`` counterpart); the name is also this module's, so the module forwards calls.
    """

    def __call__(self, *args: object, **kwargs: object) -> object:
        from .api.data import fetch

        return fetch(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

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
from .origin import MIRROR_ENV, MIRROR_REMEDIES, OFFLINE_HINT, USER_AGENT, short_reason, tls_error_message
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


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _download(url: str, cache_dir: Path, progress: bool) -> bytes:
    """Download ``url`` into the pooch cache (redirects followed, TLS verified) and return its bytes.

    Publishers' links redirect (http to https, short links such as GML's bit.ly link, moved
    uploads): requests follows up to 30 redirects. A TLS certificate that cannot be verified is
    an error naming the URL (verification is never turned off); a page of HTML where a data file
    was expected (a terms, login or error page at the end of a redirect) is an error too, and is
    not kept in the cache.
    """
    import pooch
    import requests

    downloader = pooch.HTTPDownloader(progressbar=progress, timeout=60, allow_redirects=True,
                                      headers={"User-Agent": USER_AGENT})
    try:
        path = Path(pooch.retrieve(url, known_hash=None, path=cache_dir, downloader=downloader))
    except requests.exceptions.SSLError as exc:
        raise FetchError(tls_error_message(url, short_reason(exc))) from exc
    except requests.exceptions.TooManyRedirects as exc:
        raise FetchError(f"download of {url} failed: the publisher's redirects loop ({exc}). {OFFLINE_HINT}.") from exc
    except Exception as exc:  # requests/HTTP errors: report the URL
        raise FetchError(f"download of {url} failed: {short_reason(exc)}. {OFFLINE_HINT}.") from exc
    data = path.read_bytes()
    if _looks_like_html(data) and not url.lower().endswith((".html", ".htm")):
        path.unlink()
        raise FetchError(
            f"download of {url} returned an HTML page, not the data file (a moved file, or a terms, login or error "
            f"page the link now leads to); check the URL in the source registry. {OFFLINE_HINT}."
        )
    return data


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


def files_to_fetch(source: Source, dest_dir: str | os.PathLike[str], mirror: str | os.PathLike[str] | None
                   ) -> tuple[SourceFile, ...]:
    """The files of ``source`` a fetch obtains into ``dest_dir``.

    Every file, except that of each ``one_of`` group (several forms of the same data, e.g. the
    dyadic MIDs 4.03 as CSV and as Stata) only one: the first (in registry order) already in
    ``dest_dir``; else, from a mirror, the first the mirror holds; else, downloading, the first
    with a publisher URL; else the first (whose fetch then says what is missing). So a form
    already fetched is kept whatever the origin, and the cleaner reads whichever is present.
    """
    dest = Path(dest_dir)
    chosen: dict[str, SourceFile] = {}
    for group in dict.fromkeys(f.one_of for f in source.files if f.one_of):
        members = [f for f in source.files if f.one_of == group]
        if mirror is not None:
            available = [f for f in members if (Path(mirror) / f.mirror_path).is_file()]
        else:
            available = [f for f in members if f.url]
        present = [f for f in members if (dest / f.file).exists()]
        chosen[group] = (present or available or members)[0]
    return tuple(f for f in source.files if not f.one_of or chosen[f.one_of] is f)


def fetch_source(source: Source, dest_root: str | os.PathLike[str], *,
                 mirror: str | os.PathLike[str] | None = None,
                 user_dir: str | os.PathLike[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None,
                 progress: bool = True) -> list[Path]:
    """Fetch the files of ``source`` (:func:`files_to_fetch`) into ``dest_root/<source.name>/``; see
    :func:`fetch_file`.

    Every file is obtained and verified before any is written, so a source whose files do not
    all verify leaves nothing new in its folder.
    """
    dest_dir = Path(dest_root) / source.name
    got = {f.file: _verified_bytes(source, f, dest_dir / f.file, mirror=mirror, user_dir=user_dir,
                                   cache_dir=cache_dir, progress=progress)
           for f in files_to_fetch(source, dest_dir, mirror)}
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

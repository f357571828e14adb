"""Fetch and verify raw files: from the publisher (pooch), a local mirror, or a user-supplied folder.

Whatever the origin, a file is verified against the SHA-256 pinned in the source registry
(as published, or after normalising line ends to LF) *before* it is written, then written
atomically (temporary file, then rename) and made read-only. An existing raw file is never
overwritten: if it verifies it is kept, otherwise the run stops and says so.

Raw files are verified again every time they are used (:func:`verify_source` before a clean
step reads them, :func:`verify_raw_files` for the report's provenance), however they got into
``data/raw`` (fetched, placed or edited by hand).

The origin is chosen by :func:`resolve_mirror`: the config key ``mirror`` when it names a
folder, else the environment variable ``ALLIANCEWAR_MIRROR``, else download from the
publishers. Before downloading, :func:`check_reachable` fails fast, with one message, when
a publisher cannot be reached (no network).
"""

from __future__ import annotations

import io
import logging
import os
import stat
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ChecksumError, ConfigError, FetchError
from .io import atomic_write, pinned_match
from .sources import Source, SourceFile

log = logging.getLogger(__name__)

MIRROR_ENV = "ALLIANCEWAR_MIRROR"
"""Environment variable naming a mirror folder when the config key ``mirror`` does not."""

_NO_VALUE = {"", "null", "none", "~"}

_MIRROR_REMEDIES = (
    "Either point it at a folder laid out like the archived mirror (<source>/<file>, see "
    "../shared/data/MANIFEST.md): --config mirror=/path/to/mirror, or ALLIANCEWAR_MIRROR=/path/to/mirror "
    "before the command; or download from the publishers: --config mirror=null with ALLIANCEWAR_MIRROR unset"
)

_MIRROR_HINT = (
    "Run from a local mirror: ALLIANCEWAR_MIRROR=/path/to/mirror snakemake --cores 4 "
    "(or --config mirror=/path/to/mirror); see the README, 'Offline / archived data'"
)
_OFFLINE_HINT = f"No network? {_MIRROR_HINT}"


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
            hint=f"Raw files are verified before every use and never overwritten: delete {path} "
                 f"and rerun to fetch the pinned file again.",
        )
    return raw


def verify_source(source: Source, raw_dir: str | os.PathLike[str]) -> dict[Path, str]:
    """Verify every registry file of ``source`` in ``raw_dir``; return path -> SHA-256 (see :func:`verify_file`)."""
    return {Path(raw_dir) / f.file: verify_file(Path(raw_dir) / f.file, source, f) for f in source.files}


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


@dataclass(frozen=True)
class Origin:
    """Where raw files come from: a mirror folder (absolute) or, when ``mirror`` is None, the publishers."""

    mirror: Path | None
    reason: str

    def describe(self) -> str:
        """One line for the start of a run."""
        if self.mirror is None:
            return f"Raw files: downloaded from the publishers ({self.reason}), then verified."
        return f"Raw files: copied from the mirror {self.mirror} ({self.reason}), then verified."


def normalise_dir(value: object) -> str | None:
    """A folder setting as one canonical string: None for null/empty; ``~`` expanded, ``a//b/./`` -> ``a/b``.

    Paths enter rule parameters and config digests only in this form, so a trailing slash or
    another spelling of the same relative or absolute path does not rerun anything.
    """
    if value is None or str(value).strip().lower() in _NO_VALUE:
        return None
    return os.path.normpath(os.path.expanduser(str(value).strip()))


def resolve_mirror(value: object, environ: Mapping[str, str] = os.environ) -> Origin:
    """Choose the origin of raw files.

    The config key ``mirror`` wins when it names a folder; when it is null, empty or absent
    (``--config mirror=null`` too), the environment variable ``ALLIANCEWAR_MIRROR`` names the
    mirror if set; otherwise files are downloaded from the publishers.

    Raises
    ------
    ConfigError
        When the chosen mirror folder does not exist, saying where the setting came from and
        showing both remedies (a real mirror folder, or downloading).
    """
    configured = normalise_dir(value)
    from_env = normalise_dir(environ.get(MIRROR_ENV))
    if configured:
        folder, why = configured, "config key 'mirror'"
    elif from_env:
        folder, why = from_env, f"environment variable {MIRROR_ENV}"
    else:
        return Origin(None, f"config key 'mirror' is null and {MIRROR_ENV} is not set")
    path = Path(os.path.abspath(folder))
    if not path.is_dir():
        state = "is not a folder" if path.exists() else "does not exist"
        raise ConfigError(f"mirror folder {folder} (from {why}) {state}. {_MIRROR_REMEDIES}.")
    return Origin(path, why)


def check_user_dir(folder: str | None, key: str) -> None:
    """Fail at once when a config key naming a user-supplied folder (``cow_alliances_dir``) names
    no existing folder, rather than when its fetch job runs.

    Raises
    ------
    ConfigError
        Naming the key, the folder and both remedies.
    """
    if folder and not Path(folder).is_dir():
        raise ConfigError(
            f"config key {key}: folder {folder} does not exist; point it at the folder holding the files "
            f"you downloaded yourself, or set {key}: null (--config {key}=null) to skip them"
        )


def _probe(url: str, timeout: float) -> str | None:
    """None when the server behind ``url`` answers (any HTTP status), else the reason it does not."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None  # the server answered; the download itself reports a missing file
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return str(getattr(exc, "reason", None) or exc)


def check_reachable(files: Sequence[tuple[Source, SourceFile]], timeout: float = 5.0) -> None:
    """Fail fast, with one message, when files are to be downloaded and cannot be.

    Every distinct server among the files' URLs is probed once, in parallel, with ``timeout``
    seconds each; the first unreachable URL in registry order is reported. Then files without a
    publisher URL are reported (they can only come from a mirror).

    Raises
    ------
    FetchError
        Naming the first unreachable URL (or the first file without a URL), its file and source,
        how many files were to be downloaded, and how to run from a mirror instead.
    """
    n = len(files)
    first_by_server: dict[str, tuple[Source, SourceFile]] = {}
    for s, f in files:
        if f.url:
            parts = urlsplit(f.url)
            first_by_server.setdefault(f"{parts.scheme}://{parts.netloc}", (s, f))
    if first_by_server:
        with ThreadPoolExecutor(max_workers=min(8, len(first_by_server))) as pool:
            reasons = list(pool.map(lambda sf: _probe(str(sf[1].url), timeout), first_by_server.values()))
        for (s, f), reason in zip(first_by_server.values(), reasons):
            if reason is not None:
                raise FetchError(
                    f"cannot reach the publisher: {f.url} (file '{f.file}' of source '{s.name}', one of {n} raw "
                    f"files to download) failed: {reason}. {_OFFLINE_HINT}."
                )
    no_url = [(s, f) for s, f in files if not f.url]
    if no_url:
        s, f = no_url[0]
        raise FetchError(
            f"source '{s.name}': no publisher download URL is known for '{f.file}' ({len(no_url)} of the {n} raw "
            f"files to download have none), so it can only come from a local mirror. {_MIRROR_HINT}."
        )


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
        raise FetchError(f"download of {url} failed: {exc}. {_OFFLINE_HINT}.") from exc
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
            raise ConfigError(f"mirror folder {mirror} does not exist. {_MIRROR_REMEDIES}.")
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

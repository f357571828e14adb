"""Where the public API's data come from: a verified local cache of raw files and clean tables.

The first time a verb needs a table, its source's raw files are obtained -- copied from a mirror
folder or downloaded from the publishers, chosen as in the pipeline (:func:`configure`'s
``mirror``, else the environment variable ``ALLIANCEWAR_MIRROR``, else download) --, verified
against the SHA-256 pinned in the source registry, and cleaned (and validated) into Parquet;
later uses read the Parquet. :func:`fetch` does it ahead of time for any sources.

The cache lives in :func:`cache_dir`: the folder given to :func:`configure`, else the
environment variable ``ALLIANCEWAR_CACHE``, else the user cache folder of the platform
(``~/.cache/alliancewar`` on Linux, ``~/Library/Caches/alliancewar`` on macOS,
``%LOCALAPPDATA%\\alliancewar\\Cache`` on Windows; from :mod:`platformdirs`). It holds
``raw/<source>/<file>`` (write-protected verified copies, as the pipeline's ``data/raw``) and
``clean/<source>-<digest>/<table>.parquet``, where the digest covers the registry's pins of the
source's files and the code of the cleaners: a changed pin or cleaner cleans again, nothing is
overwritten. The COW alliance files are never downloaded: they come from the folder the user names
(``cow_alliances_dir``).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..clean import CLEANERS, clean_source
from ..errors import ConfigError
from ..fetch import fetch_source
from ..origin import normalise_dir, resolve_mirror
from ..sources import Source, load_sources

log = logging.getLogger(__name__)

CACHE_ENV = "ALLIANCEWAR_CACHE"
"""Environment variable naming the cache folder when :func:`configure` has not."""
REGISTRY_ENV = "ALLIANCEWAR_REGISTRY"
"""Environment variable naming the source registry when :func:`configure` has not."""
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    """The API's data settings (see :func:`configure`)."""

    cache_dir: str | None = None
    mirror: str | None = None
    cow_alliances_dir: str | None = None
    registry: str | None = None


_settings = Settings()
_tables: dict[tuple[str, str], pd.DataFrame] = {}
_registries: dict[tuple[str, int], dict[str, Source]] = {}
_UNSET = object()


def configure(*, cache_dir: object = _UNSET, mirror: object = _UNSET, cow_alliances_dir: object = _UNSET,
              registry: object = _UNSET) -> Settings:
    """Set where the API's data come from; arguments left out keep their value.

    Parameters
    ----------
    cache_dir
        Cache folder (default: ``ALLIANCEWAR_CACHE``, else the platform's user cache folder).
    mirror
        A mirror folder laid out like the project's archived mirror (``<source>/<file>``); the
        API's equivalent of the pipeline's config key ``mirror``. ``None``: the environment
        variable ``ALLIANCEWAR_MIRROR`` if set, else download from the publishers.
    cow_alliances_dir
        The folder with the COW alliance v4.1 files you downloaded yourself (never downloaded).
    registry
        The source registry YAML (default: ``ALLIANCEWAR_REGISTRY``, else the repository's
        ``config/sources.yaml``).

    Returns
    -------
    Settings
        The settings now in force.

    Examples
    --------
    >>> import alliancewar as aw
    >>> before = aw.configure()  # no arguments: the settings in force, unchanged
    >>> aw.configure(cache_dir="/tmp/aw-cache").cache_dir
    '/tmp/aw-cache'
    >>> _ = aw.configure(cache_dir=before.cache_dir)  # back to what it was
    """
    global _settings
    changes = {k: normalise_dir(v) for k, v in (("cache_dir", cache_dir), ("mirror", mirror),
                                                 ("cow_alliances_dir", cow_alliances_dir),
                                                 ("registry", registry)) if v is not _UNSET}
    _settings = replace(_settings, **changes)
    _tables.clear()
    return _settings


def settings() -> Settings:
    """The settings in force (also ``aw.configure()`` without arguments; not at the top level, where
    ``alliancewar.settings`` is the workflow's config-checking module)."""
    return _settings


def cache_dir() -> Path:
    """The cache folder in force (see the module docstring)."""
    if _settings.cache_dir:
        return Path(_settings.cache_dir)
    if os.environ.get(CACHE_ENV):
        return Path(os.path.expanduser(os.environ[CACHE_ENV]))
    import platformdirs

    return Path(platformdirs.user_cache_dir("alliancewar", appauthor=False))


def registry_path() -> Path:
    """The source registry in force."""
    value = _settings.registry or os.environ.get(REGISTRY_ENV)
    path = Path(value) if value else _PACKAGE.parents[1] / "config" / "sources.yaml"
    if not path.is_file():
        raise ConfigError(f"source registry {path} not found; name it with aw.configure(registry=...) or the "
                          f"environment variable {REGISTRY_ENV} (the repository's config/sources.yaml)")
    return path


def registry() -> dict[str, Source]:
    """The source registry (sources by name; read again when the file changes)."""
    path = registry_path()
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _registries:
        _registries.clear()
        _registries[key] = load_sources(path)
    return _registries[key]


def _code_digest() -> str:
    digest = hashlib.sha256()
    for f in sorted((_PACKAGE / "clean").glob("*.py")) + [_PACKAGE / "io.py"]:
        digest.update(f.read_bytes())
    return digest.hexdigest()


def _clean_folder(source: Source) -> Path:
    digest = hashlib.sha256(_code_digest().encode())
    for f in source.files:
        digest.update(f"{f.file}|{f.sha256}|{f.sha256_lf}|{f.encoding}|{f.undecodable_bytes}".encode())
    return cache_dir() / "clean" / f"{source.name}-{digest.hexdigest()[:12]}"


def source_of(table: str) -> str:
    """The registry source whose cleaner writes clean table ``table``."""
    for name, module in CLEANERS.items():
        if table in module.TABLES:
            return name
    raise KeyError(f"no cleaner writes a table '{table}'")


def _user_dir(source: Source, folder: str | None) -> str | None:
    if not source.user_supplied:
        return None
    folder = normalise_dir(folder) or _settings.cow_alliances_dir
    if not folder:
        raise ConfigError(
            f"source '{source.name}' is never downloaded (its maintainer asked software not to fetch or "
            f"redistribute it): name the folder holding the files you downloaded yourself, with "
            f"aw.configure(cow_alliances_dir=...) or the verb's folder= argument")
    if not Path(folder).is_dir():
        raise ConfigError(f"cow_alliances_dir: folder {folder} does not exist")
    return folder


def prepare(name: str, *, folder: str | None = None) -> Path:
    """Fetch (verified) and clean source ``name`` into the cache unless done; return its clean folder."""
    source = registry()[name]
    out = _clean_folder(source)
    module = CLEANERS[name]
    if all((out / f"{t}.parquet").exists() for t in module.TABLES):
        return out
    origin = resolve_mirror(_settings.mirror, os.environ)
    log.info("%s: %s", name, origin.describe())
    raw_root = cache_dir() / "raw"
    fetch_source(source, raw_root, mirror=origin.mirror, user_dir=_user_dir(source, folder),
                 cache_dir=cache_dir() / "downloads", progress=False)
    clean_source(name, raw_root / name, out, registry=registry())
    return out


def fetch(sources: Iterable[str] | None = None, *, cow_alliances_dir: str | None = None) -> dict[str, Path]:
    """Fetch, verify and clean sources into the cache ahead of use.

    Parameters
    ----------
    sources
        Registry names (default: every source with a cleaner that is neither optional nor
        user-supplied, i.e. what the default panel uses).
    cow_alliances_dir
        Folder of the COW alliance files, when ``sources`` includes ``cow_alliances_v4.1``.

    Returns
    -------
    dict
        Source name -> folder of its clean tables.

    Raises
    ------
    FetchError, ChecksumError
        When a raw file cannot be obtained or does not match its pinned SHA-256.
    """
    reg = registry()
    names = list(sources) if sources is not None else [
        n for n, s in reg.items() if n in CLEANERS and not s.optional and not s.user_supplied]
    return {n: prepare(n, folder=cow_alliances_dir) for n in names}


def table(name: str, *, folder: str | None = None) -> pd.DataFrame:
    """Clean table ``name`` from the cache (fetched and cleaned on first use; kept in memory)."""
    source = source_of(name)
    key = (source, name)
    if key not in _tables:
        _tables[key] = pd.read_parquet(prepare(source, folder=folder) / f"{name}.parquet")
    return _tables[key]

"""Where raw files come from: a mirror folder or the publishers, never a hidden default.

:func:`resolve_mirror` chooses: the config key ``mirror`` when it names a folder, else the
environment variable ``ALLIANCEWAR_MIRROR``, else download from the publishers. Before any
download, :func:`check_reachable` fails fast, with one message, when a publisher cannot be
reached (no network), or its TLS certificate cannot be verified. Folder settings are normalised (:func:`normalise_dir`) before they enter
rule parameters or config digests.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__
from .errors import ConfigError, FetchError
from .sources import Source, SourceFile

MIRROR_ENV = "ALLIANCEWAR_MIRROR"
"""Environment variable naming a mirror folder when the config key ``mirror`` does not."""

_NO_VALUE = {"", "null", "none", "~"}

MIRROR_REMEDIES = (
    "Either point it at a folder laid out like the archived mirror (<source>/<file>, see "
    "../shared/data/MANIFEST.md): --config mirror=/path/to/mirror, or ALLIANCEWAR_MIRROR=/path/to/mirror "
    "before the command; or download from the publishers: --config mirror=null with ALLIANCEWAR_MIRROR unset"
)

MIRROR_HINT = (
    "Run from a local mirror: ALLIANCEWAR_MIRROR=/path/to/mirror snakemake --cores 4 "
    "(or --config mirror=/path/to/mirror); see the README, 'Offline / archived data'"
)
OFFLINE_HINT = f"No network? {MIRROR_HINT}"

USER_AGENT = f"alliancewar/{__version__} (reproducible research pipeline; python-requests)"
"""User-Agent of probes and downloads."""


def tls_error_message(url: str, reason: object) -> str:
    """The error for a TLS certificate that cannot be verified (e.g. a publisher's server that
    sends no intermediate certificate): names the URL, says why, and that verification stays on."""
    return (
        f"TLS certificate verification failed for {url}: {reason}. The publisher's server sent a certificate "
        f"chain that cannot be verified (often a missing intermediate certificate on the site); alliancewar never "
        f"downloads without verification. Either add the missing certificate to a CA bundle and name it with "
        f"REQUESTS_CA_BUNDLE=/path/to/bundle.pem, or download the file with a browser into a mirror folder and "
        f"{MIRROR_HINT[0].lower()}{MIRROR_HINT[1:]}"
    )


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
        raise ConfigError(f"mirror folder {folder} (from {why}) {state}. {MIRROR_REMEDIES}.")
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


def short_reason(exc: BaseException) -> str:
    """The innermost cause of a requests/urllib3 error, without the connection-pool wrapping
    (``Failed to resolve 'host' ([Errno -2] Name or service not known)``)."""
    import re

    inner: BaseException = exc
    while True:
        nxt = getattr(inner, "reason", None)
        if not isinstance(nxt, BaseException) and inner.args and isinstance(inner.args[0], BaseException):
            nxt = inner.args[0]
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    return re.sub(r"^<?\w+(Connection|Pool)\w*\(host=[^)]*\)>?: ", "", str(inner)) or type(inner).__name__


class _TLSFailure(str):
    """A probe's reason that is a TLS certificate failure (reported with its own message)."""


def _probe(url: str, timeout: float) -> str | None:
    """None when the server behind ``url`` answers (any HTTP status, redirects followed), else the
    reason it does not. Probes use requests, as the downloads do (same certificate store)."""
    import requests

    try:
        requests.head(url, timeout=timeout, allow_redirects=True, headers={"User-Agent": USER_AGENT}).close()
        return None  # any HTTP status: the server answered; the download itself reports a missing file
    except requests.exceptions.SSLError as exc:
        return _TLSFailure(short_reason(exc))
    except (requests.exceptions.RequestException, OSError, ValueError) as exc:
        return short_reason(exc)


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
            if isinstance(reason, _TLSFailure):
                raise FetchError(f"cannot download from the publisher: {tls_error_message(str(f.url), reason)}")
            if reason is not None:
                raise FetchError(
                    f"cannot reach the publisher: {f.url} (file '{f.file}' of source '{s.name}', one of {n} raw "
                    f"files to download) failed: {reason}. {OFFLINE_HINT}."
                )
    no_url = [(s, f) for s, f in files if not f.url]
    if no_url:
        s, f = no_url[0]
        raise FetchError(
            f"source '{s.name}': no publisher download URL is known for '{f.file}' ({len(no_url)} of the {n} raw "
            f"files to download have none), so it can only come from a local mirror. {MIRROR_HINT}."
        )

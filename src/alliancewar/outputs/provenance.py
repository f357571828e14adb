"""Provenance of a run: code commit, config hash, input hashes, package versions and times."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__

PACKAGES: tuple[str, ...] = (
    "pandas", "numpy", "statsmodels", "linearmodels", "snakemake", "matplotlib", "networkx", "pandera", "pooch",
)
"""Distributions whose versions are recorded (besides Python and alliancewar)."""


def canonical_json(obj: Any) -> str:
    """Serialise ``obj`` as canonical JSON (sorted keys, no whitespace, UTF-8 kept)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def config_hash(config: Any) -> str:
    """SHA-256 of the canonical JSON of a config."""
    return hashlib.sha256(canonical_json(config).encode("utf-8")).hexdigest()


def _git(repo_dir: Path, *args: str) -> str | None:
    """Run a read-only git command; None when git or the repository is unavailable."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "-C", str(repo_dir), *args], capture_output=True, text=True, timeout=20, env=env, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_state(repo_dir: str | os.PathLike[str]) -> tuple[str, bool | None]:
    """Return ``(commit, dirty)``: the HEAD commit (``"unknown"`` outside a repository) and
    whether tracked files differ from it (None when unknown)."""
    repo = Path(repo_dir)
    commit = _git(repo, "rev-parse", "HEAD")
    if not commit:
        return "unknown", None
    status = _git(repo, "status", "--porcelain", "--untracked-files=no")
    return commit, None if status is None else bool(status)


def package_versions() -> dict[str, str]:
    """Versions of Python, alliancewar and :data:`PACKAGES` (``"not installed"`` when absent)."""
    versions = {"python": platform.python_version(), "alliancewar": __version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def collect_provenance(
    *,
    repo_dir: str | os.PathLike[str],
    config: dict[str, Any],
    raw_files: Mapping[str, str],
    started: str,
    finished: str,
) -> dict[str, Any]:
    """Collect the provenance record of a run.

    Parameters
    ----------
    repo_dir
        Working tree of the project (for the git commit and dirty flag).
    config
        The resolved configuration.
    raw_files
        Raw input file -> SHA-256, as verified against the registry's pins
        (:func:`alliancewar.verify.verify_raw_files`).
    started, finished
        Start and end times (ISO 8601).

    Returns
    -------
    dict
        Keys ``commit, dirty, config_hash, config, raw_files`` (path -> sha256),
        ``packages, started, finished``; JSON-serialisable.
    """
    commit, dirty = git_state(repo_dir)
    return {
        "commit": commit,
        "dirty": dirty,
        "config_hash": config_hash(config),
        "config": json.loads(canonical_json(config)),
        "raw_files": {str(p): raw_files[p] for p in sorted(raw_files, key=str)},
        "packages": package_versions(),
        "started": started,
        "finished": finished,
    }


def provenance_line(prov: dict[str, Any]) -> str:
    """One line for table and figure footers: ``alliancewar <commit[:10]> config <hash[:12]>``.

    ``" (dirty)"`` is appended when the working tree had uncommitted changes.
    """
    commit, digest = str(prov.get("commit", "unknown")), str(prov.get("config_hash", "unknown"))
    line = f"alliancewar {commit[:10]} config {digest[:12]}"
    return line + (" (dirty)" if prov.get("dirty") else "")

"""The data-source registry (``config/sources.yaml``): what to fetch, from where, with which checksums.

Every source lists its files with the publisher URL (a direct file or a zip and the member in
it), the SHA-256 pinned as mirrored and the SHA-256 after normalising line ends to LF (either
is accepted, because publishers' files mix CRLF, LF and old-Mac CR and copies get converted),
the coverage years, the terms of use and a BibTeX entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .errors import ConfigError

_HASH = {"type": "string", "pattern": "^[0-9a-f]{64}$"}

SOURCES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["sources"],
    "additionalProperties": False,
    "properties": {
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "title", "version", "coverage", "terms", "files", "bibtex_key", "bibtex"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
                    "title": {"type": "string"},
                    "version": {"type": "string"},
                    "coverage": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["start", "end"],
                        "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
                    },
                    "publisher_url": {"type": "string"},
                    "terms": {"type": "string"},
                    "optional": {"type": "boolean"},
                    "user_supplied": {"type": "boolean"},
                    "bibtex_key": {"type": "string"},
                    "bibtex": {"type": "string"},
                    "files": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["file", "mirror_path", "sha256"],
                            "properties": {
                                "file": {"type": "string"},
                                "mirror_path": {"type": "string"},
                                "url": {"type": "string", "pattern": "^https?://"},
                                "member": {"type": "string"},
                                "sha256": _HASH,
                                "sha256_lf": _HASH,
                                "rows": {"type": "integer", "minimum": 0},
                                "eol": {"type": "string"},
                            },
                        },
                    },
                },
            },
        }
    },
}


@dataclass(frozen=True)
class SourceFile:
    """One pinned file of a source."""

    file: str
    mirror_path: str
    sha256: str
    sha256_lf: str | None = None
    url: str | None = None
    member: str | None = None
    rows: int | None = None
    eol: str | None = None

    @property
    def accepted_hashes(self) -> list[str]:
        """SHA-256 values accepted for this file (as pinned, and LF-normalised)."""
        return [h for h in (self.sha256, self.sha256_lf) if h]


@dataclass(frozen=True)
class Source:
    """A data source: a versioned data set with one or more files."""

    name: str
    title: str
    version: str
    coverage: tuple[int, int]
    terms: str
    files: tuple[SourceFile, ...]
    bibtex_key: str
    bibtex: str
    publisher_url: str = ""
    optional: bool = False
    user_supplied: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def file(self, name: str) -> SourceFile:
        """Return the registry entry of file ``name``."""
        for f in self.files:
            if f.file == name:
                return f
        raise ConfigError(f"source '{self.name}' has no file '{name}'; it has {[f.file for f in self.files]}")

    @property
    def rule_name(self) -> str:
        """Identifier usable in a Snakemake rule name."""
        return self.name.replace(".", "_").replace("-", "_")


def load_sources(path: str | Path) -> dict[str, Source]:
    """Load and validate the source registry.

    Parameters
    ----------
    path
        YAML file (normally ``config/sources.yaml``).

    Returns
    -------
    dict
        Sources by name, in file order.

    Raises
    ------
    ConfigError
        When the file does not follow the registry schema; the message names the file and the
        offending key.
    """
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read source registry ({exc})") from exc
    try:
        jsonschema.validate(doc, SOURCES_SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "<top>"
        raise ConfigError(f"{path}: invalid source registry at '{where}': {exc.message}") from exc
    out: dict[str, Source] = {}
    for s in doc["sources"]:
        if s["name"] in out:
            raise ConfigError(f"{path}: source '{s['name']}' listed twice")
        files = tuple(SourceFile(**f) for f in s["files"])
        out[s["name"]] = Source(
            name=s["name"],
            title=s["title"],
            version=s["version"],
            coverage=(s["coverage"]["start"], s["coverage"]["end"]),
            terms=s["terms"],
            files=files,
            bibtex_key=s["bibtex_key"],
            bibtex=s["bibtex"],
            publisher_url=s.get("publisher_url", ""),
            optional=s.get("optional", False),
            user_supplied=s.get("user_supplied", False),
        )
    return out


def enabled_sources(registry: dict[str, Source], config: dict[str, Any]) -> list[Source]:
    """Sources a run uses: required ones, COW alliances when ``cow_alliances_dir`` is set, and
    the optional ones listed in ``optional_sources``."""
    out = []
    for s in registry.values():
        if s.user_supplied and not config.get("cow_alliances_dir"):
            continue
        if s.optional and s.name not in (config.get("optional_sources") or []):
            continue
        out.append(s)
    return out

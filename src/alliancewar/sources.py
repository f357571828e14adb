"""The data-source registry (``config/sources.yaml``): what to fetch, from where, with which checksums.

Every source lists its files with the publisher URL (a direct file or a zip and the member in
it), the SHA-256 pinned as mirrored and the SHA-256 after normalising line ends to LF (either
is accepted, because publishers' files mix CRLF, LF and old-Mac CR and copies get converted),
the text encoding of each file, the coverage years, the terms of use and a BibTeX entry.

Registry paths are confined: a ``file`` is a bare file name (it lands in
``data/raw/<source>/<file>``), a ``mirror_path`` and a zip ``member`` are relative paths without
``..`` segments, and a source name cannot be ``.`` or ``..``; anything else is rejected when the
registry is loaded, naming the source and the key.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.-]*$"},
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
                    "derived": {"type": "boolean"},
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
                                "encoding": {"type": "string", "minLength": 1},
                                "undecodable_bytes": {"type": "integer", "minimum": 0},
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
    """One pinned file of a source.

    ``encoding`` is the text encoding the file is decoded with (strictly: an undecodable byte is
    an error naming the file and its offset); ``undecodable_bytes`` is the number of bytes known
    not to decode in the pinned file, replaced by U+FFFD and counted in the log (0 for every
    file registered today).
    """

    file: str
    mirror_path: str
    sha256: str
    sha256_lf: str | None = None
    url: str | None = None
    member: str | None = None
    rows: int | None = None
    eol: str | None = None
    encoding: str = "utf-8"
    undecodable_bytes: int = 0

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
    #: Not the publisher's bytes (a conversion or third-party build, e.g. package data); said in the report.
    derived: bool = False

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
        for i, f in enumerate(s["files"]):
            _check_file_entry(path, s["name"], i, f)
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
            derived=s.get("derived", False),
        )
    return out


def _unsafe_relative(value: str) -> str | None:
    """Why ``value`` is not a safe relative POSIX path inside a folder (None when it is)."""
    if not value or "\x00" in value:
        return "is empty or holds a NUL byte"
    if "\\" in value:
        return "holds a backslash (use '/')"
    if value.startswith("/") or PurePosixPath(value).is_absolute() or (len(value) > 1 and value[1] == ":"):
        return "is an absolute path"
    if any(part in ("..", ".") for part in value.split("/")):
        return "has a '.' or '..' segment"
    if any(not part for part in value.split("/")):
        return "has an empty segment or ends with '/'"
    return None


def _check_file_entry(path: Path, source: str, index: int, entry: dict[str, Any]) -> None:
    """Confine a file entry's paths and check its encoding; raise naming the source and key."""
    where = f"{path}: source '{source}', files[{index}]"
    problems = {key: _unsafe_relative(entry[key]) for key in ("file", "mirror_path", "member") if key in entry}
    if "/" in entry["file"] and not problems["file"]:
        problems["file"] = "is not a bare file name (it is written to data/raw/<source>/<file>)"
    for key, why in problems.items():
        if why:
            raise ConfigError(
                f"{where}: key '{key}' = {entry[key]!r} {why}; registry paths must stay inside "
                f"data/raw/<source>/ and the mirror folder"
            )
    try:
        codecs.lookup(entry.get("encoding", "utf-8"))
    except LookupError:
        raise ConfigError(
            f"{where}: key 'encoding' = {entry['encoding']!r} is not a text encoding Python knows "
            f"(e.g. utf-8, cp1252, latin-1)"
        ) from None


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

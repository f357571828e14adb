"""The data-source registry (``config/sources.yaml``): what to fetch, from where, with which checksums.

Every source lists its files with the publisher URL (a direct file or a zip and the member in
it), the SHA-256 pinned as mirrored and the SHA-256 after normalising line ends to LF (either
is accepted, because publishers' files mix CRLF, LF and old-Mac CR and copies get converted),
the text encoding of each file, the coverage years, the terms of use and a BibTeX entry.

Versioned families (:data:`VERSIONED`): the COW state system, NMC, the dyadic MIDs and the
UCDP/PRIO conflicts each have one registry entry per version (``family`` and ``version`` keys);
the config key ``data_versions`` chooses one per family (:func:`chosen_sources`), the others
are not used by the run. A file may be one of several forms of the same data (``one_of``: the
publisher's zip holds the dyadic MIDs 4.03 as CSV and as Stata): the fetch obtains one of them
(:func:`alliancewar.fetch.files_to_fetch`) and the cleaner reads whichever is present.

``redistribute`` says whether the publisher's terms allow the raw files to be copied into a
replication package (:mod:`alliancewar.package`); where the terms do not say so, it is false.

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

#: Versioned source families: ``data_versions.<family>`` -> version -> registry name. Each
#: version has its own registry entry (files, pins, coverage) and is read by its family's cleaner.
VERSIONED: dict[str, dict[str, str]] = {
    "state_system": {"2016": "cow_state_system_v2016", "2024": "cow_state_system_v2024"},
    "nmc": {"6.0": "cow_nmc_v6.0", "7.0": "cow_nmc_v7.0"},
    "dyadic_mid": {"4.02": "cow_dyadic_mid_v4.02", "4.03": "cow_dyadic_mid_v4.03"},
    "ucdp": {"23.1": "ucdp_prio_acd_v23.1", "25.1": "ucdp_prio_acd_v25.1"},
}
#: Default version of each family: the newest whose publisher bytes are in the archived mirror
#: (NMC 7.0 is not, so NMC 6.0 stays the default). The config schema repeats these defaults.
DEFAULT_VERSIONS: dict[str, str] = {"state_system": "2024", "nmc": "6.0", "dyadic_mid": "4.03", "ucdp": "25.1"}
#: Optional families named in ``optional_sources`` by family (the version comes from ``data_versions``).
OPTIONAL_FAMILIES: dict[str, str] = {"ucdp_prio_acd": "ucdp"}

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
                "required": ["name", "title", "version", "coverage", "terms", "redistribute", "files", "bibtex_key",
                             "bibtex"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_.-]*$"},
                    "family": {"enum": sorted(VERSIONED)},
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
                    "terms_url": {"type": "string", "pattern": "^https?://"},
                    "redistribute": {"type": "boolean"},
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
                                "one_of": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
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
    one_of: str | None = None

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
    redistribute: bool = False
    family: str | None = None
    terms_url: str = ""
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
        _check_family(path, s)
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
            redistribute=s["redistribute"],
            family=s.get("family"),
            terms_url=s.get("terms_url", ""),
            derived=s.get("derived", False),
        )
    return out


def _check_family(path: Path, s: dict[str, Any]) -> None:
    """A versioned source must be the entry :data:`VERSIONED` names for its family and version,
    and a ``one_of`` group must hold at least two files."""
    name, family = s["name"], s.get("family")
    expected = {n: f for f, versions in VERSIONED.items() for n in versions.values()}
    if family is None and name in expected:
        raise ConfigError(f"{path}: source '{name}' is a version of family '{expected[name]}': give it "
                          f"'family: {expected[name]}'")
    if family is not None and VERSIONED[family].get(s["version"]) != name:
        raise ConfigError(f"{path}: source '{name}': family '{family}' version '{s['version']}' must be named "
                          f"{VERSIONED[family].get(s['version'], '(a version alliancewar does not read)')!r}; "
                          f"versions alliancewar reads: {VERSIONED[family]}")
    groups = [f["one_of"] for f in s["files"] if "one_of" in f]
    lonely = sorted(g for g in set(groups) if groups.count(g) < 2)
    if lonely:
        raise ConfigError(f"{path}: source '{name}': one_of group(s) {lonely} name a single file; a group lists "
                          f"two or more forms of the same data")


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


def version_key(value: object) -> str:
    """A version as the registry spells it: ``6.0`` (a YAML number) -> ``"6.0"``, ``2024`` -> ``"2024"``."""
    return str(value).strip()


def chosen_versions(config: dict[str, Any]) -> dict[str, str]:
    """The version of each family a run uses: ``data_versions`` over :data:`DEFAULT_VERSIONS`.

    Raises
    ------
    ConfigError
        Naming the key ``data_versions.<family>`` and the versions alliancewar reads, for an
        unknown family or version.
    """
    given = config.get("data_versions") or {}
    unknown = sorted(set(given) - set(VERSIONED))
    if unknown:
        raise ConfigError(f"unknown key(s) {['data_versions.' + k for k in unknown]}; families: {sorted(VERSIONED)}")
    out = dict(DEFAULT_VERSIONS)
    for family, value in given.items():
        version = version_key(value)
        if version not in VERSIONED[family]:
            raise ConfigError(f"data_versions.{family}: {value!r} is not a version alliancewar reads; allowed: "
                              f"{', '.join(VERSIONED[family])}")
        out[family] = version
    return out


def chosen_sources(config: dict[str, Any]) -> dict[str, str]:
    """Family -> registry name of the chosen version (see :func:`chosen_versions`)."""
    return {family: VERSIONED[family][v] for family, v in chosen_versions(config).items()}


def default_source(family: str) -> str:
    """Registry name of the default version of ``family``."""
    return VERSIONED[family][DEFAULT_VERSIONS[family]]


def version_aliases(config: dict[str, Any]) -> dict[str, str]:
    """Default-version registry name -> chosen-version name, for the families whose version differs.

    The variable registry names the default versions; these substitutions make coverage and
    citations follow the versions a run chose.
    """
    return {default_source(f): name for f, name in chosen_sources(config).items() if name != default_source(f)}


def optional_selected(source: Source, config: dict[str, Any]) -> bool:
    """Whether an optional source is listed in ``optional_sources`` (by name, or by family for UCDP)."""
    listed = set(config.get("optional_sources") or [])
    return source.name in listed or any(OPTIONAL_FAMILIES.get(n) == source.family for n in listed)


def enabled_sources(registry: dict[str, Source], config: dict[str, Any]) -> list[Source]:
    """Sources a run uses: required ones, COW alliances when ``cow_alliances_dir`` is set, the
    optional ones listed in ``optional_sources``, and of each versioned family only the version
    ``data_versions`` chooses.

    Raises
    ------
    ConfigError
        When a chosen version is not in the registry, or a version is unknown.
    """
    chosen = chosen_sources(config)
    missing = sorted(f"{f} {chosen_versions(config)[f]} ({n})" for f, n in chosen.items()
                     if n not in registry and _family_in(registry, f))
    if missing:
        raise ConfigError(f"data_versions chooses {missing}, which the source registry does not list")
    out = []
    for s in registry.values():
        if s.family is not None and chosen.get(s.family) != s.name:
            continue
        if s.user_supplied and not config.get("cow_alliances_dir"):
            continue
        if s.optional and not optional_selected(s, config):
            continue
        out.append(s)
    return out


def _family_in(registry: dict[str, Source], family: str) -> bool:
    return any(s.family == family for s in registry.values())

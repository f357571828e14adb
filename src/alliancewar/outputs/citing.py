"""What a run cites: short author-year citations for table notes, and the BibTeX keys of the
data sources and methods a run used (collected into ``CITATIONS.bib``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..panels.variables import REGISTRY
from ..sources import Source
from .citations import METHOD_BIBTEX

_AUTHOR_RE = re.compile(r"^\s*author\s*=\s*\{(.*)\},?\s*$", re.MULTILINE)


_YEAR_RE = re.compile(r"^\s*year\s*=\s*\{?(\d{4})\}?,?\s*$", re.MULTILINE)


def short_citation(bibtex: str) -> str:
    """Author-year citation of a BibTeX entry: ``"Leeds et al. 2002"``, ``"Sarkees and Wayman 2010"``."""
    author, year = _AUTHOR_RE.search(bibtex), _YEAR_RE.search(bibtex)
    names = [a.strip() for a in author.group(1).split(" and ")] if author else []
    surnames = [n.split(",")[0].strip("{} ") for n in names]
    who = (surnames[0] + " et al." if len(surnames) > 2 else " and ".join(surnames)) or "n.a."
    return f"{who} {year.group(1) if year else 'n.d.'}"


def source_citation(source: Source) -> str:
    """``"<title> <version> (<author> <year>)"`` for table notes."""
    return f"{source.title} {source.version} ({short_citation(source.bibtex)})"


def cited_sources(names: Iterable[str], registry: Mapping[str, Source]) -> list[str]:
    """:func:`source_citation` of each source in ``names`` (registry order; unknown names as given)."""
    wanted = set(names)
    return [source_citation(s) for s in registry.values() if s.name in wanted] + sorted(
        n for n in wanted if n not in registry)


def data_note(names: Iterable[str], registry: Mapping[str, Source]) -> str:
    """``"Data: ..."`` note citing the sources ``names``."""
    cited = cited_sources(names, registry)
    return "Data: " + ("; ".join(cited) if cited else "no source recorded") + "."


def variable_sources(variables: Iterable[str], aliases: Mapping[str, str] | None = None) -> set[str]:
    """Registry sources of panel variables (lag suffixes included in the registry).

    ``aliases`` (default-version name -> chosen version, :func:`alliancewar.sources.version_aliases`)
    makes the names follow the data versions a run chose.
    """
    aliases = aliases or {}
    return {aliases.get(s, s) for v in variables if v in REGISTRY for s in REGISTRY[v].sources}


def fit_sources(fits: Iterable[Mapping[str, Any]]) -> set[str]:
    """Registry names of the data sources the fits used."""
    return {s for f in fits for s in f.get("sources") or []}


VARIABLE_METHODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"^politically_relevant$", ("lemke2001",)),
    (r"^(modularity|n_communities)_", ("blondel2008",)),
    (r"^modularity_", ("newman2004",)),
    (r"^(n_poles|cluster_polarity)_", ("wayman1984",)),
    (r"peace_years_spline\d$", ("beck1998",)),
    (r"peace_years[23]$", ("carter2010",)),
)
"""(pattern, keys): methods behind panel variables shown in the descriptive tables."""


def variable_methods(variables: Iterable[str]) -> set[str]:
    """Method keys behind panel variables (:data:`VARIABLE_METHODS`)."""
    return {k for v in variables for pattern, keys in VARIABLE_METHODS if re.search(pattern, v) for k in keys}


FIGURE_METHODS: dict[str, tuple[str, ...]] = {
    "network_snapshots": ("blondel2008",),
    "predicted_probability_plot": ("hanmer2013", "king2000"),
}
"""Methods (BibTeX keys) a figure relies on beyond what the fit records list."""


def used_keys(
    fits: Iterable[Mapping[str, Any]], source_names: Iterable[str], registry: Mapping[str, Source],
    methods: Iterable[str] = (),
) -> list[str]:
    """BibTeX keys cited by a run: the fits' methods and sources, extra sources and methods.

    Raises
    ------
    KeyError
        When a source name is not in the registry.
    """
    fits = list(fits)
    names = fit_sources(fits) | set(source_names)
    unknown = sorted(n for n in names if n not in registry)
    if unknown:
        raise KeyError(f"fit records or panels cite sources {unknown} that are not in the source registry")
    keys = {registry[n].bibtex_key for n in names}
    keys |= {m for f in fits for m in f.get("methods") or []} | set(methods)
    return sorted(keys)


def bibtex_entries(registry: Mapping[str, Source]) -> dict[str, str]:
    """Every known BibTeX entry: the methods and the data sources."""
    return dict(METHOD_BIBTEX) | {s.bibtex_key: s.bibtex for s in registry.values()}


def report_sources(names: Iterable[str], registry: Mapping[str, Source]) -> list[dict[str, Any]]:
    """Rows of the report's data section (registry order)."""
    wanted = set(names)
    return [{"name": s.name, "title": s.title, "version": s.version,
             "coverage": {"start": s.coverage[0], "end": s.coverage[1]},
             "citation": f"{short_citation(s.bibtex)} [{s.bibtex_key}]"}
            for s in registry.values() if s.name in wanted]

"""The ``outputs`` config section: options with defaults, and the list of files a run writes."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..panels.variables import STATES

def state_system(config: Mapping[str, Any]) -> str:
    """Registry name of the state system a run uses (``data_versions.state_system``)."""
    from ..sources import version_aliases

    return version_aliases(dict(config)).get(STATES, STATES)


COUNTRY_CODES = "cow_country_codes"


NETWORK_SOURCE, NETWORK_TYPE = "atop", "any"


DEFAULT_NETWORK_YEARS: tuple[int, ...] = (1913, 1938, 1960, 1989, 2010)


RESERVED_TABLES: tuple[str, ...] = ("descriptives_dyad", "descriptives_system", "singer_small", "robustness",
                                     "deletion", "sample_accounting", "claim", "claim_tests")
"""Table names written besides the regression tables of ``outputs.tables``."""


TABLE_FORMATS: tuple[str, ...] = ("tex", "md", "html", "csv")


ROBUSTNESS_FORMATS: tuple[str, ...] = ("csv", "md", "html")


FIGURES: tuple[str, ...] = (
    "aggregation_timeseries", "network_snapshots", "coefficient_plot", "specification_curve",
    "predicted_probability_plot",
)


FIGURE_FORMATS: tuple[str, ...] = ("pdf", "png")


def output_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``outputs`` config section with defaults filled in.

    Raises
    ------
    ValueError
        When a regression table reuses a reserved name or a name twice.
    """
    opts = dict(config.get("outputs") or {})
    opts.setdefault("alpha", 0.05)
    opts.setdefault("tables", [])
    opts.setdefault("network_years", list(DEFAULT_NETWORK_YEARS))
    opts["descriptives"] = {"dyad": [], "system": [], **(opts.get("descriptives") or {})}
    claim = dict(opts.get("claim") or {})
    opts["claim"] = {"adjustment": claim.get("adjustment", "holm"),
                     "sesoi": {"correlation": 0.2, "rate_ratio": 1.25, **(claim.get("sesoi") or {})}}
    names = [t["name"] for t in opts["tables"]]
    clash = sorted({n for n in names if n in RESERVED_TABLES or names.count(n) > 1})
    if clash:
        raise ValueError(f"outputs.tables: names {clash} are reserved {list(RESERVED_TABLES)} or repeated")
    return opts


def output_files(config: Mapping[str, Any], out_dir: str | os.PathLike[str] = "results") -> dict[str, list[Path]]:
    """Every file :func:`make_outputs` writes, by kind.

    Returns
    -------
    dict
        Keys ``report``, ``citations``, ``provenance``, ``tables`` and ``figures``.
    """
    out = Path(out_dir)
    opts = output_options(config)
    stems = [t["name"] for t in opts["tables"]] + ["descriptives_dyad", "descriptives_system", "singer_small",
                                                    "deletion", "claim"]
    tables = [out / "tables" / f"{s}.{ext}" for s in stems for ext in TABLE_FORMATS]
    tables += [out / "tables" / f"{s}_document.tex" for s in stems]
    tables += [out / "tables" / f"robustness.{ext}" for ext in ROBUSTNESS_FORMATS]
    tables += [out / "tables" / "sample_accounting.csv", out / "tables" / "claim_tests.csv"]
    return {
        "report": [out / "report.html"],
        "citations": [out / "CITATIONS.bib"],
        "provenance": [out / "provenance.json"],
        "tables": tables,
        "figures": [out / "figures" / f"{f}.{ext}" for f in FIGURES for ext in FIGURE_FORMATS],
    }


def check_tables(config: Mapping[str, Any], specs: Sequence[Any], n_knots: int = 3) -> None:
    """Check ``outputs.tables`` against the specifications before anything runs.

    Every column must be a named specification (``models.named``); every listed variable must
    be a term that at least one of the table's fits can report.

    Parameters
    ----------
    config
        The whole configuration.
    specs
        The resolved specifications (:func:`alliancewar.models.spec.resolve_specs`); named
        specifications skipped for lack of data (COW alliances) are allowed as columns.
    n_knots
        Number of spline knots (``panel.spline_knots``).

    Raises
    ------
    ConfigError
        Naming the table, the key and the allowed values.
    """
    from ..models.spec import design_terms

    named = list(((config.get("models") or {}).get("named") or {}))
    by_name = {s.name: s for s in specs if s.group == "named"}
    for i, table in enumerate(output_options(config)["tables"]):
        where = f"outputs.tables[{i}] ({table['name']})"
        unknown = [c for c in table["columns"] if c not in named]
        if unknown:
            raise ConfigError(f"{where}.columns: {unknown} not among the named specifications; allowed: {named}")
        variables = table.get("variables")
        fitted = [by_name[c] for c in table["columns"] if c in by_name]
        if not variables or not fitted:
            continue
        possible = list(dict.fromkeys(t for s in fitted for t in design_terms(s, n_knots)))
        bad = [v for v in variables if v not in possible]
        if bad:
            raise ConfigError(f"{where}.variables: {bad} are not terms of any of the table's fits; allowed: {possible}")
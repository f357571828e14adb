"""Build every output of a run -- tables, figures, citations, provenance, the report -- from the
fit records (``docs/fit_record.md``) and the panels. Nothing here estimates a model.

:func:`make_outputs` is the entry point (``python -m alliancewar.cli report``);
:func:`output_files` lists what it writes, so that the Snakemake rule declares the same files.
The ``outputs`` config section (``config/README.md``) chooses the regression tables, the
variables of the descriptive tables and the years of the network snapshots.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..io import write_text
from ..panels.variables import REGISTRY, labels as registry_labels
from ..sources import Source, enabled_sources, load_sources
from . import figures as F
from . import tables as T
from .citations import METHOD_BIBTEX, collect_bibtex
from .headlines import headline_sentences
from .provenance import collect_provenance, provenance_line
from .report import render_report
from .style import figure_style, save_figure

log = logging.getLogger(__name__)

TITLE = "Do international alliances go together with war?"
QUESTION = (
    "Did the growth of international alliances go together with the outbreak of wars, and do "
    "alliances polarise the international system? We test this at three levels: pairs of states "
    "(dyad-years), states (state-years) and the international system (years), from 1816."
)
CLAIM = (
    'The 2025 paper "National Security in Light of the Transformations of International Alliances" '
    "claims that the growth of alliances in the twentieth century was positively correlated with the "
    "outbreak of wars and that alliances polarise the international system."
)

STATE_SYSTEM = "cow_state_system_v2016"
COUNTRY_CODES = "cow_country_codes"
NETWORK_SOURCE, NETWORK_TYPE = "atop", "any"
DEFAULT_NETWORK_YEARS: tuple[int, ...] = (1913, 1938, 1960, 1989, 2010)
RESERVED_TABLES: tuple[str, ...] = ("descriptives_dyad", "descriptives_system", "singer_small", "robustness")
"""Table names written besides the regression tables of ``outputs.tables``."""
TABLE_FORMATS: tuple[str, ...] = ("tex", "md", "html", "csv")
ROBUSTNESS_FORMATS: tuple[str, ...] = ("csv", "md", "html")
FIGURES: tuple[str, ...] = (
    "aggregation_timeseries", "network_snapshots", "coefficient_plot", "specification_curve",
    "predicted_probability_plot",
)
FIGURE_FORMATS: tuple[str, ...] = ("pdf", "png")
CAPTIONS: dict[str, str] = {
    "aggregation_timeseries": "Alliance aggregation (top) and inter-state wars begun per year (bottom), "
                              "world wars shaded (system-years).",
    "network_snapshots": "The ATOP alliance network (any pledge) in selected years; colours are Louvain "
                         "communities of the network (the blocs behind the modularity measure).",
    "coefficient_plot": "Odds ratio of the alliance term with its 95% interval, named models.",
    "specification_curve": "Specification curve: the alliance coefficient of every model of the grid, sorted, "
                           "above the choices that define it.",
    "predicted_probability_plot": "Predicted probability of the outcome for allied and non-allied units "
                                  "(observed-value approach), by period.",
}
FIGURE_METHODS: dict[str, tuple[str, ...]] = {
    "network_snapshots": ("blondel2008",),
    "predicted_probability_plot": ("hanmer2013", "king2000"),
}
"""Methods (BibTeX keys) a figure relies on beyond what the fit records list."""
VARIABLE_METHODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"^politically_relevant$", ("lemke2001",)),
    (r"^(modularity|n_communities)_", ("blondel2008",)),
    (r"peace_years_spline\d$", ("beck1998",)),
    (r"peace_years[23]$", ("carter2010",)),
)
"""(pattern, keys): methods behind panel variables shown in the descriptive tables."""
TERM_LABELS: dict[str, str] = {
    "t": "Peace years", "t2": "Peace years squared", "t3": "Peace years cubed", "const": "Constant",
    "trend": "Trend (centuries from 1900)", "era_1900": "Era 1900-1945", "era_1946": "Era 1946 onwards",
}
"""Labels of design terms that are not panel variables (time dependence, constant, eras)."""


# --------------------------------------------------------------------------------------------
# Options and the list of outputs
# --------------------------------------------------------------------------------------------


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
    stems = [t["name"] for t in opts["tables"]] + ["descriptives_dyad", "descriptives_system", "singer_small"]
    tables = [out / "tables" / f"{s}.{ext}" for s in stems for ext in TABLE_FORMATS]
    tables += [out / "tables" / f"{s}_document.tex" for s in stems]
    tables += [out / "tables" / f"robustness.{ext}" for ext in ROBUSTNESS_FORMATS]
    return {
        "report": [out / "report.html"],
        "citations": [out / "CITATIONS.bib"],
        "provenance": [out / "provenance.json"],
        "tables": tables,
        "figures": [out / "figures" / f"{f}.{ext}" for f in FIGURES for ext in FIGURE_FORMATS],
    }


# --------------------------------------------------------------------------------------------
# Inputs: fit records, raw files, sources
# --------------------------------------------------------------------------------------------


def fit_paths(fits_dir: str | os.PathLike[str], fit_files: Sequence[str | os.PathLike[str]] | None = None
              ) -> list[Path]:
    """The fit records to read: ``fit_files`` when given, else every ``named/*.json`` then ``grid/*.json``."""
    if fit_files is not None:
        return [Path(p) for p in fit_files]
    root = Path(fits_dir)
    return sorted((root / "named").glob("*.json")) + sorted((root / "grid").glob("*.json"))


def load_fits(paths: Iterable[Path], named_order: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Read fit records; named fits first (in ``named_order``, then by name), then grid fits by name."""
    fits = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    rank = {n: i for i, n in enumerate(named_order)}

    def key(fit: Mapping[str, Any]) -> tuple[int, int, str]:
        return (fit.get("group") != "named", rank.get(fit["name"], len(rank)), fit["name"])

    return sorted(fits, key=key)


def raw_inputs(raw_dir: str | os.PathLike[str], registry: Mapping[str, Source], config: Mapping[str, Any]
               ) -> list[Path]:
    """Raw files of the enabled sources found under ``raw_dir`` (``<raw_dir>/<source>/<file>``)."""
    paths = [Path(raw_dir) / s.name / f.file for s in enabled_sources(registry, config) for f in s.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        log.warning("raw files not found (not hashed): %s", missing)
    return [p for p in paths if p.is_file()]


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


def variable_sources(variables: Iterable[str]) -> set[str]:
    """Registry sources of panel variables (lag suffixes included in the registry)."""
    return {s for v in variables if v in REGISTRY for s in REGISTRY[v].sources}


# --------------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------------


def term_labels(fits: Iterable[Mapping[str, Any]], base: Mapping[str, str]) -> dict[str, str]:
    """Registry labels plus labels of design terms (peace-year polynomials and splines, eras)."""
    out = dict(base) | TERM_LABELS
    for fit in fits:
        alliance = str(fit.get("alliance_term"))
        for coef in fit.get("coefficients") or []:
            term = coef["term"]
            spline = re.fullmatch(r"t_spline(\d+)", term)
            era = re.fullmatch(rf"{re.escape(alliance)}_x_era_(\d+)", term)
            if spline:
                out.setdefault(term, f"Peace-years spline {spline.group(1)}")
            elif era:
                out.setdefault(term, f"{out.get(alliance, alliance)} x era from {era.group(1)}")
    return out


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def write_table(table: T.Table, stem: Path, *, document: bool = True) -> list[Path]:
    """Write ``<stem>.tex/.md/.html/.csv`` and, with ``document``, ``<stem>_document.tex``."""
    render = {"tex": T.to_latex, "md": T.to_markdown, "html": T.to_html, "csv": T.to_csv}
    paths = [write_text(render[ext](table), stem.parent / f"{stem.name}.{ext}") for ext in TABLE_FORMATS]
    if document:
        paths.append(write_text(T.latex_document(table), stem.parent / f"{stem.name}_document.tex"))
    return paths


def _absent_reason(name: str, config: Mapping[str, Any]) -> str:
    spec = ((config.get("models") or {}).get("named") or {}).get(name) or {}
    needs_cow = spec.get("requires") == "cow_alliances" or str(spec.get("alliance", "")).startswith("cow")
    if needs_cow and not config.get("cow_alliances_dir"):
        return f"{name} (needs COW alliances; config key cow_alliances_dir is not set)"
    return f"{name} (no fit record in this run)"


def _hidden_terms_note(chosen: Sequence[Mapping[str, Any]], shown: Sequence[str], labels: Mapping[str, str]
                       ) -> list[str]:
    hidden = [t for t in T.default_terms(f for f in chosen if T.is_ok(f)) if t not in shown]
    return [f"Also in the models, not shown: {', '.join(labels.get(t, t) for t in hidden)}."] if hidden else []


def regression_tables(
    fits: Sequence[Mapping[str, Any]], opts: Mapping[str, Any], config: Mapping[str, Any],
    labels: Mapping[str, str], registry: Mapping[str, Source], prov: str,
) -> dict[str, T.Table]:
    """The regression tables of ``outputs.tables``; columns without a fit record are skipped with a note."""
    by_name = {f["name"]: f for f in fits}
    out = {}
    for spec in opts["tables"]:
        present = [c for c in spec["columns"] if c in by_name]
        absent = [_absent_reason(c, config) for c in spec["columns"] if c not in by_name]
        for reason in absent:
            log.info("table %s: column skipped: %s", spec["name"], reason)
        chosen = [by_name[c] for c in present]
        variables = spec.get("variables")
        notes = [f"Not shown: {'; '.join(absent)}."] if absent else []
        notes += _hidden_terms_note(chosen, variables, labels) if variables else []
        out[spec["name"]] = T.regression_table(
            fits, columns=present, variables=variables, labels=labels, title=spec["title"], notes=notes,
            provenance=prov, sources=cited_sources(_fit_sources(chosen), registry),
        )
    return out


def _fit_sources(fits: Iterable[Mapping[str, Any]]) -> set[str]:
    return {s for f in fits for s in f.get("sources") or []}


def read_panel(panel_dir: str | os.PathLike[str], name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read ``<panel_dir>/<name>.parquet`` (only ``columns`` when given)."""
    return pd.read_parquet(Path(panel_dir) / f"{name}.parquet", columns=list(columns) if columns else None)


def descriptive_tables(
    panels: Mapping[str, pd.DataFrame], opts: Mapping[str, Any], labels: Mapping[str, str],
    registry: Mapping[str, Source], prov: str,
) -> dict[str, T.Table]:
    """``descriptives_dyad`` and ``descriptives_system`` from the panels (variables from config)."""
    units = {"dyad": "Dyad-years (all pairs of system members)", "system": "System-years"}
    out = {}
    for level in ("dyad", "system"):
        variables = list(opts["descriptives"][level])
        df = panels[level]
        years = f"{int(df['year'].min())}\u2013{int(df['year'].max())}" if len(df) else "none"
        notes = [f"{units[level]}, {years}. N counts non-missing values: a variable is missing outside "
                 "its sources' coverage.", data_note(variable_sources(variables) | {STATE_SYSTEM}, registry)]
        out[f"descriptives_{level}"] = T.descriptive_table(
            df, variables, labels, title=f"Descriptive statistics: {units[level].split(' (')[0].lower()}",
            notes=notes, provenance=prov)
    return out


def singer_small_record(fits: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The record holding the Singer & Small correlations (``singer_small`` preferred), or None."""
    found = [f for f in fits if T.is_ok(f) and f.get("estimator") == "correlation"
             and (f.get("extra") or {}).get("correlations")]
    return next((f for f in found if f["name"] == "singer_small"), found[0] if found else None)


def correlations(record: Mapping[str, Any] | None) -> pd.DataFrame | None:
    """The record's correlations in display order, missing columns as NA.

    Rows are ordered by period (the record's ``periods``), measure (its alliance measure, then
    ``measures``), lead and method (Pearson first), so the first row of each period is the
    primary one (what the headlines report).
    """
    if record is None:
        return None
    spec = record.get("spec") or {}
    corr = pd.DataFrame(record["extra"]["correlations"])
    defaults = {"period": spec.get("period"), "measure": spec.get("alliance"), "method": "pearson"}
    for col in ("period", "measure", "lead", "method", "r", "conf_low", "conf_high", "p_value", "n"):
        if col not in corr.columns:
            corr[col] = defaults.get(col)
    corr["period"] = corr["period"].astype(str)
    rank = {
        "period": _ranks([*(spec.get("periods") or []), *corr["period"]]),
        "measure": _ranks([spec.get("alliance"), *(spec.get("measures") or []), *corr["measure"]]),
        "method": _ranks(["pearson", "spearman", *corr["method"]]),
    }
    key = pd.DataFrame({c: corr[c].map(r) for c, r in rank.items()} | {"lead": corr["lead"]})
    order = key.sort_values(["period", "measure", "lead", "method"], kind="stable").index
    return corr.loc[order].reset_index(drop=True)


def _ranks(values: Iterable[Any]) -> dict[Any, int]:
    return {v: i for i, v in enumerate(dict.fromkeys(values))}


def singer_small_table(record: Mapping[str, Any] | None, corr: pd.DataFrame | None, labels: Mapping[str, str],
                       registry: Mapping[str, Source], prov: str) -> T.Table:
    """The Singer & Small table, or an empty table saying why there is none."""
    if corr is None or corr.empty:
        corr = pd.DataFrame(columns=["period", "measure", "lead", "method", "r", "conf_low", "conf_high",
                                     "p_value", "n"])
        return T.singer_small_table(corr, labels, notes=["No system-level correlation record was estimated "
                                                         "in this run."], provenance=prov)
    undefined = corr["r"].isna()
    notes = ["Pearson and Spearman correlations of each measure in year t with the wars begun in "
             "years t+1..t+k; 95% moving-block bootstrap intervals (Kunsch 1989). The analytic "
             "p-values behind the stars ignore the overlap of windows for k > 1."]
    if undefined.any():
        cells = dict.fromkeys(f"{labels.get(m, m)} in {T.period_label(p)}"
                              for m, p in zip(corr.loc[undefined, "measure"], corr.loc[undefined, "period"]))
        notes.append(f"Not defined (the measure is constant): {'; '.join(cells)}.")
    notes.append(data_note(_fit_sources([record]), registry))
    return T.singer_small_table(corr[~undefined], labels, notes=notes, provenance=prov)


def robustness_table(fits: Sequence[Mapping[str, Any]], dims: Sequence[str], alpha: float, prov: str
                     ) -> tuple[pd.DataFrame, T.Table]:
    """:func:`~alliancewar.outputs.tables.robustness_summary` over all fits, and a display table of it."""
    summary = T.robustness_summary(fits, alpha=alpha, by=dims)
    heads = ("Fits", "Failed", "Estimated", "Positive", "Negative", "Not sig.", "Share positive")
    rows = tuple(
        T.Row(f"{r.dimension}: {T.period_label(r.option)}" if r.dimension != "all" else "All fits", (
            *(T.Cell(str(int(v))) for v in (r.n_fits, r.n_failed, r.n_ok, r.n_positive, r.n_negative, r.n_neither)),
            T.Cell("" if pd.isna(r.share_positive) else f"{r.share_positive:.0%}"),
        ))
        for r in summary.itertuples(index=False)
    )
    table = T.Table(
        title="Robustness: direction and significance of the alliance term across all specifications",
        stub="Specifications", columns=heads, blocks=(rows[:1], rows[1:]),
        notes=(f"Positive / negative: the alliance term is significant at the {alpha:g} level with that "
               "sign; not sig.: not significant. Shares are of the fits estimated. Named and grid fits.",),
        provenance=prov, tidy=summary,
    )
    return summary, table


def write_robustness(table: T.Table, stem: Path) -> list[Path]:
    """Write ``robustness.csv/.md/.html``."""
    render = {"csv": T.to_csv, "md": T.to_markdown, "html": T.to_html}
    return [write_text(render[ext](table), stem.parent / f"{stem.name}.{ext}") for ext in ROBUSTNESS_FORMATS]


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


def placeholder_figure(name: str, reason: str) -> Figure:
    """A small figure that says why ``name`` could not be drawn (so every declared file exists)."""
    with figure_style():
        fig = Figure(figsize=(6.0, 1.6), layout="constrained")
        FigureCanvasAgg(fig)
        fig.text(0.5, 0.5, f"{name.replace('_', ' ').capitalize()} not drawn:\n{reason}", ha="center",
                 va="center", wrap=True)
    return fig


def state_abbreviations(clean_dir: str | os.PathLike[str]) -> dict[int, str]:
    """COW state abbreviations by ccode from ``country_codes.parquet`` ({} when absent)."""
    path = Path(clean_dir) / "country_codes.parquet"
    if not path.is_file():
        log.info("no %s: network nodes are labelled with COW codes", path)
        return {}
    codes = pd.read_parquet(path, columns=["ccode", "stateabb"]).dropna()
    return {int(c): str(a) for c, a in zip(codes["ccode"], codes["stateabb"])}


def network_inputs(
    dyads: pd.DataFrame, states: pd.DataFrame, blocs: pd.DataFrame, years: Sequence[int]
) -> tuple[dict[int, nx.Graph], dict[int, dict[int, int]]]:
    """Alliance graphs (nodes: system members; edges: ATOP any-pledge dyads) and Louvain communities.

    Years without system members in the panels are left out.
    """
    chosen = blocs[(blocs["source"] == NETWORK_SOURCE) & (blocs["type"] == NETWORK_TYPE)]
    graphs, groups = {}, {}
    for year in years:
        members = states.loc[states["year"] == year, "ccode"]
        if members.empty:
            log.info("network snapshot %s skipped: not a panel year", year)
            continue
        allied = dyads[(dyads["year"] == year) & (dyads[f"{NETWORK_SOURCE}_{NETWORK_TYPE}"] == 1)]
        g = nx.Graph()
        g.add_nodes_from(int(c) for c in members)
        g.add_edges_from((int(a), int(b)) for a, b in zip(allied["ccode1"], allied["ccode2"]))
        year_blocs = chosen[chosen["year"] == year]
        graphs[year] = g
        groups[year] = {int(c): int(k) for c, k in zip(year_blocs["ccode"], year_blocs["community"])}
    return graphs, groups


def _draw(name: str, build: Callable[[], Figure], stem: Path) -> tuple[list[Path], bool]:
    """Build and save one figure; a figure without data becomes a placeholder (returns drawn=False)."""
    try:
        fig, drawn = build(), True
    except (ValueError, KeyError) as exc:
        log.warning("figure %s not drawn: %s", name, exc)
        fig, drawn = placeholder_figure(name, str(exc)), False
    return save_figure(fig, stem, formats=FIGURE_FORMATS), drawn


def make_figures(
    fits: Sequence[Mapping[str, Any]], panels: Mapping[str, pd.DataFrame], opts: Mapping[str, Any],
    dims: Sequence[str], labels: Mapping[str, str], abbrev: Mapping[int, str], out: Path,
    config_defaults: Mapping[str, Any] | None = None,
) -> tuple[dict[str, list[Path]], set[str]]:
    """Draw the five figures into ``out``; return their files by name and the names actually drawn.

    The predicted probabilities are drawn for the named fits of the default outcome
    (``models.defaults.outcome``) only, so that one axis never mixes outcomes.
    """
    named = [f for f in fits if f.get("group") == "named"]
    grid = [f for f in fits if f.get("group") == "grid"]
    outcome = ((config_defaults or {}).get("outcome")) or "war_onset"
    graphs, groups = network_inputs(panels["dyad"], panels["state"], panels["blocs"], opts["network_years"])
    builders: dict[str, Callable[[], Figure]] = {
        "aggregation_timeseries": lambda: F.aggregation_timeseries(panels["system"], labels),
        "network_snapshots": lambda: F.network_snapshots(graphs, groups, abbrev) if graphs else _fail(
            "no network year inside the panels"),
        "coefficient_plot": lambda: F.coefficient_plot(named, {}),
        "specification_curve": lambda: F.specification_curve(grid, dims, alpha=opts["alpha"]),
        "predicted_probability_plot": lambda: F.predicted_probability_plot(
            [f for f in named if f.get("outcome") == outcome], labels, panel_size=(7.5, 4.2)),
    }
    files, drawn = {}, set()
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # PDF font subsetting chatter
    for name, build in builders.items():
        files[name], ok = _draw(name, build, out / name)
        if ok:
            drawn.add(name)
    return files, drawn


def _fail(message: str) -> Figure:
    raise ValueError(message)


# --------------------------------------------------------------------------------------------
# Citations
# --------------------------------------------------------------------------------------------


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
    names = _fit_sources(fits) | set(source_names)
    unknown = sorted(n for n in names if n not in registry)
    if unknown:
        raise KeyError(f"fit records or panels cite sources {unknown} that are not in the source registry")
    keys = {registry[n].bibtex_key for n in names}
    keys |= {m for f in fits for m in f.get("methods") or []} | set(methods)
    return sorted(keys)


def bibtex_entries(registry: Mapping[str, Source]) -> dict[str, str]:
    """Every known BibTeX entry: the methods and the data sources."""
    return dict(METHOD_BIBTEX) | {s.bibtex_key: s.bibtex for s in registry.values()}


def variable_methods(variables: Iterable[str]) -> set[str]:
    """Method keys behind panel variables (:data:`VARIABLE_METHODS`)."""
    return {k for v in variables for pattern, keys in VARIABLE_METHODS if re.search(pattern, v) for k in keys}


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def report_sources(names: Iterable[str], registry: Mapping[str, Source]) -> list[dict[str, Any]]:
    """Rows of the report's data section (registry order)."""
    wanted = set(names)
    return [{"name": s.name, "title": s.title, "version": s.version,
             "coverage": {"start": s.coverage[0], "end": s.coverage[1]},
             "citation": f"{short_citation(s.bibtex)} [{s.bibtex_key}]"}
            for s in registry.values() if s.name in wanted]


def headlines(fits: Sequence[Mapping[str, Any]], corr: pd.DataFrame | None, alpha: float,
              labels: Mapping[str, str]) -> list[str]:
    """Headline sentences, plus one per named system-level count model (e.g. polarisation) that the
    correlations would otherwise hide."""
    out = headline_sentences(fits, corr, alpha, labels=labels)
    for fit in fits:
        if fit.get("group") == "named" and fit.get("level") == "system" and fit.get("estimator") in (
                "poisson", "negbin") and T.is_ok(fit) and T.alliance_coefficient(fit):
            extra = headline_sentences([fit], None, alpha, labels=labels)
            label = fit.get("label") or fit["name"]
            out += [f"{label}: {s[:1].lower()}{s[1:]}" for s in extra if s not in out]
    return out


def failed_fits(fits: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The failed fits, each named ``"<name> (<label>)"`` so grid fits say what they were."""
    return [{**f, "name": f"{f['name']} ({f['label']})" if f.get("label") else f["name"]}
            for f in fits if not T.is_ok(f)]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_tables(
    fits: Sequence[Mapping[str, Any]], corr: pd.DataFrame | None, panels: Mapping[str, pd.DataFrame],
    opts: Mapping[str, Any], config: Mapping[str, Any], labels: Mapping[str, str],
    registry: Mapping[str, Source], prov: str, out: Path,
) -> tuple[dict[str, T.Table], pd.DataFrame, list[Path]]:
    """Build and write every table into ``out``.

    Returns
    -------
    (dict, DataFrame, list)
        The tables shown in the report by name, the robustness summary, the files written.
    """
    dims = list(((config.get("models") or {}).get("grid") or {}).get("vary") or {})
    tables = regression_tables(fits, opts, config, labels, registry, prov)
    tables |= descriptive_tables(panels, opts, labels, registry, prov)
    tables["singer_small"] = singer_small_table(singer_small_record(fits), corr, labels, registry, prov)
    summary, robust = robustness_table(fits, list(dict.fromkeys([*T.DIMENSIONS, *dims])), opts["alpha"], prov)
    written = [p for name, t in tables.items() for p in write_table(t, out / name)]
    return tables, summary, written + write_robustness(robust, out / "robustness")


def _panel_variables(opts: Mapping[str, Any]) -> list[str]:
    """Panel variables shown by the descriptive tables and the aggregation figure."""
    return [*opts["descriptives"]["dyad"], *opts["descriptives"]["system"], *F.AGGREGATION_COLUMNS, "war_onsets"]


def used_sources(fits: Iterable[Mapping[str, Any]], opts: Mapping[str, Any], drawn: Iterable[str],
                 labelled: bool) -> set[str]:
    """Data sources of a run: the fits', the panel variables shown, the state system, and the
    country codes when they labelled the network snapshots."""
    sources = _fit_sources(fits) | variable_sources(_panel_variables(opts)) | {STATE_SYSTEM}
    return sources | ({COUNTRY_CODES} if labelled and "network_snapshots" in set(drawn) else set())


def write_citations(fits: Sequence[Mapping[str, Any]], sources: Iterable[str], opts: Mapping[str, Any],
                    drawn: Iterable[str], registry: Mapping[str, Source], path: Path) -> Path:
    """Write ``CITATIONS.bib``: the sources, the fits' methods and those of the panels and figures shown."""
    methods = variable_methods(_panel_variables(opts)) | {k for f in drawn for k in FIGURE_METHODS.get(f, ())}
    return write_text(collect_bibtex(bibtex_entries(registry), used_keys(fits, sources, registry, methods)), path)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def load_panels(panel_dir: str | os.PathLike[str], opts: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The panel columns the outputs need: dyad (descriptives, network edges), state (members),
    system, and the ATOP blocs."""
    edge_col = f"{NETWORK_SOURCE}_{NETWORK_TYPE}"
    dyad_cols = list(dict.fromkeys(["ccode1", "ccode2", "year", edge_col, *opts["descriptives"]["dyad"]]))
    return {
        "dyad": read_panel(panel_dir, "dyad_years", dyad_cols),
        "state": read_panel(panel_dir, "state_years", ["ccode", "year"]),
        "system": read_panel(panel_dir, "system_years"),
        "blocs": read_panel(panel_dir, "alliance_blocs"),
    }


def make_outputs(
    *,
    fits_dir: str | os.PathLike[str],
    panel_dir: str | os.PathLike[str],
    raw_dir: str | os.PathLike[str],
    config: dict[str, Any],
    out_dir: str | os.PathLike[str] = "results",
    repo_dir: str | os.PathLike[str] = ".",
    started: str,
    clean_dir: str | os.PathLike[str] | None = None,
    fit_files: Sequence[str | os.PathLike[str]] | None = None,
) -> list[Path]:
    """Write the tables, figures, ``CITATIONS.bib``, ``provenance.json`` and ``report.html``.

    Parameters
    ----------
    fits_dir
        Folder with ``named/`` and ``grid/`` fit records (read when ``fit_files`` is None).
    panel_dir
        Folder with the panels (``dyad_years``, ``state_years``, ``system_years``, ``alliance_blocs``).
    raw_dir
        Raw data root (``data/raw``); the raw files of the enabled sources are hashed.
    config
        The resolved configuration (``sources``, ``models``, ``outputs`` ...).
    out_dir
        Results folder.
    repo_dir
        Working tree, for the commit in the provenance.
    started
        Start time of the run (ISO 8601).
    clean_dir
        Folder with ``country_codes.parquet`` (state abbreviations); default ``<panel_dir>/../clean``.
    fit_files
        The fit records to use (e.g. the rule's inputs); default every record under ``fits_dir``.

    Returns
    -------
    list of Path
        Every file written (the same set as :func:`output_files`).
    """
    out = Path(out_dir)
    opts = output_options(config)
    registry = load_sources(config["sources"])
    models = config.get("models") or {}
    fits = load_fits(fit_paths(fits_dir, fit_files), list(models.get("named") or {}))
    log.info("%d fit records (%d failed)", len(fits), sum(not T.is_ok(f) for f in fits))
    prov = collect_provenance(repo_dir=repo_dir, config=config, raw_files=raw_inputs(raw_dir, registry, config),
                              started=started, finished=started)
    labels = term_labels(fits, registry_labels())
    panels = load_panels(panel_dir, opts)
    abbrev = state_abbreviations(clean_dir if clean_dir is not None else Path(panel_dir).parent / "clean")
    dims = list((models.get("grid") or {}).get("vary") or {})

    corr = correlations(singer_small_record(fits))
    tables, summary, written = write_tables(fits, corr, panels, opts, config, labels, registry,
                                            provenance_line(prov), out / "tables")
    figure_files, drawn = make_figures(fits, panels, opts, dims, labels, abbrev, out / "figures",
                                       models.get("defaults"))
    written += [p for paths in figure_files.values() for p in paths]
    sources = used_sources(fits, opts, drawn, bool(abbrev))
    written.append(write_citations(fits, sources, opts, drawn, registry, out / "CITATIONS.bib"))

    prov["finished"] = _now()
    written.append(write_text(json.dumps(prov, indent=2, sort_keys=True) + "\n", out / "provenance.json"))
    html = render_report(
        title=TITLE, question=QUESTION, claim=CLAIM, sources=report_sources(sources, registry),
        headlines=headlines(fits, corr, opts["alpha"], labels),
        tables={name: T.to_html(t) for name, t in tables.items()},
        figures={name: paths[FIGURE_FORMATS.index("png")] for name, paths in figure_files.items()},
        robustness=summary.drop(columns="share_neither"), failed_fits=failed_fits(fits), provenance=prov,
        captions=CAPTIONS,
    )
    written.append(write_text(html, out / "report.html"))
    return written

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
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import write_text
from ..panels.variables import labels as registry_labels
from ..sources import Source, enabled_sources, load_sources
from ..verify import verify_raw_files
from . import figures as F
from . import tables as T
from ..models.designs.references import REPLICATION_BIBTEX
from .citations import collect_bibtex
from .citing import (
    FIGURE_METHODS,
    bibtex_entries,
    fit_sources,
    report_sources,
    used_keys,
    variable_methods,
    variable_sources,
)
from .claim import CLAIM_METHODS, ClaimOptions, claim_frame
from .claim_text import verdict_content
from .headlines import headline_fits, headline_groups, headline_sentences
from .inputs import (
    failed_fits,
    fit_paths,
    load_fits,
    load_panels,
    state_abbreviations,
    war_names,
)
from .options import (
    COUNTRY_CODES,
    FIGURE_FORMATS,
    FIGURES,
    output_files,
    output_options,
    state_system,
)
from .provenance import collect_provenance, provenance_line
from .report import render_report
from .report_figures import CAPTIONS, make_figures
from .replications import load_replications
from .replications import report_section as replication_section
from .report_tables import correlations, singer_small_record, term_labels, write_tables
from .sample_tables import accounting_table, multilateral_note

__all__ = ["FIGURES", "make_outputs", "output_files", "output_options"]

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


def headlines(fits: Sequence[Mapping[str, Any]], corr: pd.DataFrame | None, alpha: float,
              labels: Mapping[str, str], adjustment: str = "holm") -> dict[str, list[str]]:
    """Headline sentences by group (``system``, ``units``): the system ones from the Singer & Small
    correlations (adjusted p-values), plus one per named system-level count model outside the
    claim's designs (e.g. polarisation), which the correlations would otherwise hide."""
    out = headline_groups(fits, corr, alpha, labels=labels, adjustment=adjustment)
    for fit in fits:
        if fit.get("group") == "named" and fit.get("level") == "system" and fit.get("estimator") in (
                "poisson", "negbin") and T.is_ok(fit) and T.alliance_coefficient(fit) and \
                not (fit.get("spec") or {}).get("claim"):
            extra = headline_sentences([fit], None, alpha, labels=labels)
            label = fit.get("label") or fit["name"]
            out["system"] += [f"{label}: {s[:1].lower()}{s[1:]}" for s in extra if s not in out["system"]]
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _panel_variables(opts: Mapping[str, Any]) -> list[str]:
    """Panel variables shown by the descriptive tables and the aggregation figure."""
    return [*opts["descriptives"]["dyad"], *opts["descriptives"]["system"], *F.AGGREGATION_COLUMNS, "war_onsets"]


def used_sources(fits: Iterable[Mapping[str, Any]], opts: Mapping[str, Any], drawn: Iterable[str],
                 labelled: bool, config: Mapping[str, Any]) -> set[str]:
    """Data sources of a run (under the data versions it chose): the fits', the panel variables
    shown, the state system, and the country codes when they labelled the network snapshots."""
    from ..sources import version_aliases

    aliases = version_aliases(dict(config))
    sources = fit_sources(fits) | variable_sources(_panel_variables(opts), aliases) | {state_system(config)}
    return sources | ({COUNTRY_CODES} if labelled and "network_snapshots" in set(drawn) else set())


def write_citations(fits: Sequence[Mapping[str, Any]], sources: Iterable[str], opts: Mapping[str, Any],
                    drawn: Iterable[str], registry: Mapping[str, Source], path: Path,
                    replications: Sequence[Mapping[str, Any]] = ()) -> Path:
    """Write ``CITATIONS.bib``: the sources, the fits' methods and those of the panels, figures and
    replications shown."""
    methods = variable_methods(_panel_variables(opts)) | {k for f in drawn for k in FIGURE_METHODS.get(f, ())}
    methods |= set(CLAIM_METHODS) if any((f.get("spec") or {}).get("claim") for f in fits) else set()
    methods |= {k for r in replications for k in r.get("bibtex_keys") or []}
    entries = REPLICATION_BIBTEX | bibtex_entries(registry)
    return write_text(collect_bibtex(entries, used_keys(fits, sources, registry, methods)), path)


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
    replication_files: Sequence[str | os.PathLike[str]] = (),
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
    replication_files
        Replication records (``results/replications/<name>.json``) for the "Replications" section.

    Returns
    -------
    list of Path
        Every file written (the same set as :func:`output_files`).
    """
    out = Path(out_dir)
    opts = output_options(config)
    registry = load_sources(config["sources"])
    models = config.get("models") or {}
    named = models.get("named") or {}
    fits = load_fits(fit_paths(fits_dir, fit_files), list(named),
                     {k: v["label"] for k, v in named.items() if isinstance(v, dict) and v.get("label")})
    log.info("%d fit records (%d failed, %d doubtful)", len(fits), sum(not T.is_ok(f) for f in fits),
             sum(T.is_doubtful(f) for f in fits))
    # the raw files are verified against their pins here too: provenance never records a tampered file
    raw = verify_raw_files(enabled_sources(registry, config), raw_dir)
    prov = collect_provenance(repo_dir=repo_dir, config=config, raw_files=raw,
                              started=started, finished=started)
    labels = term_labels(fits, registry_labels())
    panels = load_panels(panel_dir, opts)
    clean = clean_dir if clean_dir is not None else Path(panel_dir).parent / "clean"
    abbrev = state_abbreviations(clean)
    dims = list((models.get("grid") or {}).get("vary") or {})

    corr = correlations(singer_small_record(fits))
    claim_opts = ClaimOptions.from_outputs(opts)
    claim = claim_frame(fits, claim_opts)
    tables, summary, written = write_tables(fits, corr, panels, opts, config, labels, registry,
                                            provenance_line(prov), out / "tables", claim)
    figure_files, drawn = make_figures(fits, panels, opts, dims, labels, abbrev, out / "figures",
                                       models.get("defaults"))
    written += [p for paths in figure_files.values() for p in paths]
    replications = load_replications(replication_files)
    sources = used_sources(fits, opts, drawn, bool(abbrev), config) | {s for r in replications
                                                                      for s in r.get("sources") or []}
    written.append(write_citations(fits, sources, opts, drawn, registry, out / "CITATIONS.bib", replications))

    prov["finished"] = _now()
    written.append(write_text(json.dumps(prov, indent=2, sort_keys=True) + "\n", out / "provenance.json"))
    sentences = headlines(fits, corr, opts["alpha"], labels, claim_opts.adjustment)
    html = render_report(
        title=TITLE, question=QUESTION, claim=CLAIM, sources=report_sources(sources, registry),
        headlines=sentences["system"], unit_headlines=sentences["units"],
        verdict=verdict_content(claim, labels, claim_opts, T.to_html(tables["claim"])),
        tables={name: T.to_html(t) for name, t in tables.items() if name not in ("deletion", "claim")},
        sample=[T.to_html(tables["deletion"])] + [T.to_html(accounting_table(f, labels, provenance_line(prov)))
                                                   for f in headline_fits(fits) if f.get("sample")],
        sample_note=multilateral_note(panels["dyad"], war_names(clean)),
        figures={name: paths[FIGURE_FORMATS.index("png")] for name, paths in figure_files.items()},
        robustness=summary.drop(columns="share_neither"), failed_fits=failed_fits(fits), provenance=prov,
        captions=CAPTIONS,
        replications=replication_section(replications, provenance_line(prov)),
    )
    written.append(write_text(html, out / "report.html"))
    return written

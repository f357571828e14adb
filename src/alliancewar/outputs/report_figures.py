"""The figures of a run, drawn from the fit records and the panels (PDF and PNG); a figure without
data is written as a small placeholder saying why, so every declared file exists."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import figures as F
from .options import FIGURE_FORMATS, NETWORK_SOURCE, NETWORK_TYPE
from .style import figure_style, save_figure

log = logging.getLogger(__name__)


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


def placeholder_figure(name: str, reason: str) -> Figure:
    """A small figure that says why ``name`` could not be drawn (so every declared file exists)."""
    with figure_style():
        fig = Figure(figsize=(6.0, 1.6), layout="constrained")
        FigureCanvasAgg(fig)
        fig.text(0.5, 0.5, f"{name.replace('_', ' ').capitalize()} not drawn:\n{reason}", ha="center",
                 va="center", wrap=True)
    return fig


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
    # the claim's system designs have no odds ratio or predicted probability: the claim table reports them
    named = [f for f in fits if f.get("group") == "named" and not (f.get("spec") or {}).get("claim")]
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

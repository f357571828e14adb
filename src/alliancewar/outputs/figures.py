"""Figures built from panels, alliance networks and fit records.

Every function returns a :class:`matplotlib.figure.Figure` attached to an Agg canvas (no
pyplot, no global state); write it with :func:`alliancewar.outputs.style.save_figure`.
Figures use constrained layout and keep their declared size.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from .style import MARKERS, NEUTRAL, OKABE_ITO, PALETTE, figure_style
from .tables import (
    DOUBT_MARK,
    UNITS,
    alliance_coefficient,
    effect_direction,
    is_doubtful,
    is_ok,
    period_label,
    quantity,
    select_primary,
    spec_value,
)

WORLD_WARS: tuple[tuple[int, int, str], ...] = ((1914, 1918, "World War I"), (1939, 1945, "World War II"))
AGGREGATION_COLUMNS: tuple[str, ...] = ("share_allied_any", "share_allied_defense", "alliance_network_density")
DEFAULT_LABELS: dict[str, str] = {
    "share_allied_any": "Share of states in any alliance",
    "share_allied_defense": "Share of states in a defence pact",
    "alliance_network_density": "Alliance network density",
    "war_onsets": "War onsets",
}
LAYOUT_SEED = 20250101
"""Seed of the spring layout, so network snapshots are reproducible."""

DIRECTION_STYLE: dict[str, tuple[str, str, str]] = {
    "positive": (OKABE_ITO["vermillion"], "^", "Positive, significant"),
    "negative": (OKABE_ITO["blue"], "v", "Negative, significant"),
    "neither": (NEUTRAL, "o", "Not significant"),
}
"""Colour, marker and legend label of each effect direction."""

def _styled(build: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure inside the project style and lay it out once while the style is active."""

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with figure_style():
            fig = build(*args, **kwargs)
            fig.draw_without_rendering()
        return fig

    return wrapper


def _new_figure(size: tuple[float, float]) -> Figure:
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _label(labels: Mapping[str, str], key: str) -> str:
    return labels.get(key) or DEFAULT_LABELS.get(key) or key.replace("_", " ")


def _note(fig: Figure, text: str, width_chars: int) -> None:
    """Put a small wrapped note at the bottom of the figure (inside the constrained layout)."""
    fig.supxlabel(textwrap.fill(text, width_chars), fontsize=7.5, x=0.01, ha="left", color="#333333")


def _chars_per_line(fig: Figure) -> int:
    return int(fig.get_figwidth() * 15)


def _interval(q: Mapping[str, Any]) -> tuple[float, float, float]:
    """(estimate, low, high) of an estimate entry; a missing bound falls back to the estimate."""
    est = q["estimate"]
    low, high = q.get("conf_low"), q.get("conf_high")
    return est, (est if low is None else low), (est if high is None else high)


def _errors(entries: Sequence[Mapping[str, Any]], scale: float = 1.0) -> tuple[np.ndarray, list[np.ndarray]]:
    """Estimates and the ``yerr``/``xerr`` pair (distances below and above) of estimate entries."""
    est, low, high = (np.array(v, dtype=float) * scale for v in zip(*map(_interval, entries)))
    return est, [est - low, high - est]


# --------------------------------------------------------------------------------------------
# Alliance aggregation over time
# --------------------------------------------------------------------------------------------


def _shade_wars(ax: Axes, years: pd.Series, label: bool) -> None:
    for start, end, name in WORLD_WARS:
        if end < years.min() or start > years.max():
            continue
        ax.axvspan(start - 0.5, end + 0.5, color="#D9D9D9", alpha=0.6, lw=0, zorder=0)
        if label:
            ax.text((start + end) / 2, 1.01, name, transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=8, color="#404040")


@_styled
def aggregation_timeseries(
    system: pd.DataFrame, labels: Mapping[str, str], *, size: tuple[float, float] = (7.5, 5.5)
) -> Figure:
    """Plot alliance aggregation (top) and war onsets per year (bottom) with the world wars shaded.

    Parameters
    ----------
    system
        System-year panel with columns year, share_allied_any, share_allied_defense,
        alliance_network_density, war_onsets.
    labels
        Human labels of those columns.
    size
        Figure size in inches.
    """
    needed = ["year", *AGGREGATION_COLUMNS, "war_onsets"]
    missing = [c for c in needed if c not in system.columns]
    if missing:
        raise KeyError(f"aggregation_timeseries: system panel lacks {missing}")
    data = system.sort_values("year")
    years = data["year"]
    fig = _new_figure(size)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    every = max(1, len(data) // 12)
    for col in AGGREGATION_COLUMNS:
        top.plot(years, data[col], label=_label(labels, col), markevery=every, markersize=4)
    top.set_ylim(0, 1.05)
    top.set_ylabel("Share / density")
    fig.legend(*top.get_legend_handles_labels(), loc="outside lower center", ncols=2)
    bottom.bar(years, data["war_onsets"], width=0.85, color=OKABE_ITO["black"], lw=0)
    bottom.set_ylabel(_label(labels, "war_onsets"))
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_ylim(bottom=0)
    bottom.set_xlabel("Year")
    bottom.set_xlim(years.min() - 1, years.max() + 1)
    for ax in (top, bottom):
        _shade_wars(ax, years, label=ax is top)
    _mark_no_data(bottom, years[data["war_onsets"].isna()])
    return fig


def _mark_no_data(ax: Axes, years: pd.Series) -> None:
    """Hatch the years without data (after a source's coverage) so they never read as zeros."""
    if years.empty:
        return
    ax.axvspan(years.min() - 0.5, years.max() + 0.5, facecolor="none", edgecolor="#808080", hatch="///", lw=0,
               zorder=0)
    ax.text((years.min() + years.max()) / 2, 0.5, "no data", transform=ax.get_xaxis_transform(), ha="center",
            va="center", fontsize=8, color="#404040", rotation=90)


# --------------------------------------------------------------------------------------------
# Network snapshots
# --------------------------------------------------------------------------------------------


_ISOLATES_PER_ROW = 10
"""States without allies per row: about what fits across a 3.6-inch panel with 6-point labels."""


def _bloc_layout(graph: nx.Graph, bloc: Mapping[Hashable, int]) -> dict[Hashable, np.ndarray]:
    """Spring layout (fixed seed) of each bloc on its own, blocs packed in rows, largest first.

    One spring layout of the whole network crushes dense blocs (alliances are near-cliques)
    into unreadable blobs and flings small groups to the corners; laying each bloc out
    separately keeps every state visible. Ties between blocs are still drawn. Allied states
    without a bloc form one more group; states without any tie go in rows at the bottom.
    """
    groups: dict[object, list[Hashable]] = {}
    for node in sorted(graph.nodes(), key=str):
        if graph.degree(node) > 0:
            groups.setdefault(bloc.get(node, "none"), []).append(node)
    isolates = sorted(nx.isolates(graph), key=str)
    ordered = sorted(groups.values(), key=len, reverse=True)
    boxes = [(graph.subgraph(nodes), 0.6 * math.sqrt(len(nodes))) for nodes in ordered]
    width = max(3.0, 1.3 * math.sqrt(sum((2 * r + 0.5) ** 2 for _, r in boxes) + len(isolates)))
    pos: dict[Hashable, np.ndarray] = {}
    x = y = row_height = 0.0
    for sub, radius in boxes:
        if x > 0 and x + 2 * radius > width:
            x, y, row_height = 0.0, y - row_height - 0.5, 0.0
        pos |= nx.spring_layout(sub, seed=LAYOUT_SEED, scale=radius, center=(x + radius, y - radius))
        x, row_height = x + 2 * radius + 0.5, max(row_height, 2 * radius)
    step = width / _ISOLATES_PER_ROW
    top = y - row_height - step
    for i, node in enumerate(isolates):
        pos[node] = np.array([step * (0.5 + i % _ISOLATES_PER_ROW), top - 0.8 * step * (i // _ISOLATES_PER_ROW)])
    return pos


def _draw_network(
    ax: Axes, graph: nx.Graph, bloc: Mapping[Hashable, int], labels: Mapping[Hashable, str], max_labels: int
) -> None:
    pos = _bloc_layout(graph, bloc)
    segments = [(pos[u], pos[v]) for u, v in graph.edges()]
    ax.add_collection(LineCollection(segments, colors="#BDBDBD", linewidths=0.6, zorder=1))
    order = {b: i for i, b in enumerate(pd.Series(bloc, dtype=object).value_counts().index)}
    members: dict[int | None, list[Hashable]] = {}
    for node in graph.nodes():
        members.setdefault(order.get(bloc.get(node)), []).append(node)
    labelled = _labelled_nodes(graph, members, max_labels)
    for i, nodes in members.items():
        colour, marker = (PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]) if i is not None else (NEUTRAL, "o")
        xy = np.array([pos[n] for n in nodes])
        ax.scatter(xy[:, 0], xy[:, 1], s=36, c=colour, marker=marker, edgecolors="white", linewidths=0.5, zorder=2)
    for node in labelled:
        ax.annotate(str(labels.get(node, node)), pos[node], xytext=(0, 4), textcoords="offset points",
                    ha="center", va="bottom", fontsize=6, color="#303030", zorder=3)
    ax.set_aspect("equal", adjustable="datalim")
    ax.margins(0.06)
    ax.set_axis_off()


_ISOLATE_LABELS = 40
"""States without allies are all labelled up to this many (they sit in tidy rows)."""


def _labelled_nodes(graph: nx.Graph, members: Mapping[int | None, Sequence[Hashable]], max_labels: int
                    ) -> set[Hashable]:
    """Nodes to label: the best-connected members of each bloc, in equal shares of ``max_labels``.

    Dense blocs (the post-1960 networks) would otherwise be unreadable clumps of labels; a few
    hubs per bloc name the bloc. States without allies are labelled while few enough.
    """
    per_group = max(3, max_labels // max(1, len(members)))
    out: set[Hashable] = set()
    for group, nodes in members.items():
        ranked = sorted(nodes, key=lambda n: (-graph.degree(n), str(n)))
        limit = _ISOLATE_LABELS if group is None else per_group
        out.update(ranked if len(ranked) <= limit else ranked[:per_group])
    return out


@_styled
def network_snapshots(
    graphs: Mapping[int, nx.Graph],
    blocs: Mapping[int, Mapping[Hashable, int]],
    labels: Mapping[Hashable, str],
    *,
    ncols: int = 3,
    panel_size: float = 3.6,
    max_labels: int = 48,
) -> Figure:
    """Draw the alliance network of selected years as small multiples, nodes coloured by bloc.

    Parameters
    ----------
    graphs
        Alliance network of each year (nodes are states, edges alliance ties).
    blocs
        Community (bloc) of each node, per year; nodes without one are drawn grey.
    labels
        Node labels (e.g. state abbreviations).
    ncols
        Panels per row.
    panel_size
        Width and height of one panel in inches.
    max_labels
        About this many nodes per panel are labelled, shared equally between the blocs and
        the states without allies, those with the most ties first.
    """
    years = sorted(graphs)
    ncols = min(ncols, len(years))
    nrows = math.ceil(len(years) / ncols)
    fig = _new_figure((panel_size * ncols, panel_size * nrows + 0.5))
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for ax, year in zip(axes, years):
        graph, bloc = graphs[year], blocs.get(year, {})
        n_blocs = len(set(bloc[n] for n in graph.nodes() if n in bloc))
        _draw_network(ax, graph, bloc, labels, max_labels)
        ax.set_title(f"{year}: {graph.number_of_nodes()} states, {graph.number_of_edges()} ties, {n_blocs} blocs")
    for ax in axes[len(years):]:
        ax.set_axis_off()
    _note(fig, "Colour and marker show the bloc (community) within each year, largest bloc first; "
          "blocs are not matched across years. Grey: no bloc; states without allies in the bottom rows. "
          "Each bloc is laid out separately (spring layout, fixed seed); lines are alliance ties.",
          _chars_per_line(fig))
    return fig


# --------------------------------------------------------------------------------------------
# Coefficient plot
# --------------------------------------------------------------------------------------------


def _skip_reason(fit: Mapping[str, Any]) -> str:
    if not is_ok(fit):
        return f"{fit['name']} (not estimated: {fit.get('reason') or 'unknown'})"
    return f"{fit['name']} ({fit.get('estimator')}: no odds ratio)"


def _log_limits(low: float, high: float) -> tuple[float, float]:
    """Limits symmetric around 1 on the log scale, so neither direction looks larger."""
    reach = max(abs(math.log(low)), abs(math.log(high)), math.log(1.5)) * 1.12
    return math.exp(-reach), math.exp(reach)


#: Row labels of the coefficient plot wrap at this many characters, so that long spec labels
#: leave the plot its width.
COEF_LABEL_CHARS = 44


@_styled
def coefficient_plot(fits: Sequence[Mapping[str, Any]], labels: Mapping[str, str], *, width: float = 7.5) -> Figure:
    """Plot the alliance odds ratio with its 95% interval for each named fit.

    Parameters
    ----------
    fits
        Fit records; only ``group == "named"`` fits are drawn, one row each, in the order
        given. Fits without an odds ratio (failed, LPM, correlations) are listed in a note.
    labels
        Row labels by fit name; default the fit's ``label``.
    width
        Figure width in inches; the height grows with the number of rows.
    """
    named = [f for f in fits if f.get("group", "named") == "named"]
    shown = [f for f in named if is_ok(f) and quantity(f, "odds_ratio")]
    system = [f for f in named if f not in shown and is_ok(f) and f.get("level") == "system"]
    skipped = [_skip_reason(f) for f in named if f not in shown and f not in system]
    if system:
        skipped.append(f"{len(system)} system-level fit{'s' if len(system) > 1 else ''} (correlations and count "
                       "models, no odds ratio; see the verdict and the other-levels table)")
    if not shown:
        raise ValueError("coefficient_plot: no named fit has an odds ratio")
    names = [textwrap.fill((labels.get(f["name"]) or f.get("label") or f["name"])
                           + (DOUBT_MARK if is_doubtful(f) else ""), COEF_LABEL_CHARS) for f in shown]
    lines = sum(n.count("\n") + 1 for n in names)
    fig = _new_figure((width, 1.5 + 0.3 * lines + 0.12 * len(shown) + (0.3 if skipped else 0)))
    ax = fig.subplots()
    levels = list(dict.fromkeys(str(f.get("level")) for f in shown))
    ys = np.arange(len(shown))[::-1]
    ratios = [quantity(f, "odds_ratio") for f in shown]
    for y, fit, q in zip(ys, shown, ratios):
        i = levels.index(str(fit.get("level")))
        est, xerr = _errors([q])
        ax.errorbar(est, [y], xerr=xerr, fmt=MARKERS[i], color=PALETTE[i], capsize=3,
                    markersize=6, lw=1.4, label=f"{fit.get('level')} level")
    bounds = [b for q in ratios for b in _interval(q)]
    ax.set_xscale("log")
    ax.set_xlim(*_log_limits(min(bounds), max(bounds)))
    ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.axvline(1, color="black", lw=0.9, ls="--", zorder=1)
    ax.set_yticks(ys, names)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Odds ratio of the outcome (row label), allied vs not allied (95% CI, log scale)")
    right = ax.twinx()
    right.set_ylim(ax.get_ylim())
    right.set_yticks(ys, [_or_text(q) for q in ratios], fontsize=8)
    right.grid(False)
    right.spines[["top", "right", "left", "bottom"]].set_visible(False)
    right.tick_params(axis="y", length=0)
    right.set_ylabel("Odds ratio [95% CI]", rotation=270, va="bottom", fontsize=9)
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles))
    if len(unique) > 1:
        ax.legend(unique.values(), unique.keys(), loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(unique))
    notes = [f"{DOUBT_MARK} Doubtful fit (see the report)."] if any(is_doubtful(f) for f in shown) else []
    notes += ["Not shown: " + "; ".join(skipped) + "."] if skipped else []
    if notes:
        _note(fig, " ".join(notes), _chars_per_line(fig))
    return fig


def _or_text(q: Mapping[str, Any]) -> str:
    est, low, high = _interval(q)
    return f"{est:.2f} [{low:.2f}, {high:.2f}]"


# --------------------------------------------------------------------------------------------
# Specification curve
# --------------------------------------------------------------------------------------------


@_styled
def specification_curve(
    fits: Sequence[Mapping[str, Any]], dimensions: Sequence[str], *, alpha: float = 0.05, width: float = 8.0
) -> Figure:
    """Plot the sorted alliance estimates of all specifications above the matrix of their choices.

    Parameters
    ----------
    fits
        Fit records (usually the grid); failed fits are counted in the title, not drawn.
    dimensions
        Specification dimensions shown in the choice matrix (read with
        :func:`~alliancewar.outputs.tables.spec_value`).
    alpha
        Significance level used for the colours.
    width
        Figure width in inches; the height grows with the number of options.
    """
    ok = [(f, alliance_coefficient(f)) for f in fits if is_ok(f) and alliance_coefficient(f)]
    if not ok:
        raise ValueError("specification_curve: no estimated fit with an alliance coefficient")
    ok.sort(key=lambda fc: fc[1]["estimate"])
    options = {d: sorted({spec_value(f, d) for f, _ in ok}) for d in dimensions}
    n_rows = sum(len(v) for v in options.values())
    fig = _new_figure((width, 3.2 + 0.24 * n_rows))
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3.0, max(1.0, 0.24 * n_rows)))
    x = np.arange(len(ok))
    directions = [effect_direction(c["estimate"], c.get("p_value"), alpha) for _, c in ok]
    size = float(np.clip(300 / len(ok), 2.0, 6.0))
    for direction, (colour, marker, name) in DIRECTION_STYLE.items():
        idx = [i for i, d in enumerate(directions) if d == direction]
        if not idx:
            continue
        est, yerr = _errors([ok[i][1] for i in idx])
        top.errorbar(x[idx], est, yerr=yerr, fmt=marker, color=colour, markersize=size,
                     elinewidth=0.8, label=f"{name} ({len(idx)})")
    top.axhline(0, color="black", lw=0.9, ls="--", zorder=1)
    top.set_ylabel("Alliance coefficient\n(95% CI, each model's scale)")
    n_failed = sum(not is_ok(f) for f in fits)
    n_doubtful = sum(is_doubtful(f) for f, _ in ok)
    top.set_title(f"{len(ok)} specifications estimated ({n_doubtful} doubtful); {n_failed} failed (not shown)",
                  loc="left")
    top.legend(loc="best")
    _choice_matrix(bottom, ok, options, directions)
    bottom.set_xlabel("Specification, sorted by the alliance estimate")
    bottom.set_xlim(-0.8, len(ok) - 0.2)
    return fig


def _choice_matrix(
    ax: Axes, ok: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]], options: Mapping[str, list[str]],
    directions: Sequence[str],
) -> None:
    """Dot matrix: one row per option of each dimension, a mark where a specification used it.

    Marks take the colour and marker of the specification's effect direction.
    """
    rows = [(d, o) for d, opts in options.items() for o in opts]
    y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
    size = float(np.clip(900 / len(ok), 3.0, 22.0))
    for direction, (colour, marker, _) in DIRECTION_STYLE.items():
        points = [(i, y_of[(d, spec_value(fit, d))])
                  for i, ((fit, _), found) in enumerate(zip(ok, directions)) if found == direction for d in options]
        if points:
            ax.scatter(*zip(*points), s=size, c=colour, marker=marker, lw=0)
    ax.set_yticks([y_of[r] for r in rows], [f"{d}: {period_label(o)}" for d, o in rows], fontsize=8)
    boundaries = np.cumsum([len(v) for v in options.values()])[:-1]
    for b in boundaries:
        ax.axhline(len(rows) - b - 0.5, color="#9E9E9E", lw=0.6)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(False)


# --------------------------------------------------------------------------------------------
# Predicted probabilities
# --------------------------------------------------------------------------------------------


def _has_probabilities(fit: Mapping[str, Any]) -> bool:
    return is_ok(fit) and quantity(fit, "pp_allied") is not None and quantity(fit, "pp_not_allied") is not None


@_styled
def predicted_probability_plot(
    fits: Sequence[Mapping[str, Any]], labels: Mapping[str, str], *, panel_size: tuple[float, float] = (3.8, 3.6)
) -> Figure:
    """Plot predicted probabilities for allied and non-allied units with 95% intervals, by period.

    One panel per level; within a level, one fit per period (the first named fit with
    predicted probabilities, see :func:`~alliancewar.outputs.tables.select_primary`).
    Probabilities are shown per 1,000 unit-years; the period of a doubtful fit is marked
    :data:`DOUBT_MARK`, with a note.

    Parameters
    ----------
    fits
        Fit records.
    labels
        Human labels of outcomes (used in the y-axis label).
    panel_size
        Width and height of one panel in inches.
    """
    primary = select_primary(fits, _has_probabilities)
    if not primary:
        raise ValueError("predicted_probability_plot: no fit has pp_allied and pp_not_allied")
    levels = list(dict.fromkeys(level for level, _ in primary))
    fig = _new_figure((panel_size[0] * len(levels), panel_size[1]))
    axes = np.atleast_1d(fig.subplots(1, len(levels)))
    series = (("pp_not_allied", "Not allied", OKABE_ITO["blue"], "o", -0.12),
              ("pp_allied", "Allied", OKABE_ITO["vermillion"], "s", 0.12))
    for ax, level in zip(axes, levels):
        chosen = {period: fit for (lev, period), fit in primary.items() if lev == level}
        x = np.arange(len(chosen))
        for key, name, colour, marker, shift in series:
            est, yerr = _errors([quantity(f, key) for f in chosen.values()], scale=1000)
            ax.errorbar(x + shift, est, yerr=yerr, fmt=marker, color=colour, capsize=3,
                        markersize=6, label=name)
        outcome = _label(labels, str(next(iter(chosen.values())).get("outcome")))
        ax.set_xticks(x, [period_label(p) + (DOUBT_MARK if is_doubtful(f) else "") for p, f in chosen.items()])
        ax.set_xlim(-0.6, len(chosen) - 0.4)
        ax.set_ylim(bottom=0)
        ax.set_title(f"{level.capitalize()} level")
        ax.set_ylabel(f"{outcome}: predicted probability\nper 1,000 {UNITS.get(level, 'unit-years')} (95% CI)")
        ax.set_xlabel("Period")
        ax.grid(axis="x", visible=False)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    if any(is_doubtful(f) for level, f in primary.items()):
        _note(fig, f"{DOUBT_MARK} Doubtful fit (see the report).", _chars_per_line(fig))
    return fig

"""System-years: alliance aggregation and polarisation, and war onsets (Singer & Small 1968).

Alliance aggregation ("how much of the system is allied"): the share of system members in at
least one alliance with another member, the share of major powers allied, and the density of
the alliance network (allied dyads / all dyads of members in the year; false dyads excluded).
Polarisation: the bloc structure of the network of allied states -- the number of connected
components of two or more states (blocs), the largest bloc's share of the system, and the
modularity of the Louvain partition (Blondel et al. 2008; networkx, fixed seed) with its
number of communities. Computed for any alliance and defense pacts (ATOP; COW when supplied).

Cluster polarity (Wayman 1984, :mod:`.polarity`): poles among the major powers and poles per
major power. Formation (:mod:`.formation`): alliances begun and in force, member entries,
all alliances and defense pacts. Changes (:mod:`.change`): k-year changes and growth rates of
the shares allied and densities (``panel.change_years``).

Wars (COW inter-state wars): wars begun in year t (a war begins on its first participant's
start date), in t+1, t+1..t+3, t+1..t+5; nation-months of war begun in t (participants'
months at war in the wars beginning in t, Singer & Small's "nation-months"); battle deaths of
those wars (sum of known values); wars under way in t.
"""

from __future__ import annotations

import functools

import networkx as nx
import numpy as np
import pandas as pd

from .change import add_changes
from .formation import formation_by_year, member_entries_by_year
from .intervals import expand_years
from .polarity import poles_by_year
from .states import ALLIANCE_TYPES
from .variables import BLOC_TYPES, CHANGE_MEASURES, DEFAULT_CHANGE_YEARS

DAYS_PER_MONTH = 365.25 / 12
LOUVAIN_SEED = 20251126


def network_year(edges: pd.DataFrame, n_states: int) -> tuple[dict[str, float], pd.DataFrame]:
    """Bloc structure of one year's alliance network.

    Parameters
    ----------
    edges
        Allied dyads (ccode1, ccode2) of the year.
    n_states
        System members in the year.

    Returns
    -------
    (dict, DataFrame)
        n_blocs, largest_bloc_share, modularity (NaN without edges), n_communities; and one row
        per allied state with its bloc (connected component, largest first) and community.
    """
    if edges.empty:
        return ({"n_blocs": 0.0, "largest_bloc_share": 0.0, "modularity": np.nan, "n_communities": 0.0},
                pd.DataFrame({"ccode": [], "bloc": [], "community": []}))
    c1, c2 = edges["ccode1"].to_numpy(dtype=np.int64), edges["ccode2"].to_numpy(dtype=np.int64)
    n_blocs, largest, modularity, n_comm, members = _network_structure(c1.tobytes() + c2.tobytes())
    stats = {"n_blocs": n_blocs, "largest_bloc_share": largest / n_states, "modularity": modularity,
             "n_communities": n_comm}
    return stats, members.copy()


@functools.lru_cache(maxsize=4096)
def _network_structure(key: bytes) -> tuple[float, int, float, float, pd.DataFrame]:
    """Components, Louvain communities (seeded) and modularity of the graph of an edge list.

    ``key`` is the bytes of the ccode1 array followed by those of ccode2 (int64). Alliance
    networks often stay the same for years, so identical edge lists are computed once per
    process: the result is a function of the edge list alone (same edge order, same seed), so
    the panels are identical with or without the cache.
    """
    codes = np.frombuffer(key, dtype=np.int64)
    c1, c2 = codes[: len(codes) // 2], codes[len(codes) // 2:]
    g = nx.from_edgelist(zip(c1.tolist(), c2.tolist()))
    comps = sorted(nx.connected_components(g), key=len, reverse=True)
    comm = sorted(nx.community.louvain_communities(g, seed=LOUVAIN_SEED), key=len, reverse=True)
    bloc = {n: i for i, c in enumerate(comps) for n in c}
    community = {n: i for i, c in enumerate(comm) for n in c}
    members = pd.DataFrame({"ccode": list(bloc), "bloc": list(bloc.values()),
                            "community": [community[n] for n in bloc]})
    return float(len(comps)), len(comps[0]), nx.community.modularity(g, comm), float(len(comm)), members


def system_alliances(sy: pd.DataFrame, dyad_years: pd.DataFrame, pair_years: pd.DataFrame, prefix: str
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Alliance aggregation and bloc measures per year for one alliance source.

    Returns the system-year columns and the per-state bloc/community table (source, type,
    year, ccode, bloc, community) used by the network figures.
    """
    sfx = "" if prefix == "atop" else "_cow"
    years = np.sort(sy["year"].unique())
    out = pd.DataFrame({"year": years})
    member_frames = []
    n_dyads = dyad_years.groupby("year").size().reindex(years)
    n_states = sy.groupby("year").size().reindex(years)
    majors = sy.loc[sy["major"] == 1, ["ccode", "year"]]
    for t in ALLIANCE_TYPES[prefix]:
        allied_state = sy[f"{prefix}_n_allies_{t}"] > 0
        out[f"share_allied_{t}{sfx}"] = allied_state.groupby(sy["year"]).mean().reindex(years).to_numpy()
        maj = sy["major"] == 1
        out[f"share_majors_allied_{t}{sfx}"] = allied_state[maj].groupby(sy.loc[maj, "year"]).mean().reindex(
            years).to_numpy()
        edges = pair_years.loc[pair_years[t] == 1, ["ccode1", "ccode2", "year"]].drop_duplicates()
        dens = "alliance_network_density" + ("" if t == "any" else f"_{t}") + sfx
        out[dens] = (edges.groupby("year").size().reindex(years).fillna(0) / n_dyads).to_numpy()
        if t in BLOC_TYPES:
            by_year = dict(tuple(edges.groupby("year")))
            empty = edges.iloc[:0]
            rows = []
            for y in years:
                stats, members = network_year(by_year.get(y, empty), int(n_states.loc[y]))
                rows.append(stats)
                member_frames.append(members.assign(source=prefix, type=t, year=y))
            blocs = pd.DataFrame(rows)
            for c in blocs.columns:
                out[f"{c}_{t}{sfx}"] = blocs[c].to_numpy()
            poles = poles_by_year(majors, edges, years)
            for c in ("n_poles", "cluster_polarity"):
                out[f"{c}_{t}{sfx}"] = poles[c].to_numpy()
    members = pd.concat(member_frames, ignore_index=True)[["source", "type", "year", "ccode", "bloc", "community"]]
    return out, members.astype({"ccode": np.int64, "bloc": np.int64, "community": np.int64})


def war_onsets_by_year(participants: pd.DataFrame, years: np.ndarray) -> pd.DataFrame:
    """Wars begun, nation-months begun, battle deaths begun and wars ongoing, per year."""
    p = participants.copy()
    war_start = p.groupby("warnum")["start"].min().dt.year.rename("war_year")
    p = p.join(war_start, on="warnum")
    p["months"] = (p["end"] - p["start"]).dt.days.add(1) / DAYS_PER_MONTH
    wars = p.drop_duplicates("warnum")
    begun = wars.groupby("war_year").size()
    first_episode = p.drop_duplicates(["warnum", "ccode", "side"])
    deaths = first_episode.groupby("war_year")["bat_deaths"].sum(min_count=1)
    months = p.groupby("war_year")["months"].sum()
    ongoing = expand_years(p, "start", "end").drop_duplicates(["warnum", "year"]).groupby("year").size()
    out = pd.DataFrame({"year": years})
    out["war_onsets"] = begun.reindex(years).fillna(0).to_numpy()
    c = np.r_[0, np.cumsum(out["war_onsets"].to_numpy())]
    n = len(years)
    for k in (1, 3, 5):
        nxt = np.full(n, np.nan)
        idx = np.arange(n - k)
        nxt[idx] = c[idx + 1 + k] - c[idx + 1]
        out[f"war_onsets_next{k}"] = nxt
    out["nation_months_begun"] = months.reindex(years).fillna(0).to_numpy()
    out["battle_deaths_begun"] = deaths.reindex(years).fillna(0).to_numpy()
    out["war_ongoing_count"] = ongoing.reindex(years).fillna(0).to_numpy()
    return out


def build_system_years(sy: pd.DataFrame, dyad_years: pd.DataFrame, pair_years: dict[str, pd.DataFrame],
                       participants: pd.DataFrame, lag: int = 1, *, memberships: dict[str, pd.DataFrame] | None = None,
                       change_years: tuple[int, ...] = DEFAULT_CHANGE_YEARS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """System-years with every system variable (coverage masking by the caller), and the blocs table.

    Leads past the last panel year are NA; the lag-1 aggregation columns use the previous
    calendar year's value. The formation counts need ``memberships``
    (:func:`~alliancewar.panels.formation.alliance_memberships`) and, for member entries, the
    ``{prefix}_alliances_joined_*`` columns of the state-years; without them those columns are
    not built (never filled with 0).
    """
    years = np.sort(sy["year"].unique())
    out = pd.DataFrame({"year": years})
    out["n_states"] = sy.groupby("year").size().reindex(years).to_numpy()
    out["n_majors"] = sy.groupby("year")["major"].sum().reindex(years).to_numpy()
    bloc_tables = []
    for prefix, py in pair_years.items():
        cols, members = system_alliances(sy, dyad_years, py, prefix)
        out = out.merge(cols, on="year")
        bloc_tables.append(members)
        sfx = "" if prefix == "atop" else "_cow"
        if memberships and prefix in memberships:
            key = "atopid" if prefix == "atop" else "version4id"
            out = out.merge(formation_by_year(py, key, memberships[prefix], years, sfx), on="year")
        if f"{prefix}_alliances_joined_any" in sy.columns:
            out = out.merge(member_entries_by_year(sy, prefix, sfx), on="year")
    out = out.merge(war_onsets_by_year(participants, years), on="year")
    if lag:
        lag_cols = [c for c in out.columns if c.startswith(("share_allied_", "alliance_network_density"))]
        prev = out[["year", *lag_cols]].assign(year=out["year"] + lag)
        out = out.merge(prev.rename(columns={c: f"{c}_lag{lag}" for c in lag_cols}), on="year", how="left")
    out = add_changes(out, [*CHANGE_MEASURES, *(f"{m}_cow" for m in CHANGE_MEASURES)], change_years)
    return out, pd.concat(bloc_tables, ignore_index=True)

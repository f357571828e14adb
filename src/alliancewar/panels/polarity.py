"""Cluster polarity of the major powers' alliance network (Wayman 1984).

Wayman (1984) separates *power* polarity (how capabilities are concentrated among the major
powers) from *cluster* polarity (how alliances group them). A *pole* is a set of major powers
linked, directly or through other major powers, by alliances -- a connected component of the
alliance network among major powers -- and an unallied major power is a pole of its own.
With ``P`` poles among ``M`` major powers the cluster polarity is ``P / M``: 1 when no two
major powers are allied (every major power its own pole), ``2 / M`` when they form two blocs,
``1 / M`` when all are in one bloc. Lower values mean a more bipolarised (or unipolarised)
alliance structure. Wayman's poles rest on formal alliance bonds among the major powers; the
panels give the strict reading (defense pacts only) and every alliance, and the number of
poles itself.

Computed for all years at once: one graph whose nodes are (year, major power) and whose
edges are the year's allied major-power dyads; its connected components are the poles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def poles_by_year(majors: pd.DataFrame, edges: pd.DataFrame, years: np.ndarray) -> pd.DataFrame:
    """Number of poles and cluster polarity of the major powers in each year.

    Parameters
    ----------
    majors
        Major powers by year (``ccode``, ``year``).
    edges
        Allied dyads by year (``ccode1``, ``ccode2``, ``year``); dyads not of two major powers
        of the year are ignored.
    years
        The panel's years.

    Returns
    -------
    DataFrame
        ``year``, ``n_poles`` and ``cluster_polarity`` (NaN in a year without major powers).
    """
    nodes = majors[["year", "ccode"]].drop_duplicates().sort_values(["year", "ccode"], ignore_index=True)
    node_id = pd.Series(np.arange(len(nodes)), index=pd.MultiIndex.from_frame(nodes))
    a = pd.MultiIndex.from_arrays([edges["year"].to_numpy(), edges["ccode1"].to_numpy()])
    b = pd.MultiIndex.from_arrays([edges["year"].to_numpy(), edges["ccode2"].to_numpy()])
    i, j = node_id.reindex(a).to_numpy(), node_id.reindex(b).to_numpy()
    both = ~(np.isnan(i) | np.isnan(j))
    i, j = i[both].astype(np.int64), j[both].astype(np.int64)
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    per_year = pd.DataFrame({"year": nodes["year"], "pole": labels}).groupby("year")["pole"]
    out = pd.DataFrame({"year": years})
    out["n_poles"] = per_year.nunique().reindex(years).fillna(0).to_numpy(dtype=float)
    n_majors = per_year.size().reindex(years).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["cluster_polarity"] = np.where(n_majors > 0, out["n_poles"] / n_majors, np.nan)
    return out

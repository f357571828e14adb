"""Alliance portfolio similarity of dyad-years: S, tau-b, Cohen's kappa and Scott's pi.

Each state's *alliance portfolio* in a year is its row of the system's tie matrix: one entry per
system member k, the level of its alliance commitment to k (Signorino & Ritter 1999; Bueno de
Mesquita 1975), on an ordered scale with a maximum ``m``:

* ATOP (Leeds et al. 2002), m = 3: 3 defense or offense pact, 2 neutrality or consultation pact,
  1 non-aggression pact, 0 none (the ranking of Chiba, Johnson & Leeds and of fpsim's ATOP
  scores); obligations are those of the non-directed dyad-year (at least one member undertook
  it, as in the panel's ``atop_*`` columns);
* COW (Gibler 2009), m = 3: 3 defense pact, 2 neutrality or non-aggression pact, 1 entente, 0 none.

A state is maximally committed to itself (its own entry is m). Alliance status is that of any
day of the year, as in the panel. Portfolios run over the year's system members (all of them,
whatever rows the frame has). For two states i and j, with ties a_ik, a_jk and weights w_k:

* **S** (Signorino & Ritter 1999): S = 1 - 2 sum_k w_k d(a_ik, a_jk) / sum_k w_k, with the
  distance d(a, b) = (|a - b| / m)^p (p = 1, absolute distances, as S&R and EUGene; p = 2 gives
  squared distances). S is 1 for identical portfolios, -1 for opposite ones, symmetric in i and j.
  ``s_un_glo``: unweighted (w = 1) over all system members; ``s_wt_glo``: weighted by each state's
  CINC (NMC; states without a CINC get weight 0); ``s_un_reg`` / ``s_wt_reg``: over the members of
  the two states' regions only (the union of i's and j's COW regions, by COW code ranges:
  Americas 2-165, Europe 200-395, Africa 402-626, Middle East 630-698, Asia and Oceania 700-999).
* **tau-b** (Bueno de Mesquita 1975; Kendall's tau-b of the two portfolios, ties corrected), on
  the same ordinal ties, over all system members.
* **Cohen's kappa** and **Scott's pi** (Haege 2011): S's agreement corrected for chance,
  1 - D_o / D_e, with D_o = sum_k d(a_ik, a_jk) / n the observed and D_e the expected
  disagreement under independence -- kappa with each state's own distribution of tie levels,
  pi with the two states' pooled distribution -- on the same distance d as S (unweighted,
  global). NA when D_e is 0 (two portfolios each of a single level).

Computation: per year, the counts N_ab(i, j) = #{k: a_ik = a, a_jk = b} (weighted: sum of w_k) for
all pairs at once are matrix products of the one-hot tie matrices (n x n each, n <= 195), so a
year costs a few dozen n^3 products and the whole 1816-2018 panel a few seconds; a loop runs over
years, never over dyads. Region-restricted sums are products over the region's columns only
(they add up to the global ones).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

#: Highest tie level of the ordinal alliance scales.
MAX_LEVEL = 3
#: COW regions by code range (inclusive): 1 Americas, 2 Europe, 3 Africa, 4 Middle East, 5 Asia/Oceania.
REGION_RANGES = ((2, 165, 1), (200, 395, 2), (402, 626, 3), (630, 698, 4), (700, 999, 5))
#: Measure suffixes, in column order.
MEASURES = ("s_un_glo", "s_wt_glo", "s_un_reg", "s_wt_reg", "taub", "kappa", "pi")


def cow_region(ccode: np.ndarray) -> np.ndarray:
    """COW region (1-5, see :data:`REGION_RANGES`) of each code; 0 outside every range."""
    c = np.asarray(ccode, dtype=np.int64)
    return np.select([(c >= lo) & (c <= hi) for lo, hi, _ in REGION_RANGES], [r for *_, r in REGION_RANGES], 0)


def atop_tie_levels(allied: pd.DataFrame) -> np.ndarray:
    """ATOP tie level (0-3) of allied dyad-years with the panel's ``atop_*`` obligation columns."""
    f = {t: allied[f"atop_{t}"].to_numpy() > 0 for t in ("defense", "offense", "neutral", "consul", "nonagg")}
    return np.select([f["defense"] | f["offense"], f["neutral"] | f["consul"], f["nonagg"]], [3, 2, 1], 0)


def cow_tie_levels(allied: pd.DataFrame) -> np.ndarray:
    """COW tie level (0-3) of allied dyad-years with the panel's ``cow_*`` type columns."""
    f = {t: allied[f"cow_{t}"].to_numpy() > 0 for t in ("defense", "neutrality", "nonaggression", "entente")}
    return np.select([f["defense"], f["neutrality"] | f["nonaggression"], f["entente"]], [3, 2, 1], 0)


def _distance_matrix(m: int, exponent: float) -> np.ndarray:
    lv = np.arange(m + 1, dtype=np.float64)
    return (np.abs(lv[:, None] - lv[None, :]) / m) ** exponent


def _distance_sums(ties: np.ndarray, w: np.ndarray | None, m: int, exponent: float) -> np.ndarray:
    """sum_k w_k |a_ik - a_jk|^p over the columns of ``ties`` for all pairs (i, j), unscaled.

    p = 1: |a - b| = sum_c |1[a >= c] - 1[b >= c]| (m products); p = 2: a^2 + b^2 - 2ab (one
    product); otherwise one product per pair of levels. Unweighted sums are integers and are
    computed exactly in float32; weighted ones in float64.
    """
    dtype = np.float32 if w is None else np.float64
    ww = np.ones(ties.shape[1], dtype=dtype) if w is None else w
    if exponent == 1:
        out = np.zeros((ties.shape[0],) * 2, dtype=dtype)
        for c in range(1, m + 1):
            b = (ties >= c).astype(dtype)
            r = b @ ww
            out += r[:, None] + r[None, :] - 2 * ((b * ww) @ b.T)
        return out.astype(np.float64)
    if exponent == 2:
        a = ties.astype(dtype)
        r = (a * a) @ ww
        return (r[:, None] + r[None, :] - 2 * ((a * ww) @ a.T)).astype(np.float64)
    d = np.abs(np.arange(m + 1)[:, None] - np.arange(m + 1)[None, :]) ** exponent
    onehot = [(ties == a).astype(dtype) for a in range(m + 1)]
    return sum(((onehot[a] * ww) @ (sum(d[a, b] * onehot[b] for b in range(m + 1))).T).astype(np.float64)
               for a in range(m + 1))


def portfolio_measures(ties: np.ndarray, weights: np.ndarray, regions: np.ndarray, *, m: int = MAX_LEVEL,
                       exponent: float = 1.0) -> dict[str, np.ndarray]:
    """Every similarity measure for all pairs of one year's states.

    Parameters
    ----------
    ties
        n x n integer tie levels 0..m (row i = state i's portfolio), diagonal = m.
    weights
        n capability weights (NaN counts as 0) for the weighted S.
    regions
        n region codes for the regional S.
    m
        Highest tie level.
    exponent
        Distance exponent p (1 absolute, 2 squared).

    Returns
    -------
    dict
        :data:`MEASURES` -> n x n array (symmetric; the diagonal is meaningless).

    Examples
    --------
    Two states with the same portfolio, and a third allied with neither:

    >>> ties = np.array([[3, 3, 0], [3, 3, 0], [0, 0, 3]])
    >>> out = portfolio_measures(ties, np.ones(3), np.ones(3))
    >>> float(out["s_un_glo"][0, 1]), float(out["s_un_glo"][0, 2]), float(out["taub"][0, 2])
    (1.0, -1.0, -1.0)
    """
    ties = np.asarray(ties)
    n = ties.shape[0]
    w = np.nan_to_num(np.asarray(weights, dtype=np.float64), nan=0.0)
    scale = float(m) ** exponent
    groups = np.unique(regions)
    part_un = np.zeros((len(groups), n, n))
    part_wt = np.zeros((len(groups), n, n))
    w_un, w_wt = np.zeros(len(groups)), np.zeros(len(groups))
    for g, region in enumerate(groups):
        cols = regions == region
        sub = ties[:, cols]
        part_un[g] = _distance_sums(sub, None, m, exponent) / scale
        part_wt[g] = _distance_sums(sub, w[cols], m, exponent) / scale
        w_un[g], w_wt[g] = cols.sum(), w[cols].sum()
    d_un, d_wt = part_un.sum(axis=0), part_wt.sum(axis=0)
    out = {"s_un_glo": 1 - 2 * d_un / n, "s_wt_glo": _ratio_s(d_wt, np.full((n, n), w_wt.sum()))}
    gi = np.searchsorted(groups, regions)
    r1, r2 = np.broadcast_to(gi[:, None], (n, n)), np.broadcast_to(gi[None, :], (n, n))
    rows, cols = np.indices((n, n))
    other = r1 != r2
    for name, part, tot in (("s_un_reg", part_un, w_un), ("s_wt_reg", part_wt, w_wt)):
        num = part[r1, rows, cols] + np.where(other, part[r2, rows, cols], 0.0)
        den = tot[r1] + np.where(other, tot[r2], 0.0)
        out[name] = _ratio_s(num, den)
    onehot = [(ties == a).astype(np.float32) for a in range(m + 1)]
    counts = np.stack([e.sum(axis=1) for e in onehot]).astype(np.float64)  # (m+1) x n ties by level
    out["taub"] = _tau_b(onehot, counts, n)
    share = counts.T / n
    d = _distance_matrix(m, exponent)
    cross = share @ d @ share.T
    own = np.diag(cross)
    observed = d_un / n
    with np.errstate(divide="ignore", invalid="ignore"):
        out["kappa"] = np.where(cross > 0, 1 - observed / cross, np.nan)
        pooled = (own[:, None] + own[None, :] + 2 * cross) / 4
        out["pi"] = np.where(pooled > 0, 1 - observed / pooled, np.nan)
    return out


def _ratio_s(distance: np.ndarray, total: np.ndarray) -> np.ndarray:
    """1 - 2 distance / total, NaN where the total weight is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 1 - 2 * distance / total, np.nan)


def _tau_b(onehot: list[np.ndarray], counts: np.ndarray, n: int) -> np.ndarray:
    """Kendall's tau-b of every pair of portfolios from the level-by-level count tables.

    With N_ab(i, j) the number of states k with a_ik = a and a_jk = b, concordant minus discordant
    pairs are sum_ab N_ab (sum_{a'>a, b'>b} N_a'b' - sum_{a'>a, b'<b} N_a'b'); every count and
    product is an integer below 2^24, so float32 is exact.
    """
    levels = len(onehot)
    table = np.empty((levels, levels, n, n), dtype=np.float32)
    for a in range(levels):
        for b in range(a, levels):
            table[a, b] = onehot[a] @ onehot[b].T
            if b != a:
                table[b, a] = table[a, b].T
    score = np.zeros((n, n), dtype=np.float64)
    below = np.zeros((levels, n, n), dtype=np.float32)  # sum over a' > a of table[a', b], built downwards
    for a in range(levels - 1, -1, -1):
        if a < levels - 1:
            below += table[a + 1]
            higher = np.cumsum(below[::-1], axis=0)[::-1]  # higher[b] = sum_{b' >= b}
            lower = np.cumsum(below, axis=0)  # lower[b] = sum_{b' <= b}
            for b in range(levels):
                up = higher[b + 1] if b + 1 < levels else 0
                down = lower[b - 1] if b > 0 else 0
                score += table[a, b] * (up - down)
    pairs = n * (n - 1) / 2
    ties = (counts * (counts - 1) / 2).sum(axis=0)
    den = np.sqrt(np.outer(pairs - ties, pairs - ties))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, score / den, np.nan)


def similarity_dyad_years(members: pd.DataFrame, allied: pd.DataFrame, levels: np.ndarray, prefix: str,
                          weights: pd.DataFrame | None = None, *, m: int = MAX_LEVEL, exponent: float = 1.0,
                          region: Callable[[np.ndarray], np.ndarray] = cow_region) -> pd.DataFrame:
    """Portfolio similarity of every pair of system members in every year.

    Parameters
    ----------
    members
        System state-years (ccode, year): the states whose portfolios are compared.
    allied
        Allied dyad-years (ccode1 < ccode2, year), one row per dyad-year.
    levels
        Tie level (1..m) of each row of ``allied`` (:func:`atop_tie_levels`, :func:`cow_tie_levels`).
    prefix
        Column prefix (``atop``, ``cow``).
    weights
        State-years (ccode, year, cinc) for the weighted S (missing: weight 0).
    m, exponent, region
        Scale maximum, distance exponent and the region of each code.

    Returns
    -------
    DataFrame
        ccode1 < ccode2, year and ``<prefix>_<measure>`` for each of :data:`MEASURES`, sorted.
    """
    cc_all = members["ccode"].to_numpy(dtype=np.int64)
    yr_all = members["year"].to_numpy(dtype=np.int64)
    a1 = allied["ccode1"].to_numpy(dtype=np.int64)
    a2 = allied["ccode2"].to_numpy(dtype=np.int64)
    ay = allied["year"].to_numpy(dtype=np.int64)
    lv = np.asarray(levels, dtype=np.int64)
    wmap = None
    if weights is not None:
        wmap = pd.Series(weights["cinc"].to_numpy(dtype="float64", na_value=np.nan),
                         index=weights["ccode"].to_numpy(dtype=np.int64) * 10_000
                         + weights["year"].to_numpy(dtype=np.int64))
        wmap = wmap[~wmap.index.duplicated()]
    frames = []
    for year in np.unique(yr_all):
        codes = np.unique(cc_all[yr_all == year])
        n = len(codes)
        if n < 2:
            continue
        ties = np.zeros((n, n), dtype=np.int64)
        sel = ay == year
        i, j = np.searchsorted(codes, a1[sel]), np.searchsorted(codes, a2[sel])
        ok = (i < n) & (j < n)
        ok[ok] &= (codes[i[ok]] == a1[sel][ok]) & (codes[j[ok]] == a2[sel][ok])
        ties[i[ok], j[ok]] = ties[j[ok], i[ok]] = lv[sel][ok]
        np.fill_diagonal(ties, m)
        w = np.ones(n) if wmap is None else wmap.reindex(codes * 10_000 + year).to_numpy()
        res = portfolio_measures(ties, w, region(codes), m=m, exponent=exponent)
        iu, ju = np.triu_indices(n, k=1)
        frame = {"ccode1": codes[iu], "ccode2": codes[ju], "year": np.full(len(iu), year, dtype=np.int64)}
        frame.update({f"{prefix}_{k}": res[k][iu, ju] for k in MEASURES})
        if wmap is None:
            frame[f"{prefix}_s_wt_glo"] = frame[f"{prefix}_s_wt_reg"] = np.full(len(iu), np.nan)
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)

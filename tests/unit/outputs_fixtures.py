"""Shared inputs of the output tests: fixture fit records, correlations and synthetic panels.

Not a test module (no ``test_`` prefix); imported by ``test_tables``, ``test_figures``,
``test_headlines``, ``test_report`` and ``test_citations``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FITS_DIR = FIXTURES / "fits"
GOLDEN_DIR = FIXTURES / "golden"

LABELS: dict[str, str] = {
    "atop_any_lag1": "Allied (ATOP, any), t-1",
    "cow_any_lag1": "Allied (COW, any), t-1",
    "allied_any_lag1": "Has an ally (ATOP), t-1",
    "cinc_ratio_ln": "ln(CINC_high / CINC_low)",
    "cinc": "CINC",
    "contiguous": "Contiguous",
    "peace_years": "Peace years",
    "peace_years2": "Peace years^2",
    "peace_years3": "Peace years^3",
    "const": "Constant",
    "war_onset": "War onset",
    "share_allied_any": "Share of states in any alliance",
    "share_allied_defense": "Share of states in a defence pact",
    "alliance_network_density": "Alliance network density",
    "war_onsets": "War onsets per year",
}

SOURCES = [
    "ATOP 5.1 (Leeds et al. 2002)",
    "COW Inter-State War 4.0 (Sarkees & Wayman 2010)",
    "COW National Material Capabilities 6.0 (Singer, Bremer & Stuckey 1972)",
    "COW Direct Contiguity 3.2 (Stinnett et al. 2002)",
]
PROVENANCE = "alliancewar 0123456789 config abcdef012345"

REGRESSION_COLUMNS = [
    "baseline_1816_1899",
    "baseline_1900_1945",
    "lpm_fe_1946_2014",
    "state_firth_1900_1945",
    "clogit_failed_1816_1899",
]


def load_fits() -> list[dict[str, Any]]:
    """The fixture fit records, in file-name order (fresh copies, safe to mutate)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FITS_DIR.glob("*.json"))]


def fit_named(fits: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(f for f in fits if f["name"] == name)


def load_corr() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "correlations.csv")


def system_panel() -> pd.DataFrame:
    """A deterministic, plausible-looking system-year panel, 1816-2014."""
    years = np.arange(1816, 2015)
    t = (years - 1816) / (2014 - 1816)
    wave = 0.08 * np.sin(years / 9.0)
    any_ = np.clip(0.25 + 0.55 * t + wave + 0.25 * ((years >= 1939) & (years <= 1945)), 0, 1)
    defense = np.clip(any_ - 0.12 - 0.05 * np.cos(years / 7.0), 0, 1)
    density = np.clip(0.04 + 0.18 * t + 0.03 * np.sin(years / 13.0), 0, 1)
    onsets = ((years * 7919) % 11 == 0).astype(int) + ((years * 104729) % 17 == 0).astype(int)
    onsets[(years >= 1914) & (years <= 1918)] += 2
    onsets[(years >= 1939) & (years <= 1945)] += 3
    return pd.DataFrame({
        "year": years, "share_allied_any": any_, "share_allied_defense": defense,
        "alliance_network_density": density, "war_onsets": onsets,
    })


def network_inputs() -> tuple[dict[int, nx.Graph], dict[int, dict[int, int]], dict[int, str]]:
    """Three small alliance networks with two or three blocs and a few isolates."""
    abbrev = {2: "USA", 200: "UKG", 220: "FRN", 255: "GMY", 300: "AUH", 325: "ITA", 365: "RUS", 640: "TUR",
              740: "JPN", 710: "CHN", 345: "YUG", 290: "POL", 355: "BUL", 360: "RUM", 350: "GRC", 230: "SPN"}
    ties = {
        1913: [(255, 300), (255, 325), (300, 325), (200, 220), (220, 365), (200, 365), (200, 740), (365, 345)],
        1938: [(255, 325), (255, 740), (325, 740), (200, 220), (220, 290), (220, 345), (345, 360), (360, 290)],
        1960: [(2, 200), (2, 220), (2, 325), (200, 220), (2, 640), (640, 350), (2, 740), (365, 290), (365, 360),
               (365, 355), (290, 360), (365, 710)],
    }
    graphs, blocs = {}, {}
    for year, edges in ties.items():
        g = nx.Graph(edges)
        g.add_nodes_from(n for n in abbrev if n not in g and n % 3 == 0)
        graphs[year] = g
        communities = nx.community.greedy_modularity_communities(g)
        blocs[year] = {n: i for i, c in enumerate(communities) for n in c if g.degree(n) > 0}
    return graphs, blocs, abbrev


def grid_fits(n: int = 48) -> list[dict[str, Any]]:
    """Synthetic grid fits over four dimensions, two of them failed, estimates spread around 0."""
    base = load_fits()[1]
    out = []
    rng = np.random.default_rng(7)
    for i in range(n):
        fit = copy.deepcopy(base)
        fit["name"], fit["group"] = f"grid__{i:04d}", "grid"
        fit["spec"] = {
            "level": ["dyad", "state"][i % 2],
            "period": ["1816-1899", "1900-1945", "1946-2014"][i % 3],
            "alliance_source": ["atop", "cow"][(i // 2) % 2],
            "estimator": ["logit", "firth", "lpm_fe"][(i // 4) % 3],
        }
        est = float(rng.normal(0.1, 0.35))
        se = float(abs(rng.normal(0.18, 0.04)))
        p = float(2 * (1 - _phi(abs(est) / se)))
        fit["coefficients"][0].update(estimate=est, std_error=se, p_value=p,
                                      conf_low=est - 1.96 * se, conf_high=est + 1.96 * se)
        if i in (5, 17):
            fit.update(status="failed", reason="no events", coefficients=[])
        out.append(fit)
    return out


def _phi(z: float) -> float:
    from math import erf, sqrt

    return 0.5 * (1 + erf(z / sqrt(2)))

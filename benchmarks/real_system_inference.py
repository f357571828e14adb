"""The system-level lead correlations of the real panel under the old and the new inference.

Plain script, not a test: ``python benchmarks/real_system_inference.py [--panel data/panel/system_years.parquet]``
(build the panels first: ``snakemake --cores 2 panels``).

For each alliance measure of the Singer & Small specification, 1816-2007, and wars begun in
t+1..t+k (k = 1, 3, 5): Pearson's r with the old moving-block bootstrap p-value of
``lagged_correlations``, and every form of :func:`alliancewar.models.timeseries.lead_correlation_table`
(ESS test, stationary bootstrap), then the count of "positive and significant" results in the
family of 12 Pearson correlations with raw, Holm and Benjamini-Hochberg p-values.
"""

from __future__ import annotations

import argparse

import pandas as pd

from alliancewar.models.correlations import lagged_correlations
from alliancewar.models.multitest import adjust_within
from alliancewar.models.timeseries import lead_correlation_table

MEASURES = ("share_allied_any", "share_allied_defense", "alliance_network_density", "share_majors_allied_any")
GROWTH = ("share_allied_any_chg1", "share_allied_any_chg5", "alliances_begun_any", "member_entries_any",
          "alliances_begun_defense", "cluster_polarity_defense", "modularity_any")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panel", default="data/panel/system_years.parquet")
    ap.add_argument("--first", type=int, default=1816)
    ap.add_argument("--last", type=int, default=2007)
    args = ap.parse_args()
    s = pd.read_parquet(args.panel).set_index("year")
    wars = s["war_onsets"].dropna()
    rows = []
    for m in (*MEASURES, *GROWTH):
        x = s.loc[args.first:args.last, m].dropna()
        old = lagged_correlations(x, wars, (1, 3, 5), methods=("pearson",), n_boot=2000)
        new = lead_correlation_table(x, wars, (1, 3, 5), n_boot=1999, sesoi=0.2)
        new = new.merge(old[["lead", "r", "p_boot"]].rename(columns={"r": "r_old", "p_boot": "p_old_boot"}), on="lead")
        rows.append(new.assign(measure=m))
    t = pd.concat(rows, ignore_index=True)
    cols = ["measure", "lead", "form", "n", "r", "n_eff", "p_value", "p_boot", "p_boot_null", "block_length",
            "persistent", "p_old_boot", "p_tost"]
    with pd.option_context("display.max_rows", 500, "display.width", 220):
        print(t[cols].round(3).to_string(index=False))
    fam = t[t["measure"].isin(MEASURES)]
    levels = fam[fam["form"] == "levels"].drop_duplicates(["measure", "lead"])
    print("\nFamily of 12 Pearson lead correlations (4 measures x 3 leads):")
    print("  old block bootstrap, r > 0 and p < 0.05:", int(((levels["r"] > 0) & (levels["p_old_boot"] < 0.05)).sum()))
    for form in ("levels", "detrended", "differenced", "change"):
        f = adjust_within(fam[fam["form"] == form], [])
        pos = f["r"] > 0
        print(f"  {form:<11s} ESS: raw {int((pos & (f['p_value'] < 0.05)).sum())}, "
              f"Holm {int((pos & (f['p_value_holm'] < 0.05)).sum())}, BH {int((pos & (f['p_value_bh'] < 0.05)).sum())}"
              f"; stationary bootstrap raw {int((pos & (f['p_boot'] < 0.05)).sum())}")


if __name__ == "__main__":
    main()

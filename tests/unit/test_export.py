"""Panel exports: CSV, Parquet and Stata .dta with registry labels, NA kept as missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from alliancewar.panels.export import export_panel


def test_export_round_trip_with_labels(tmp_path):
    df = pd.DataFrame({"ccode1": np.array([2, 2], dtype=np.int64), "ccode2": np.array([20, 200], dtype=np.int64),
                       "year": np.array([2008, 2008], dtype=np.int64), "atop_any": np.array([1, 0], dtype=np.int8),
                       "war_onset": np.array([np.nan, np.nan], dtype=np.float32)})
    src = tmp_path / "dyad_years.parquet"
    df.to_parquet(src)
    paths = export_panel(src, tmp_path / "out")
    assert sorted(p.suffix for p in paths) == [".csv", ".dta", ".parquet"]
    reader = pd.io.stata.StataReader(tmp_path / "out" / "dyad_years.dta")
    labels = reader.variable_labels()
    assert labels["atop_any"] == "Allied, any pledge (ATOP 5.1)" and labels["war_onset"] == "War onset"
    dta = pd.read_stata(tmp_path / "out" / "dyad_years.dta")
    assert dta["war_onset"].isna().all() and dta["atop_any"].tolist() == [1, 0]
    csv = pd.read_csv(tmp_path / "out" / "dyad_years.csv")
    assert csv["war_onset"].isna().all()

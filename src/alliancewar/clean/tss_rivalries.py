"""Strategic rivalries of Thompson, Sakuwa & Suhas (2021) (peacesciencer ``tss_rivalries``).

One row per rivalry: the two COW codes, first and last year (1494-2020; rivalries still under
way end in 2020) and its types, coded 1 or missing in the source (here 0/1): positional (over
status in a hierarchy), spatial (over territory), ideological and interventionary; ``principal``
and ``aprin`` mark the book's principal and "asymmetric principal" rivalries. Codes are
ordered (ccode1 < ccode2). peacesciencer's fixes of three print errors are in the file
(Italy-Turkey ends 1943, Mauritania-Morocco starts 1960, Bulgaria-Yugoslavia ends 1955).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .rdata import flags, read_rdata, whole_numbers

SOURCE = "tss_rivalries"
TABLES = ("tss_rivalries",)
TYPES = ("positional", "spatial", "ideological", "interventionary")


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``tss_rivalries.rda``."""
    path = Path(raw_dir) / "tss_rivalries.rda"
    raw = read_rdata(path, "tss_rivalries", ["tssr_id", "rivalry", "ccode1", "ccode2", "start", "end", *TYPES,
                                             "principal", "aprin"])
    raw = whole_numbers(raw, ["tssr_id", "ccode1", "ccode2", "start", "end"], path)
    lo, hi = np.minimum(raw["ccode1"], raw["ccode2"]), np.maximum(raw["ccode1"], raw["ccode2"])
    out = pd.DataFrame({"rivalry_id": raw["tssr_id"], "rivalry": raw["rivalry"].astype("string"),
                        "ccode1": lo.astype("Int64"), "ccode2": hi.astype("Int64"), "start": raw["start"],
                        "end": raw["end"]})
    for col in (*TYPES, "principal", "aprin"):
        out[col] = flags(raw[col])
    return {"tss_rivalries": out.sort_values("rivalry_id").reset_index(drop=True)}

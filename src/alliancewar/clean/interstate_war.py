"""COW Inter-State War Data v4.0 (Sarkees & Wayman 2010): war participants in episodes.

The participant file has one row per state and side of a war (337 rows, 95 wars), with up to
two participation episodes (start/end 1 and 2; ``-8`` = no second episode). The clean table
``war_participants`` has one row per episode, so a state that left and re-entered a war has
two rows, and a state that switched sides (France in World War II) has rows under each side
(METHODS pitfall 9). ``-9`` (unknown) and ``-8`` (not applicable) become NA; battle deaths of
``-9`` are unknown, not zero.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..io import read_csv_checked
from .common import make_date, require_integers, to_na

SOURCE = "cow_interstate_war_v4.0"
TABLES = ("war_participants",)

_NUM = ["WarNum", "WarType", "ccode", "Side", "StartMonth1", "StartDay1", "StartYear1", "EndMonth1", "EndDay1",
        "EndYear1", "StartMonth2", "StartDay2", "StartYear2", "EndMonth2", "EndDay2", "EndYear2", "WhereFought",
        "Initiator", "Outcome", "BatDeath"]


def _episode(raw: pd.DataFrame, k: int) -> pd.DataFrame:
    start, s_imp = make_date(raw[f"StartYear{k}"], raw[f"StartMonth{k}"], raw[f"StartDay{k}"], end=False)
    end, e_imp = make_date(raw[f"EndYear{k}"], raw[f"EndMonth{k}"], raw[f"EndDay{k}"], end=True)
    ep = pd.DataFrame({"warnum": raw["WarNum"], "war_name": raw["WarName"].astype("string"),
                       "war_type": raw["WarType"], "ccode": raw["ccode"], "side": raw["Side"],
                       "episode": pd.array([k] * len(raw), dtype="Int64"), "start": start, "end": end,
                       "date_imputed": s_imp | e_imp, "where_fought": raw["WhereFought"],
                       "initiator": raw["Initiator"].eq(1).astype(bool), "outcome": raw["Outcome"],
                       "bat_deaths": raw["BatDeath"]})
    return ep[ep["start"].notna()]


def clean(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Clean ``Inter-StateWarData_v4.0.csv`` into ``war_participants`` (one row per episode)."""
    path = Path(raw_dir) / "Inter-StateWarData_v4.0.csv"
    raw = require_integers(read_csv_checked(path, [*_NUM, "WarName"]), _NUM, path)
    raw = to_na(raw, ["Outcome", "BatDeath", "WhereFought"])
    out = pd.concat([_episode(raw, 1), _episode(raw, 2)], ignore_index=True)
    return {"war_participants": out.sort_values(["warnum", "side", "ccode", "episode"]).reset_index(drop=True)}

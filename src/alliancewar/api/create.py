"""Creating the units: dyad-years and state-years of the COW or Gleditsch-Ward state system."""

from __future__ import annotations

import pandas as pd

from ..panels import dyads, states
from ..panels import variables as V
from . import data
from .frames import META

_LAST_YEAR = {"cow": 2024, "gw": 2017}  # the COW State System 2024 list (the default data version)
#: The registry source of each system's membership list.
SYSTEM_SOURCE = {"cow": V.STATES, "gw": V.GW_STATES}


def _years(years: tuple[int, int], system: str) -> tuple[int, int]:
    start, end = (int(y) for y in years)
    if not 1816 <= start <= end <= _LAST_YEAR[system]:
        raise ValueError(f"years must satisfy 1816 <= start <= end <= {_LAST_YEAR[system]} for system={system!r} "
                         f"(got {years})")
    return start, end


def _system_spells(system: str) -> pd.DataFrame:
    if system not in SYSTEM_SOURCE:
        raise ValueError(f"system must be 'cow' or 'gw', got {system!r}")
    if system == "cow":
        return data.table("states")
    return data.table("gw_states").rename(columns={"gwcode": "ccode"})


def _created(df: pd.DataFrame, system: str, level: str, start: int, end: int, directed: bool) -> pd.DataFrame:
    df.attrs[META] = {"sources": [SYSTEM_SOURCE[system]], "methods": ["miller2022"], "system": system,
                      "level": level, "start_year": start, "end_year": end, "directed": directed}
    return df


def create_dyadyears(*, directed: bool = False, years: tuple[int, int] = (1816, 2016), system: str = "cow"
                     ) -> pd.DataFrame:
    """Dyad-years of state-system members, false dyads removed (peacesciencer's ``create_dyadyears``).

    Two states form a dyad-year when they were both system members on at least one common day of
    the year (day-level overlap: pairs that were members in the same year but never on the same
    day are dropped).

    Parameters
    ----------
    directed
        ``False``: one row per pair with ``ccode1 < ccode2``; ``True``: both orders.
    years
        First and last year (inclusive), within 1816-2024 (COW State System 2024) or 1816-2017
        (Gleditsch-Ward).
    system
        ``"cow"`` (COW State System 2024, the pipeline's default version; codes ``ccode1``,
        ``ccode2``) or ``"gw"``
        (Gleditsch-Ward 2017 list of independent states; codes ``gwcode1``, ``gwcode2``).

    Returns
    -------
    DataFrame
        The codes and ``year`` (int64), sorted by the codes and year.

    Examples
    --------
    >>> import alliancewar as aw
    >>> dy = aw.create_dyadyears(years=(1816, 1816))
    >>> len(dy), list(dy.columns)
    (253, ['ccode1', 'ccode2', 'year'])
    """
    start, end = _years(years, system)
    dy = dyads.create_dyadyears(_system_spells(system), start_year=start, end_year=end, directed=directed)
    if system == "gw":
        dy = dy.rename(columns={"ccode1": "gwcode1", "ccode2": "gwcode2"})
    return _created(dy, system, "dyad", start, end, directed)


def create_stateyears(*, years: tuple[int, int] = (1816, 2016), system: str = "cow") -> pd.DataFrame:
    """State-years of system members, with the year's system size ``n_states``.

    Parameters
    ----------
    years
        First and last year (inclusive), as in :func:`create_dyadyears`.
    system
        ``"cow"`` (``ccode``) or ``"gw"`` (``gwcode``).

    Returns
    -------
    DataFrame
        ``ccode`` (or ``gwcode``), ``year``, ``n_states``, sorted.

    Examples
    --------
    >>> import alliancewar as aw
    >>> sy = aw.create_stateyears(years=(2016, 2016))
    >>> len(sy), int(sy["n_states"].iloc[0])
    (195, 195)
    """
    start, end = _years(years, system)
    sy = states.create_stateyears(_system_spells(system), start_year=start, end_year=end)
    if system == "gw":
        sy = sy.rename(columns={"ccode": "gwcode"})
    return _created(sy, system, "state", start, end, False)

"""Citations of a frame built with the public API: the BibTeX of its sources and methods."""

from __future__ import annotations

import pandas as pd

from ..outputs.citations import collect_bibtex
from ..outputs.citing import bibtex_entries
from . import data
from .frames import meta

#: Methods behind API verbs not in :data:`alliancewar.outputs.citations.METHOD_BIBTEX`.
TOOLKIT_METHOD_BIBTEX: dict[str, str] = {
    "signorino1999": """@article{signorino1999,
  author = {Signorino, Curtis S. and Ritter, Jeffrey M.},
  title = {Tau-b or Not Tau-b: Measuring the Similarity of Foreign Policy Positions},
  journal = {International Studies Quarterly},
  volume = {43},
  number = {1},
  pages = {115--144},
  year = {1999},
  doi = {10.1111/0020-8833.00113}
}""",
    "bdm1975": """@article{bdm1975,
  author = {Bueno de Mesquita, Bruce},
  title = {Measuring Systemic Polarity},
  journal = {Journal of Conflict Resolution},
  volume = {19},
  number = {2},
  pages = {187--216},
  year = {1975},
  doi = {10.1177/002200277501900201}
}""",
    "hage2011": """@article{hage2011,
  author = {H{\\"a}ge, Frank M.},
  title = {Choice or Circumstance? {Adjusting} Measures of Foreign Policy Similarity for Chance Agreement},
  journal = {Political Analysis},
  volume = {19},
  number = {3},
  pages = {287--305},
  year = {2011},
  doi = {10.1093/pan/mpr023}
}""",
}


def cite(df: pd.DataFrame) -> str:
    """BibTeX of everything ``df`` was built from: its data sources and the methods of its variables.

    Parameters
    ----------
    df
        A frame made by :func:`alliancewar.create_dyadyears` or :func:`alliancewar.create_stateyears`
        and the ``add_*`` verbs (they record what they used in ``df.attrs["alliancewar"]``).

    Returns
    -------
    str
        The BibTeX entries, sorted by key, each once ("" for a frame with no record).

    Examples
    --------
    >>> import pandas as pd
    >>> import alliancewar as aw
    >>> df = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1950]})
    >>> df.attrs["alliancewar"] = {"sources": ["atop_v5.1"], "methods": ["lemke2001"]}
    >>> print(aw.cite(df).splitlines()[0])
    @article{leeds2002atop,
    """
    m = meta(df)
    reg = data.registry()
    entries = bibtex_entries(reg) | TOOLKIT_METHOD_BIBTEX
    keys = [reg[s].bibtex_key for s in m["sources"] if s in reg] + m["methods"]
    return collect_bibtex(entries, keys)

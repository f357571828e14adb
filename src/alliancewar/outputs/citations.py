"""BibTeX entries of the methods the pipeline uses, and the collection of the entries cited.

Keys are lower-case ``authoryear`` (first author only). Fit records list the keys of the
methods they used in their ``methods`` field; data sources carry their own BibTeX in
``config/sources.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

METHOD_BIBTEX: dict[str, str] = {
    "bremer1992": """@article{bremer1992,
  author = {Bremer, Stuart A.},
  title = {Dangerous Dyads: Conditions Affecting the Likelihood of Interstate War, 1816--1965},
  journal = {Journal of Conflict Resolution},
  volume = {36},
  number = {2},
  pages = {309--341},
  year = {1992},
  doi = {10.1177/0022002792036002005}
}""",
    "carter2010": """@article{carter2010,
  author = {Carter, David B. and Signorino, Curtis S.},
  title = {Back to the Future: Modeling Time Dependence in Binary Data},
  journal = {Political Analysis},
  volume = {18},
  number = {3},
  pages = {271--292},
  year = {2010},
  doi = {10.1093/pan/mpq013}
}""",
    "beck1998": """@article{beck1998,
  author = {Beck, Nathaniel and Katz, Jonathan N. and Tucker, Richard},
  title = {Taking Time Seriously: Time-Series-Cross-Section Analysis with a Binary Dependent Variable},
  journal = {American Journal of Political Science},
  volume = {42},
  number = {4},
  pages = {1260--1288},
  year = {1998},
  doi = {10.2307/2991857}
}""",
    "firth1993": """@article{firth1993,
  author = {Firth, David},
  title = {Bias Reduction of Maximum Likelihood Estimates},
  journal = {Biometrika},
  volume = {80},
  number = {1},
  pages = {27--38},
  year = {1993},
  doi = {10.1093/biomet/80.1.27}
}""",
    "king2001": """@article{king2001,
  author = {King, Gary and Zeng, Langche},
  title = {Logistic Regression in Rare Events Data},
  journal = {Political Analysis},
  volume = {9},
  number = {2},
  pages = {137--163},
  year = {2001},
  doi = {10.1093/oxfordjournals.pan.a004868}
}""",
    "lemke2001": """@article{lemke2001,
  author = {Lemke, Douglas and Reed, William},
  title = {The Relevance of Politically Relevant Dyads},
  journal = {Journal of Conflict Resolution},
  volume = {45},
  number = {1},
  pages = {126--144},
  year = {2001},
  doi = {10.1177/0022002701045001006}
}""",
    "singer1968": """@incollection{singer1968,
  author = {Singer, J. David and Small, Melvin},
  title = {Alliance Aggregation and the Onset of War, 1815--1945},
  booktitle = {Quantitative International Politics: Insights and Evidence},
  editor = {Singer, J. David},
  publisher = {Free Press},
  address = {New York},
  pages = {247--286},
  year = {1968}
}""",
    "aronow2015": """@article{aronow2015,
  author = {Aronow, Peter M. and Samii, Cyrus and Assenova, Valentina A.},
  title = {Cluster-Robust Variance Estimation for Dyadic Data},
  journal = {Political Analysis},
  volume = {23},
  number = {4},
  pages = {564--577},
  year = {2015},
  doi = {10.1093/pan/mpv018}
}""",
    "cameron2011": """@article{cameron2011,
  author = {Cameron, A. Colin and Gelbach, Jonah B. and Miller, Douglas L.},
  title = {Robust Inference With Multiway Clustering},
  journal = {Journal of Business \\& Economic Statistics},
  volume = {29},
  number = {2},
  pages = {238--249},
  year = {2011},
  doi = {10.1198/jbes.2010.07136}
}""",
    "newey1987": """@article{newey1987,
  author = {Newey, Whitney K. and West, Kenneth D.},
  title = {A Simple, Positive Semi-Definite, Heteroskedasticity and Autocorrelation Consistent Covariance Matrix},
  journal = {Econometrica},
  volume = {55},
  number = {3},
  pages = {703--708},
  year = {1987},
  doi = {10.2307/1913610}
}""",
    "kunsch1989": """@article{kunsch1989,
  author = {K{\\"u}nsch, Hans R.},
  title = {The Jackknife and the Bootstrap for General Stationary Observations},
  journal = {The Annals of Statistics},
  volume = {17},
  number = {3},
  pages = {1217--1241},
  year = {1989},
  doi = {10.1214/aos/1176347265}
}""",
    "hanmer2013": """@article{hanmer2013,
  author = {Hanmer, Michael J. and Kalkan, Kerem Ozan},
  title = {Behind the Curve: Clarifying the Best Approach to Calculating Predicted Probabilities and Marginal Effects from Limited Dependent Variable Models},
  journal = {American Journal of Political Science},
  volume = {57},
  number = {1},
  pages = {263--277},
  year = {2013},
  doi = {10.1111/j.1540-5907.2012.00602.x}
}""",
    "king2000": """@article{king2000,
  author = {King, Gary and Tomz, Michael and Wittenberg, Jason},
  title = {Making the Most of Statistical Analyses: Improving Interpretation and Presentation},
  journal = {American Journal of Political Science},
  volume = {44},
  number = {2},
  pages = {347--361},
  year = {2000},
  doi = {10.2307/2669316}
}""",
    "blondel2008": """@article{blondel2008,
  author = {Blondel, Vincent D. and Guillaume, Jean-Loup and Lambiotte, Renaud and Lefebvre, Etienne},
  title = {Fast Unfolding of Communities in Large Networks},
  journal = {Journal of Statistical Mechanics: Theory and Experiment},
  volume = {2008},
  number = {10},
  pages = {P10008},
  year = {2008},
  doi = {10.1088/1742-5468/2008/10/P10008}
}""",
    "green2001": """@article{green2001,
  author = {Green, Donald P. and Kim, Soo Yeon and Yoon, David H.},
  title = {Dirty Pool},
  journal = {International Organization},
  volume = {55},
  number = {2},
  pages = {441--468},
  year = {2001},
  doi = {10.1162/00208180151140630}
}""",
    "leeds2003": """@article{leeds2003,
  author = {Leeds, Brett Ashley},
  title = {Do Alliances Deter Aggression? The Influence of Military Alliances on the Initiation of Militarized Interstate Disputes},
  journal = {American Journal of Political Science},
  volume = {47},
  number = {3},
  pages = {427--439},
  year = {2003},
  doi = {10.1111/1540-5907.00031}
}""",
    "miller2022": """@article{miller2022,
  author = {Miller, Steven V.},
  title = {{peacesciencer}: An {R} Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39},
  number = {6},
  pages = {755--779},
  year = {2022},
  doi = {10.1177/07388942221077926}
}""",
    "wayman1984": """@article{wayman1984,
  author = {Wayman, Frank Whelon},
  title = {Bipolarity and War: The Role of Capability Concentration and Alliance Patterns among Major Powers, 1816--1965},
  journal = {Journal of Peace Research},
  volume = {21},
  number = {1},
  pages = {61--78},
  year = {1984},
  doi = {10.1177/002234338402100105}
}""",
    "newman2004": """@article{newman2004,
  author = {Newman, M. E. J. and Girvan, M.},
  title = {Finding and Evaluating Community Structure in Networks},
  journal = {Physical Review E},
  volume = {69},
  number = {2},
  pages = {026113},
  year = {2004},
  doi = {10.1103/PhysRevE.69.026113}
}""",
    "pyper1998": """@article{pyper1998,
  author = {Pyper, Brian J. and Peterman, Randall M.},
  title = {Comparison of Methods to Account for Autocorrelation in Correlation Analyses of Fish Data},
  journal = {Canadian Journal of Fisheries and Aquatic Sciences},
  volume = {55},
  number = {9},
  pages = {2127--2140},
  year = {1998},
  doi = {10.1139/f98-104}
}""",
    "bartlett1946": """@article{bartlett1946,
  author = {Bartlett, M. S.},
  title = {On the Theoretical Specification and Sampling Properties of Autocorrelated Time-Series},
  journal = {Supplement to the Journal of the Royal Statistical Society},
  volume = {8},
  number = {1},
  pages = {27--41},
  year = {1946},
  doi = {10.2307/2983611}
}""",
    "chelton1983": """@article{chelton1983,
  author = {Chelton, Dudley B.},
  title = {Effects of Sampling Errors in Statistical Estimation},
  journal = {Deep Sea Research Part A. Oceanographic Research Papers},
  volume = {30},
  number = {10},
  pages = {1083--1103},
  year = {1983},
  doi = {10.1016/0198-0149(83)90062-6}
}""",
    "politis1994": """@article{politis1994,
  author = {Politis, Dimitris N. and Romano, Joseph P.},
  title = {The Stationary Bootstrap},
  journal = {Journal of the American Statistical Association},
  volume = {89},
  number = {428},
  pages = {1303--1313},
  year = {1994},
  doi = {10.1080/01621459.1994.10476870}
}""",
    "politis2004": """@article{politis2004,
  author = {Politis, Dimitris N. and White, Halbert},
  title = {Automatic Block-Length Selection for the Dependent Bootstrap},
  journal = {Econometric Reviews},
  volume = {23},
  number = {1},
  pages = {53--70},
  year = {2004},
  doi = {10.1081/ETC-120028836}
}""",
    "patton2009": """@article{patton2009,
  author = {Patton, Andrew and Politis, Dimitris N. and White, Halbert},
  title = {Correction to ``Automatic Block-Length Selection for the Dependent Bootstrap'' by D. Politis and H. White},
  journal = {Econometric Reviews},
  volume = {28},
  number = {4},
  pages = {372--375},
  year = {2009},
  doi = {10.1080/07474930802459016}
}""",
    "schuirmann1987": """@article{schuirmann1987,
  author = {Schuirmann, Donald J.},
  title = {A Comparison of the Two One-Sided Tests Procedure and the Power Approach for Assessing the Equivalence of Average Bioavailability},
  journal = {Journal of Pharmacokinetics and Biopharmaceutics},
  volume = {15},
  number = {6},
  pages = {657--680},
  year = {1987},
  doi = {10.1007/BF01068419}
}""",
    "lakens2017": """@article{lakens2017,
  author = {Lakens, Dani{\"e}l},
  title = {Equivalence Tests: A Practical Primer for t Tests, Correlations, and Meta-Analyses},
  journal = {Social Psychological and Personality Science},
  volume = {8},
  number = {4},
  pages = {355--362},
  year = {2017},
  doi = {10.1177/1948550617697177}
}""",
    "holm1979": """@article{holm1979,
  author = {Holm, Sture},
  title = {A Simple Sequentially Rejective Multiple Test Procedure},
  journal = {Scandinavian Journal of Statistics},
  volume = {6},
  number = {2},
  pages = {65--70},
  year = {1979},
  url = {https://www.jstor.org/stable/4615733}
}""",
    "benjamini1995": """@article{benjamini1995,
  author = {Benjamini, Yoav and Hochberg, Yosef},
  title = {Controlling the False Discovery Rate: A Practical and Powerful Approach to Multiple Testing},
  journal = {Journal of the Royal Statistical Society: Series B (Methodological)},
  volume = {57},
  number = {1},
  pages = {289--300},
  year = {1995},
  doi = {10.1111/j.2517-6161.1995.tb02031.x}
}""",
    "newey1994": """@article{newey1994,
  author = {Newey, Whitney K. and West, Kenneth D.},
  title = {Automatic Lag Selection in Covariance Matrix Estimation},
  journal = {The Review of Economic Studies},
  volume = {61},
  number = {4},
  pages = {631--653},
  year = {1994},
  doi = {10.2307/2297912}
}""",
    "hedges1985": """@book{hedges1985,
  author = {Hedges, Larry V. and Olkin, Ingram},
  title = {Statistical Methods for Meta-Analysis},
  publisher = {Academic Press},
  address = {Orlando},
  year = {1985},
  doi = {10.1016/C2009-0-03396-0}
}""",
}
"""BibTeX of the methods, by key (Bremer 1992 stands for the dyadic logit tradition)."""

_KEY_RE = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,")


def entry_key(bibtex: str) -> str:
    """Return the citation key written inside a BibTeX entry.

    Raises
    ------
    ValueError
        When the text does not start with ``@type{key,``.
    """
    match = _KEY_RE.match(bibtex)
    if not match:
        raise ValueError(f"not a BibTeX entry: {bibtex[:60]!r}")
    return match.group(1)


def collect_bibtex(entries: Mapping[str, str], used: Iterable[str]) -> str:
    """Return the BibTeX entries of the used keys, sorted by key, each once.

    Parameters
    ----------
    entries
        Key -> BibTeX entry (e.g. :data:`METHOD_BIBTEX` merged with the sources' entries).
    used
        Keys cited (duplicates allowed), e.g. every fit's ``methods`` and ``sources`` keys.

    Returns
    -------
    str
        The entries separated by blank lines, ending with a newline ("" when none is used).

    Raises
    ------
    KeyError
        When a used key has no entry (the message lists all missing keys).
    ValueError
        When an entry's inner key differs from its dictionary key.
    """
    keys = sorted(set(used))
    missing = [k for k in keys if k not in entries]
    if missing:
        raise KeyError(f"no BibTeX entry for {missing}; known keys: {sorted(entries)}")
    for key in keys:
        if entry_key(entries[key]) != key:
            raise ValueError(f"BibTeX entry stored under '{key}' has key '{entry_key(entries[key])}'")
    return "".join(entries[k].strip() + "\n\n" for k in keys).rstrip("\n") + ("\n" if keys else "")

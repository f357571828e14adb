"""BibTeX entries the replication suite cites beyond the methods and sources the project already knows.

Merged under :data:`alliancewar.outputs.citations.METHOD_BIBTEX` and the source registry's entries
when ``CITATIONS.bib`` is written (those win on a shared key).
"""

from __future__ import annotations

REPLICATION_BIBTEX: dict[str, str] = {
    "gelman2008": """@article{gelman2008,
  author = {Gelman, Andrew},
  title = {Scaling Regression Inputs by Dividing by Two Standard Deviations},
  journal = {Statistics in Medicine},
  volume = {27},
  number = {15},
  pages = {2865--2873},
  year = {2008}
}""",
    "johnson2011": """@article{johnson2011,
  author = {Johnson, Jesse C. and Leeds, Brett Ashley},
  title = {Defense Pacts: A Prescription for Peace?},
  journal = {Foreign Policy Analysis},
  volume = {7},
  number = {1},
  pages = {45--65},
  year = {2011}
}""",
    "kenwick2015": """@article{kenwick2015,
  author = {Kenwick, Michael R. and Vasquez, John A. and Powers, Matthew A.},
  title = {Do Alliances Really Deter?},
  journal = {Journal of Politics},
  volume = {77},
  number = {4},
  pages = {943--954},
  year = {2015}
}""",
    "leeds2017": """@article{leeds2017,
  author = {Leeds, Brett Ashley and Johnson, Jesse C.},
  title = {Theory, Data, and Deterrence: A Response to {Kenwick}, {Vasquez}, and {Powers}},
  journal = {Journal of Politics},
  volume = {79},
  number = {1},
  pages = {335--340},
  year = {2017}
}""",
    "hausman1984": """@article{hausman1984,
  author = {Hausman, Jerry and Hall, Bronwyn H. and Griliches, Zvi},
  title = {Econometric Models for Count Data with an Application to the Patents-{R\\&D} Relationship},
  journal = {Econometrica},
  volume = {52},
  number = {4},
  pages = {909--938},
  year = {1984}
}""",
}

"""Composite indices, pure and public (no Django): what an index is made of, how it is
computed, what moved it, and how firm each rank is.

    from mittaristo.indices import compute
    result = compute(definition, values)   # values[unit][indicator] of one year
    result.scores["hyvinvointi-indeksi"]["KU111"], result.ranks[...]["KU111"]

The methods are named as the OECD/JRC Handbook on Constructing Composite Indicators (2008) and
COINr name them (docs/indices.md): `definition.py` reads the definition, `treat.py` the outlier
treatment, `normalise.py` the normalisations, `compute.py` the aggregation and ranks,
`sensitivity.py` the Monte Carlo analysis of how firm a rank is.
"""

from .compute import IndexResult, carry_forward, compute, compute_years, movers
from .definition import Definition, IndexDefinitionError, check
from .sensitivity import Sensitivity, sensitivity

__all__ = [
    "Definition",
    "IndexDefinitionError",
    "IndexResult",
    "Sensitivity",
    "carry_forward",
    "check",
    "compute",
    "compute_years",
    "movers",
    "sensitivity",
]

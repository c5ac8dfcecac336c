"""Obligation flag columns (ATOP, COW): one tie per row and obligation, and the rows left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from alliance_atlas.io.errors import LoadError


class ObligationTies(NamedTuple):
    """The ties a table's rows flag, and the warnings for the rows that give none."""

    rows: np.ndarray  #: table row position of each tie
    types: np.ndarray  #: tie type of each tie
    warnings: tuple[str, ...]


def obligation_ties(
    numbers: Mapping[str, np.ndarray], states: tuple[str, str], obligations: Mapping[str, str], name: str
) -> ObligationTies:
    """One tie per row and obligation flagged (> 0) in it, leaving out rows that pair a state with itself.

    ``numbers`` holds the table's columns as float arrays, ``states`` names the two state-code columns
    and ``obligations`` maps each flag column to the tie type it becomes. A row dropped for flagging
    nothing is counted once, under that reason, even if it also pairs a state with itself. A table
    that flags no obligation between two states is a LoadError naming the file ``name``.

    >>> numbers = {"a": np.array([2.0, 2.0, 20.0, 20.0]), "b": np.array([20.0, 2.0, 200.0, 20.0]),
    ...            "defense": np.array([1.0, 1.0, 0.0, 0.0]), "entente": np.array([1.0, 0.0, 0.0, 0.0])}
    >>> ties = obligation_ties(numbers, ("a", "b"), {"defense": "defense", "entente": "entente"}, "f.csv")
    >>> ties.rows.tolist(), ties.types.tolist()
    ([0, 0], ['defense', 'entente'])
    >>> ties.warnings
    ('2 row(s) with no obligation dropped', '1 row(s) pairing a state with itself dropped')
    """
    flags = np.column_stack([numbers[column] for column in obligations]) > 0
    flagged = flags.any(axis=1)
    same_state = numbers[states[0]] == numbers[states[1]]
    warnings = []
    if (unflagged := int((~flagged).sum())):
        warnings.append(f"{unflagged} row(s) with no obligation dropped")
    if (loops := int((flagged & same_state).sum())):
        warnings.append(f"{loops} row(s) pairing a state with itself dropped")
    rows, obligation = np.nonzero(flags & ~same_state[:, None])
    if not len(rows):
        raise LoadError(f"{name}: no row flags an obligation ({', '.join(obligations)}) between two states, "
                        "so there is no alliance to show")
    return ObligationTies(rows, np.array(list(obligations.values()))[obligation], tuple(warnings))

"""The ties of a dyad table's rows: one per row and obligation flag (ATOP, COW), or one per row of a
given type (a panel without flags), and the rows left out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from alliance_atlas.io.errors import LoadError


class RowTies(NamedTuple):
    """The ties of a table's rows, and the warnings for the rows left out."""

    rows: np.ndarray  #: table row position of each tie
    types: np.ndarray  #: tie type of each tie
    warnings: tuple[str, ...]

    def without(self, dropped: np.ndarray) -> RowTies:
        """These ties less those of the rows ``dropped`` marks (a boolean per table row).

        >>> RowTies(np.array([0, 0, 1]), np.array(["a", "b", "a"]), ()).without(np.array([True, False])).rows.tolist()
        [1]
        """
        kept = ~dropped[self.rows]
        return RowTies(self.rows[kept], self.types[kept], self.warnings)


def obligation_ties(
    numbers: Mapping[str, np.ndarray], same_state: np.ndarray, obligations: Mapping[str, str], name: str
) -> RowTies:
    """One tie per row and obligation flagged (> 0) in it, leaving out rows that pair a state with itself.

    ``numbers`` holds the table's flag columns as float arrays (NaN, a blank flag, is not flagged),
    ``same_state`` marks the rows that pair a state with itself, and ``obligations`` maps each flag
    column to the tie type it becomes. A row dropped for flagging nothing is counted once, under that
    reason, even if it also pairs a state with itself. A table that flags no obligation between two
    states is a LoadError naming the file ``name``.

    >>> numbers = {"defense": np.array([1.0, 1.0, 0.0, 0.0]), "entente": np.array([1.0, 0.0, 0.0, np.nan])}
    >>> same_state = np.array([False, True, False, True])
    >>> ties = obligation_ties(numbers, same_state, {"defense": "defense", "entente": "entente"}, "f.csv")
    >>> ties.rows.tolist(), ties.types.tolist()
    ([0, 0], ['defense', 'entente'])
    >>> ties.warnings
    ('2 row(s) with no obligation dropped', '1 row(s) pairing a state with itself dropped')
    """
    flags = np.column_stack([numbers[column] for column in obligations]) > 0
    flagged = flags.any(axis=1)
    warnings = []
    if (unflagged := int((~flagged).sum())):
        warnings.append(f"{unflagged} row(s) with no obligation dropped")
    if (loops := int((flagged & same_state).sum())):
        warnings.append(f"{loops} row(s) pairing a state with itself dropped")
    rows, obligation = np.nonzero(flags & ~same_state[:, None])
    if not len(rows):
        raise LoadError(f"{name}: no row flags an obligation ({', '.join(obligations)}) between two states, "
                        "so there is no alliance to show")
    return RowTies(rows, np.array(list(obligations.values()))[obligation], tuple(warnings))


def typed_ties(same_state: np.ndarray, kind: str, name: str) -> RowTies:
    """One tie of type ``kind`` per row, for a table without obligation flags (every row is a tie).

    >>> typed_ties(np.array([False, True]), "dispute", "f.csv")
    RowTies(rows=array([0]), types=array(['dispute'], dtype='<U7'), warnings=('1 row(s) pairing a state with itself dropped',))
    """
    rows = np.flatnonzero(~same_state)
    if not len(rows):
        raise LoadError(f"{name}: every row pairs a state with itself, so there is no tie to show")
    loops = int(same_state.sum())
    return RowTies(rows, np.full(len(rows), kind), (f"{loops} row(s) pairing a state with itself dropped",) if loops else ())

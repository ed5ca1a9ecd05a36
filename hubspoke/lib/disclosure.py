"""Statistical disclosure control for monitoring returns.

Every figure that leaves a service is a count of young people, and a small count can point
at a child. So before a table is shown, exported or sent on, the server applies one rule,
in the style NHS Digital uses for its published statistics:

1. **Small counts are hidden.** A count from 1 to 7 is shown as "c" (for "confidential").
   A zero is shown as 0: it says that nobody is counted, which points at no one.
2. **Every other count is rounded** to the nearest 5. A count exactly half way between two
   multiples is rounded up (with a base of 10, a count of 15 is shown as 20). Rounding
   means a published figure never gives an exact number that could be matched against
   another source.
3. **Totals come from the exact counts**, and are then hidden or rounded by the same rule.
   They are never the sum of the rounded figures, so a total is as close to the truth as
   it can be. (Three categories of 3 each show as "c", "c", "c" with a total of 10.)
4. **A hidden count must not be worked out by subtraction.** If a row or column of a table
   has only one hidden figure, the rest of the row and its total would give it away, so a
   second figure in that row or column is hidden too: the smallest non-zero count in it,
   or, when every other count in it is zero, its total. Hiding that figure can expose
   another row or column in the same way, so the check repeats until every row and column
   has no hidden figure or at least two. Zeros are never hidden this way: everyone can
   see that an empty category is empty, so hiding it protects nothing.
5. **Nor by combining rows and columns.** Even when every row and column has two hidden
   figures, adding up some rows and taking away some columns can still leave one hidden
   figure on its own. When that happens, the fewest further figures (and, among equal
   choices, the smallest) are hidden so that it can no longer be isolated.
6. **Percentages are worked out from the figures as published** (rounded, never exact), so
   they cannot reveal an exact count, and are shown as "c" when the count they are a
   percentage of is below 8, or when the count on top is hidden.
7. **Averages** (such as mean days to a decision) are shown as "c" when fewer than 8 young
   people are behind them.

The thresholds (7, 5, 8 and 8) are the defaults of `Rule` and can be set per return.

Tables where one young person can be counted in several rows (for example, the kinds of
exploitation identified) have no meaningful totals; only rules 1 and 2 apply to them.

This module is pure Python: it takes exact numbers and returns what may be shown. Where
the numbers come from, and where the result goes, is for the callers.
"""

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "c"

Shown = int | str
# A place in the table extended by its totals: (row, column), where row == number of rows
# is the row of column totals and column == number of columns is the column of row totals.
Position = tuple[int, int]

_GROUND = -1  # stands for every row or column whose total is not published (see _Grid)


@dataclass(frozen=True)
class Rule:
    """The thresholds of the disclosure rule; the defaults are the NHS Digital ones.

    A pair of suppress_max and round_to where the smallest count shown would round into the
    hidden range (or to 0) is refused: with suppress_max 5 and round_to 5, a shown 5 could
    only be a 6 or a 7.
    """

    suppress_max: int = 7  # counts 1..suppress_max are shown as "c"; 0 stays 0
    round_to: int = 5  # every other count and every total is rounded to a multiple of this
    percent_min_denominator: int = 8  # percentages of fewer than this many are shown as "c"
    measure_min_n: int = 8  # averages over fewer than this many are shown as "c"

    def __post_init__(self):
        for name in ("suppress_max", "round_to", "percent_min_denominator", "measure_min_n"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
            if value < 0:
                raise ValueError(f"{name} cannot be negative (it is {value})")
        if self.round_to < 1:
            raise ValueError("round_to must be at least 1 (1 means no rounding)")
        # The smallest count that is shown must round to more than suppress_max: a shown 0
        # must mean "nobody" (the rest of this module relies on zeros being exact and hidden
        # figures being at least 1), and a shown 5 when 1 to 5 are hidden would say "6 or 7".
        smallest_shown = _round(self.suppress_max + 1, self.round_to)
        if smallest_shown <= self.suppress_max:
            raise ValueError(
                f"round_to={self.round_to} would show a count of {self.suppress_max + 1} as {smallest_shown}, "
                f"which suppress_max={self.suppress_max} says must be hidden; choose another pair"
            )


@dataclass(frozen=True)
class ControlledTable:
    """A table as it may be shown: the same shape as the exact one, with totals if asked for.

    `primary` holds the positions hidden because their own count is small; `secondary` those
    hidden only so that a primary one cannot be worked out. Positions are (row, column) in
    the table extended by its totals: row index len(cells) is the row of column totals and
    column index len(cells[0]) the column of row totals, so the grand total is at
    (len(cells), len(cells[0])).
    """

    cells: list[list[Shown]]
    row_totals: list[Shown] | None
    col_totals: list[Shown] | None
    grand_total: Shown | None
    primary: frozenset[Position] = frozenset()
    secondary: frozenset[Position] = frozenset()


def control_count(n: int, rule: Rule) -> Shown:
    """One count as it may be shown: 0, "c", or rounded to the rule's base."""
    _check_count(n)
    if n == 0:
        return 0
    if n <= rule.suppress_max:
        return SUPPRESSED
    return _round(n, rule.round_to)


def control_table(
    cells: list[list[int]], rule: Rule, *, row_totals: bool = True, col_totals: bool = True
) -> ControlledTable:
    """A table of exact counts as it may be shown, with the totals asked for.

    A list of categories with one count each is a one-column table with
    `row_totals=False`. A table where one young person can count in several rows has no true
    totals: pass `row_totals=False, col_totals=False` and only small counts are hidden. The
    grand total is shown only when both row and column totals are.
    """
    grid = _Grid(cells, row_totals=row_totals, col_totals=col_totals)
    primary = {p for p in grid.published if 1 <= grid.exact[p] <= rule.suppress_max}
    hidden = set(primary)
    # Termination: the hidden set only grows and is a subset of the finite set of published
    # figures. _protect_lines adds a new figure each time it changes anything, and a pass
    # that finds an isolated figure hides at least one more (if the path found were all
    # hidden already, the figure would sit on a hidden cycle and not be isolated). So there
    # are at most as many passes as figures.
    while True:
        _protect_lines(grid, hidden)
        exposed = _first_isolated(grid, hidden)
        if exposed is None:
            break
        hidden.update(_cheapest_cover(grid, hidden, exposed))

    def shown(p: Position) -> Shown:
        return SUPPRESSED if p in hidden else _round(grid.exact[p], rule.round_to)

    n_rows, n_cols = grid.n_rows, grid.n_cols
    return ControlledTable(
        cells=[[shown((i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown((i, n_cols)) for i in range(n_rows)] if row_totals else None,
        col_totals=[shown((n_rows, j)) for j in range(n_cols)] if col_totals else None,
        grand_total=shown((n_rows, n_cols)) if row_totals and col_totals else None,
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
    )


def control_mean(total: float, n: int, rule: Rule, *, places: int = 1) -> float | str | None:
    """The mean of `n` values adding up to `total`, as it may be shown.

    None when n is 0: there is no mean to show (templates show a dash), which is different
    from a mean that exists but is hidden ("c"). Halves round up, as counts do.
    """
    _check_count(n)
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise ValueError(f"places must be a whole number, 0 or more, not {places!r}")
    if n == 0:
        return None
    if n < rule.measure_min_n:
        return SUPPRESSED
    mean = Decimal(str(total)) / Decimal(n)
    return float(mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(numerator_shown: Shown, denominator_shown: Shown, denominator_exact: int, rule: Rule) -> Shown | None:
    """A whole-number percentage worked out from the published figures, as it may be shown.

    The shown (rounded) figures are used, never the exact ones, so that the percentage
    cannot be turned back into an exact count. The exact denominator decides only whether
    there are enough young people for a percentage to be shown at all. None when the
    denominator is 0: there is no percentage. Halves round up.
    """
    _check_count(denominator_exact)
    if denominator_exact == 0:
        return None
    if denominator_exact < rule.percent_min_denominator:
        return SUPPRESSED
    if SUPPRESSED in (numerator_shown, denominator_shown):
        return SUPPRESSED
    _check_count(numerator_shown)
    _check_count(denominator_shown)
    if denominator_shown == 0:
        raise ValueError("a denominator of more than 0 cannot be shown as 0; pass the controlled figure")
    return (200 * numerator_shown + denominator_shown) // (2 * denominator_shown)


def _check_count(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"a count must be a whole number, 0 or more, not {n!r}")


def _round(n: int, base: int) -> int:
    """Round to the nearest multiple of `base`, halves up (counts are never negative)."""
    whole, rest = divmod(n, base)
    return (whole + (2 * rest >= base)) * base


class _Grid:
    """The exact table with its totals, which figures are published, and how they add up.

    A "line" is a published total with the published figures it adds up: each row with its
    row total, each column with its column total, and, when the grand total is published,
    the row of column totals and the column of row totals with the grand total.

    To find figures that can be worked out, each figure is seen as an edge between the two
    lines it belongs to: its row and its column (a total is in its own line and in the line
    of totals). A row or column whose total is not published says nothing, so all of them
    are one vertex, _GROUND. A hidden figure can be worked out from the published ones
    exactly when its edge is a bridge among the hidden edges (no cycle of hidden figures
    runs through it): a cycle lets one add 1 and take 1 alternately around it without
    changing any line's total, and for a bridge, adding up the lines on one side of it
    leaves that figure alone.
    """

    def __init__(self, cells: list[list[int]], *, row_totals: bool, col_totals: bool):
        if not cells or not cells[0] or any(len(row) != len(cells[0]) for row in cells):
            raise ValueError("a table needs at least one row and one column, and rows of equal length")
        for row in cells:
            for n in row:
                _check_count(n)
        self.n_rows, self.n_cols = n_rows, n_cols = len(cells), len(cells[0])
        self.exact: dict[Position, int] = {}
        for i, row in enumerate(cells):
            for j, n in enumerate(row):
                self.exact[(i, j)] = n
            self.exact[(i, n_cols)] = sum(row)
        for j in range(n_cols):
            self.exact[(n_rows, j)] = sum(row[j] for row in cells)
        self.exact[(n_rows, n_cols)] = sum(self.exact[(i, n_cols)] for i in range(n_rows))

        grand = row_totals and col_totals
        self.published: list[Position] = [(i, j) for i in range(n_rows) for j in range(n_cols)]
        self.published += [(i, n_cols) for i in range(n_rows)] if row_totals else []
        self.published += [(n_rows, j) for j in range(n_cols)] if col_totals else []
        self.published += [(n_rows, n_cols)] if grand else []
        self.published.sort()

        # Vertex numbers: row i is i, column j is n_rows + 1 + j, unpublished lines are _GROUND.
        row_vertex = [i if (row_totals if i < n_rows else grand) else _GROUND for i in range(n_rows + 1)]
        col_vertex = [n_rows + 1 + j if (col_totals if j < n_cols else grand) else _GROUND for j in range(n_cols + 1)]
        self.ends: dict[Position, tuple[int, int]] = {(i, j): (row_vertex[i], col_vertex[j]) for i, j in self.published}

        # Each line as (the figures it adds up, its total), rows first, then columns.
        self.lines: list[tuple[list[Position], Position]] = []
        for i in range(n_rows + 1):
            if row_vertex[i] != _GROUND:
                self.lines.append(([(i, j) for j in range(n_cols)], (i, n_cols)))
        for j in range(n_cols + 1):
            if col_vertex[j] != _GROUND:
                self.lines.append(([(i, j) for i in range(n_rows)], (n_rows, j)))


def _protect_lines(grid: _Grid, hidden: set[Position]) -> None:
    """Hide a second figure in every line that has exactly one hidden figure.

    The second figure is the smallest non-zero shown figure in the line (lowest position on
    a tie), or the line's total when every shown figure in it is zero. Repeats until no line
    has exactly one hidden figure; each round hides a new figure, so it ends. (If the lone
    hidden figure is the total, it is at least 1, so some figure in the line is non-zero and
    shown, and the pick is always new.)
    """
    changed = True
    while changed:
        changed = False
        for members, total in grid.lines:
            if sum(p in hidden for p in (*members, total)) != 1:
                continue
            candidates = [p for p in members if p not in hidden and grid.exact[p] > 0]
            hidden.add(min(candidates, key=lambda p: (grid.exact[p], p)) if candidates else total)
            changed = True


def _first_isolated(grid: _Grid, hidden: set[Position]) -> Position | None:
    """The first hidden figure that the published ones pin down, if any (a bridge, see _Grid)."""
    for p in sorted(hidden):
        a, b = grid.ends[p]
        if a != b and not _joined(grid, (q for q in hidden if q != p), a, b):
            return p
    return None


def _joined(grid: _Grid, edges: Iterable[Position], start: int, goal: int) -> bool:
    neighbours: dict[int, list[int]] = {}
    for p in edges:
        a, b = grid.ends[p]
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return goal in seen


def _cheapest_cover(grid: _Grid, hidden: set[Position], exposed: Position) -> list[Position]:
    """The shown figures to hide so that a cycle of hidden figures runs through `exposed`.

    A shortest path between the two ends of `exposed`, where passing over a hidden figure is
    free and over a shown non-zero one costs one more hidden figure (then its size, to
    prefer small figures). Zeros are never used. Ties go to the path whose positions come
    first, so the result is always the same.

    A path exists: bridges left after _protect_lines only arise when all totals are shown,
    and then any non-zero cell, its row total, its column total and the grand total are
    four non-zero figures forming a cycle that reaches both ends.
    """
    start, goal = grid.ends[exposed]
    queue: list[tuple[int, int, tuple[Position, ...], int]] = [(0, 0, (), start)]
    done: set[int] = set()
    while queue:
        extra, size, path, vertex = heapq.heappop(queue)
        if vertex == goal:
            return [p for p in path if p not in hidden]
        if vertex in done:
            continue
        done.add(vertex)
        for p in grid.published:
            if p == exposed or vertex not in grid.ends[p] or (p not in hidden and grid.exact[p] == 0):
                continue
            a, b = grid.ends[p]
            other = b if a == vertex else a
            if other not in done:
                cost = (0, 0) if p in hidden else (1, grid.exact[p])
                heapq.heappush(queue, (extra + cost[0], size + cost[1], (*path, p), other))
    raise RuntimeError(f"no way to protect the figure at {exposed}; the table layout is not one this module knows")

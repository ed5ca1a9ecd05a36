"""Disclosure control: what may be shown of a table of exact counts, checked against an attacker.

The attacker here knows the layout of the table, every figure shown, and that every line
(a row or column with its published total) adds up. `_unprotected` looks for hidden
figures that this pins down, by linear algebra over exact fractions, independently of how
the module chooses what to hide. For every hidden figure it does not pin down it builds an
explicit second table: whole numbers, none negative, the same in every shown place, every
line still adding up, and a different value in that hidden place.
"""

from fractions import Fraction
from math import lcm

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hubspoke.lib.disclosure import (
    SUPPRESSED,
    Rule,
    control_count,
    control_mean,
    control_table,
    percent,
)

TOTALS = [(True, True), (False, True), (True, False), (False, False)]


# --- The attacker's view --------------------------------------------------------------------


def exact_entries(cells, row_totals, col_totals):
    """Every published figure's exact value, by (row, column) in the table extended by its totals."""
    n_rows, n_cols = len(cells), len(cells[0])
    entries = {(i, j): cells[i][j] for i in range(n_rows) for j in range(n_cols)}
    if row_totals:
        entries |= {(i, n_cols): sum(cells[i]) for i in range(n_rows)}
    if col_totals:
        entries |= {(n_rows, j): sum(row[j] for row in cells) for j in range(n_cols)}
    if row_totals and col_totals:
        entries[(n_rows, n_cols)] = sum(map(sum, cells))
    return entries


def shown_entries(result):
    """The published figures of a ControlledTable, in the same coordinates."""
    n_rows, n_cols = len(result.cells), len(result.cells[0])
    entries = {(i, j): result.cells[i][j] for i in range(n_rows) for j in range(n_cols)}
    if result.row_totals is not None:
        entries |= {(i, n_cols): v for i, v in enumerate(result.row_totals)}
    if result.col_totals is not None:
        entries |= {(n_rows, j): v for j, v in enumerate(result.col_totals)}
    if result.grand_total is not None:
        entries[(n_rows, n_cols)] = result.grand_total
    return entries


def lines_of(entries, n_rows, n_cols):
    """Every published total with the published figures that add up to it."""
    lines = []
    for i in range(n_rows + 1):
        if (i, n_cols) in entries:
            lines.append(([(i, j) for j in range(n_cols)], (i, n_cols)))
    for j in range(n_cols + 1):
        if (n_rows, j) in entries:
            lines.append(([(i, j) for i in range(n_rows)], (n_rows, j)))
    return [(members, total) for members, total in lines if all(p in entries for p in members)]


def _reduced_row_echelon(rows, width):
    """Gauss-Jordan elimination over fractions: (reduced rows, pivot column of each row)."""
    rows = [list(r) for r in rows]
    pivots = []
    for col in range(width):
        pick = next((r for r in range(len(pivots), len(rows)) if rows[r][col] != 0), None)
        if pick is None:
            continue
        top = len(pivots)
        rows[top], rows[pick] = rows[pick], rows[top]
        rows[top] = [x / rows[top][col] for x in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[top], strict=True)]
        pivots.append(col)
    return rows[: len(pivots)], pivots


def _is_completion(values, lines):
    return all(v >= 0 for v in values.values()) and all(
        sum(values[p] for p in members) == values[total] for members, total in lines
    )


def _unprotected(exact, hidden, lines):
    """The hidden positions for which no second, equally consistent table exists.

    Unknowns are the hidden figures; each line gives one equation. A hidden figure is
    pinned down exactly when every direction that keeps all equations true leaves it
    unchanged. Otherwise a direction that moves it, scaled to whole numbers, is added to or
    taken from the exact table, and the result is checked directly against every line.
    """
    unknowns = sorted(hidden)
    index = {p: k for k, p in enumerate(unknowns)}
    equations = []
    for members, total in lines:
        row = [Fraction(0)] * len(unknowns)
        for p in members:
            if p in index:
                row[index[p]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            equations.append(row)
    reduced, pivots = _reduced_row_echelon(equations, len(unknowns))
    directions = []  # a basis of the directions that change no line's total
    for free in (k for k in range(len(unknowns)) if k not in pivots):
        d = [Fraction(0)] * len(unknowns)
        d[free] = Fraction(1)
        for r, col in enumerate(pivots):
            d[col] = -reduced[r][free]
        directions.append(d)

    unprotected = []
    for k, p in enumerate(unknowns):
        moving = next((d for d in directions if d[k] != 0), None)
        if moving is None or not any(
            _is_completion(alternative, lines) and alternative[p] != exact[p]
            for alternative in _alternatives(exact, unknowns, moving)
        ):
            unprotected.append(p)
    return unprotected


def _alternatives(exact, unknowns, direction):
    scale = lcm(*(x.denominator for x in direction))
    step = [int(x * scale) for x in direction]
    for sign in (1, -1):
        alternative = dict(exact)
        for q, delta in zip(unknowns, step, strict=True):
            alternative[q] += sign * delta
        yield alternative


def hidden_of(shown):
    return {p for p, v in shown.items() if v == SUPPRESSED}


# --- Strategies ---------------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 10), st.integers(0, 60))


@st.composite
def tables(draw, max_side=6):
    n_rows = draw(st.integers(1, max_side))
    n_cols = draw(st.integers(1, max_side))
    return draw(st.lists(st.lists(counts, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows))


@st.composite
def rules(draw):
    # Some pairs are refused (see test_a_rule_that_makes_no_sense_is_refused); the properties
    # below fail if a pair that is accepted lets a small or misleading figure through.
    suppress_max, round_to = draw(
        st.tuples(st.integers(0, 10), st.sampled_from([1, 5, 10])).filter(lambda pair: _accepted(*pair))
    )
    return Rule(suppress_max=suppress_max, round_to=round_to)


def _accepted(suppress_max, round_to):
    try:
        Rule(suppress_max=suppress_max, round_to=round_to)
    except ValueError:
        return False
    return True


# --- Properties ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(cells=tables(), rule=rules(), totals=st.sampled_from(TOTALS))
def test_every_shown_figure_is_zero_or_rounded_and_never_small(cells, rule, totals):
    row_totals, col_totals = totals
    result = control_table(cells, rule, row_totals=row_totals, col_totals=col_totals)
    exact = exact_entries(cells, row_totals, col_totals)
    shown = shown_entries(result)

    assert shown.keys() == exact.keys()
    assert [len(row) for row in result.cells] == [len(row) for row in cells]
    for p, value in shown.items():
        if exact[p] == 0:
            assert value == 0, "a zero is never hidden or changed"
        if value == SUPPRESSED:
            continue
        assert not 1 <= value <= rule.suppress_max
        assert value % rule.round_to == 0
        assert 2 * abs(value - exact[p]) <= rule.round_to
        assert (value == 0) == (exact[p] == 0), "a non-zero figure never shows as 0"
    assert result.primary == {p for p, n in exact.items() if 1 <= n <= rule.suppress_max}
    assert result.primary | result.secondary == hidden_of(shown)
    assert all(exact[p] > 0 for p in result.secondary)


@settings(max_examples=200, deadline=None)
@given(cells=tables(), rule=rules(), totals=st.sampled_from(TOTALS))
def test_no_line_has_exactly_one_hidden_figure(cells, rule, totals):
    row_totals, col_totals = totals
    shown = shown_entries(control_table(cells, rule, row_totals=row_totals, col_totals=col_totals))
    for members, total in lines_of(shown, len(cells), len(cells[0])):
        assert sum(shown[p] == SUPPRESSED for p in (*members, total)) != 1


@settings(max_examples=200, deadline=None)
@given(cells=tables(), rule=rules(), totals=st.sampled_from(TOTALS))
# Random tables find this layout only now and then; see test_two_hidden_in_every_line_is_not_always_enough.
@example(cells=[[3, 3, 3], [0, 0, 3], [0, 0, 3]], rule=Rule(round_to=1), totals=(True, True))
def test_no_hidden_figure_can_be_worked_out_from_the_others(cells, rule, totals):
    row_totals, col_totals = totals
    shown = shown_entries(control_table(cells, rule, row_totals=row_totals, col_totals=col_totals))
    exact = exact_entries(cells, row_totals, col_totals)
    assert _unprotected(exact, hidden_of(shown), lines_of(shown, len(cells), len(cells[0]))) == []


@settings(max_examples=200, deadline=None)
@given(cells=tables(max_side=3), rule=rules().filter(lambda r: r.round_to == 1), totals=st.sampled_from(TOTALS))
def test_small_unrounded_tables_give_nothing_away_even_when_shown_figures_are_exact(cells, rule, totals):
    # With no rounding every shown figure is exact: the attacker's best case.
    row_totals, col_totals = totals
    shown = shown_entries(control_table(cells, rule, row_totals=row_totals, col_totals=col_totals))
    exact = exact_entries(cells, row_totals, col_totals)
    assert all(shown[p] == exact[p] for p in shown if shown[p] != SUPPRESSED)
    assert _unprotected(exact, hidden_of(shown), lines_of(shown, len(cells), len(cells[0]))) == []


# --- Tables -------------------------------------------------------------------------------


def test_totals_come_from_the_exact_counts():
    result = control_table([[3], [3], [3]], Rule(), row_totals=False, col_totals=True)
    assert result.cells == [["c"], ["c"], ["c"]]
    assert result.col_totals == [10]  # 9 rounded, not the sum of three hidden figures
    assert result.row_totals is None and result.grand_total is None


def test_a_lone_small_count_in_a_list_hides_the_next_smallest():
    result = control_table([[40], [3], [12], [9]], Rule(), row_totals=False)
    assert result.cells == [[40], ["c"], [10], ["c"]]
    assert result.col_totals == [65]
    assert result.secondary == {(3, 0)}


def test_a_line_whose_other_counts_are_zero_hides_its_total():
    # The 20 is hidden to protect the 3 above it; its row has nothing else to hide.
    result = control_table([[3, 0], [20, 0]], Rule())
    assert result.cells == [["c", 0], ["c", 0]]
    assert result.secondary == {(1, 0), (1, 2)}
    assert result.row_totals == ["c", "c"]
    assert result.col_totals == [25, 0] and result.grand_total == 25


def test_primary_suppression_alone_would_give_a_count_away_so_a_second_is_hidden():
    cells = [[3, 20, 15], [12, 25, 30], [18, 22, 40]]
    rule = Rule(round_to=1)
    exact = exact_entries(cells, True, True)
    lines = lines_of(exact, 3, 3)
    # Hiding only the 3 leaves 38 - 20 - 15 = 3: the checker sees it.
    assert _unprotected(exact, {(0, 0)}, lines) == [(0, 0)]

    result = control_table(cells, rule)

    assert result.primary == {(0, 0)}
    assert result.secondary == {(0, 2), (1, 0), (1, 2)}  # the 15 in its row, then 12 and 30
    assert result.cells == [["c", 20, "c"], ["c", 25, "c"], [18, 22, 40]]
    assert result.row_totals == [38, 67, 80] and result.col_totals == [33, 67, 85]
    assert _unprotected(exact, hidden_of(shown_entries(result)), lines) == []


def test_two_hidden_in_every_line_is_not_always_enough():
    # Every row and column has 0 or at least 2 hidden figures, yet row 0 minus the column
    # totals it does not share gives the 3 in the corner: 9 - (15 - 9) = 3.
    cells = [[3, 3, 3], [0, 0, 3], [0, 0, 3]]
    rule = Rule(round_to=1)
    exact = exact_entries(cells, True, True)
    lines = lines_of(exact, 3, 3)
    small = {p for p, n in exact.items() if 1 <= n <= 7}
    assert all(sum(p in small for p in (*m, t)) != 1 for m, t in lines)
    assert _unprotected(exact, small, lines) == [(0, 2)]

    result = control_table(cells, rule)

    assert result.primary == small
    assert result.secondary == {(3, 2)}  # the 9 at the foot of the last column
    assert _unprotected(exact, hidden_of(shown_entries(result)), lines) == []


def test_a_table_of_several_counts_per_person_only_hides_small_counts():
    result = control_table([[3, 40], [12, 0]], Rule(), row_totals=False, col_totals=False)
    assert result.cells == [["c", 40], [10, 0]]
    assert result.row_totals is None and result.col_totals is None and result.grand_total is None
    assert result.secondary == frozenset()


def test_row_totals_alone_protect_rows():
    result = control_table([[3, 40, 12], [20, 20, 20]], Rule(), col_totals=False)
    assert result.cells == [["c", 40, "c"], [20, 20, 20]]
    assert result.row_totals == [55, 60]
    assert result.col_totals is None and result.grand_total is None


def test_small_totals_are_protected_in_the_line_of_totals_too():
    # The column totals 2 and 30 add up to the grand total 32, so hiding the 2 alone would
    # leave 32 - 30; the 30 goes too, and then everything that would give it away.
    result = control_table([[2, 0], [0, 30]], Rule(round_to=1))
    assert result.primary == {(0, 0), (0, 2), (2, 0)}
    assert result.cells == [["c", 0], [0, "c"]]
    assert result.row_totals == ["c", "c"] and result.col_totals == ["c", "c"]
    assert result.grand_total == 32


@pytest.mark.parametrize("cells", [[], [[]], [[1, 2], [3]], [[-1]], [[1.5]]])
def test_a_malformed_table_is_refused(cells):
    with pytest.raises(ValueError):
        control_table(cells, Rule())


# --- Single counts, percentages, means ----------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, 0), (1, "c"), (7, "c"), (8, 10), (12, 10), (13, 15), (102, 100), (103, 105)],
)
def test_a_count_is_zero_hidden_or_rounded_to_five(n, expected):
    assert control_count(n, Rule()) == expected


def test_halves_round_up():
    assert control_count(15, Rule(round_to=10)) == 20
    assert control_count(25, Rule(round_to=10)) == 30


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        control_count(-1, Rule())


def test_a_percentage_uses_the_shown_figures_not_the_exact_ones():
    rule = Rule()
    numerator, denominator = 12, 23  # exactly 52%
    assert percent(control_count(numerator, rule), control_count(denominator, rule), denominator, rule) == 40


def test_a_percentage_of_too_few_is_hidden():
    rule = Rule(suppress_max=0, round_to=1)
    assert percent(3, 7, 7, rule) == "c"
    assert percent(4, 8, 8, rule) == 50


def test_a_percentage_of_a_hidden_count_is_hidden():
    assert percent("c", 20, 21, Rule()) == "c"
    assert percent(10, "c", 9, Rule(suppress_max=9, round_to=10)) == "c"


def test_a_percentage_of_nobody_does_not_exist():
    assert percent(0, 0, 0, Rule()) is None


def test_percentages_round_half_up():
    rule = Rule(suppress_max=0, round_to=1)
    assert percent(1, 8, 8, rule) == 13  # 12.5
    assert percent(1, 3, 3, Rule(suppress_max=0, round_to=1, percent_min_denominator=0)) == 33


def test_a_mean_of_too_few_is_hidden():
    assert control_mean(70, 7, Rule()) == "c"
    assert control_mean(100, 8, Rule()) == 12.5


def test_a_mean_of_nobody_does_not_exist():
    assert control_mean(0, 0, Rule()) is None


def test_a_mean_rounds_half_up_to_the_places_asked():
    assert control_mean(100, 8, Rule(), places=0) == 13
    assert control_mean(10, 8, Rule(), places=2) == 1.25
    assert control_mean(2.5, 10, Rule(), places=1) == 0.3  # 0.25, not banker's 0.2


# --- The rule itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"suppress_max": -1}, "suppress_max cannot be negative"),
        ({"round_to": 0}, "round_to must be at least 1"),
        ({"percent_min_denominator": -1}, "percent_min_denominator cannot be negative"),
        ({"measure_min_n": -8}, "measure_min_n cannot be negative"),
        ({"suppress_max": 7.5}, "suppress_max must be a whole number"),
        ({"round_to": True}, "round_to must be a whole number"),
        ({"suppress_max": 1, "round_to": 5}, "would show a count of 2 as 0"),
        ({"suppress_max": 3, "round_to": 10}, "would show a count of 4 as 0"),
        ({"suppress_max": 5, "round_to": 5}, "would show a count of 6 as 5"),
        ({"suppress_max": 10, "round_to": 10}, "would show a count of 11 as 10"),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Rule(**kwargs)


def test_the_default_rule_is_nhs_digitals():
    assert Rule() == Rule(suppress_max=7, round_to=5, percent_min_denominator=8, measure_min_n=8)


@pytest.mark.parametrize(("suppress_max", "round_to"), [(0, 1), (2, 5), (7, 5), (9, 5), (4, 10), (9, 10), (14, 10)])
def test_pairs_whose_smallest_shown_count_stays_above_the_hidden_range_are_accepted(suppress_max, round_to):
    assert control_count(suppress_max + 1, Rule(suppress_max=suppress_max, round_to=round_to)) > suppress_max

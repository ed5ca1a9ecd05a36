"""The scoring rules, explored with hypothesis over the shipped tools and a small test tool."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspoke.assessments.definition import builtin_tool_files, check, indicators
from hubspoke.assessments.scoring import compute
from hubspoke.assessments.tests.tool_examples import SMALL

SMALL_TOOL = check(SMALL)
TOOLS = [SMALL_TOOL] + [check(path.read_text()) for path in builtin_tool_files()]


def answers_for(tool):
    """A strategy: any answer (or none) for every indicator, with any window."""
    windows = [None] + [w["id"] for w in tool["time_windows"]]
    per_indicator = {
        ind["id"]: st.one_of(
            st.none(),
            st.fixed_dictionaries({
                "answer": st.sampled_from([a["value"] for a in tool["answer_sets"][ind["answers"]]]),
                "window": st.sampled_from(windows),
            }),
        )
        for ind in indicators(tool)
    }
    return st.fixed_dictionaries(per_indicator).map(lambda d: {k: v for k, v in d.items() if v is not None})


def rank(tool, level):
    return [lv["id"] for lv in tool["levels"]].index(level)


def present_answer(tool, ind):
    return next(a["value"] for a in tool["answer_sets"][ind["answers"]] if a["present"] and a["factor"] == 1)


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t["id"])
@settings(max_examples=60, deadline=None)
@given(data=st.data(), age=st.one_of(st.none(), st.integers(min_value=8, max_value=25)))
def test_the_level_is_the_highest_any_rule_gives_and_every_reason_is_a_present_answer(tool, data, age):
    answers = data.draw(answers_for(tool))
    result = compute(tool, answers, age)
    given_levels = [o.level for o in result.outcomes if o.applied and o.level]
    assert result.level in [lv["id"] for lv in tool["levels"]]
    assert all(rank(tool, result.level) >= rank(tool, lv) for lv in given_levels)
    assert result.level == (max(given_levels, key=lambda lv: rank(tool, lv)) if given_levels
                            else tool["levels"][0]["id"])
    for outcome in result.outcomes:
        assert set(outcome.because) <= set(result.present)
    # Strengths and vulnerabilities are shown, never scored by rules that do not name them.
    assert not set(result.strengths) & {i for o in result.outcomes for i in o.because}


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t["id"])
@settings(max_examples=60, deadline=None)
@given(data=st.data(), age=st.one_of(st.none(), st.integers(min_value=8, max_value=25)))
def test_one_more_concern_never_lowers_the_level(tool, data, age):
    answers = data.draw(answers_for(tool))
    scored = [ind for ind in indicators(tool) if ind["category"] in ("risk", "harm")]
    ind = data.draw(st.sampled_from(scored))
    before = compute(tool, answers, age)
    after = compute(tool, {**answers, ind["id"]: {"answer": present_answer(tool, ind), "window": None}}, age)
    assert rank(tool, after.level) >= rank(tool, before.level)


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t["id"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_age_rules_apply_only_within_their_ages_and_say_so_when_age_is_unknown(tool, data):
    answers = data.draw(answers_for(tool))
    age = data.draw(st.one_of(st.none(), st.integers(min_value=8, max_value=25)))
    for rule, outcome in zip(tool["scoring"]["rules"], compute(tool, answers, age).outcomes, strict=True):
        limited = "age_at_most" in rule or "age_at_least" in rule
        if not limited:
            assert outcome.applied
        elif age is None:
            assert not outcome.applied and "not known" in outcome.not_applied
        else:
            assert outcome.applied == (rule.get("age_at_least", 0) <= age <= rule.get("age_at_most", 99))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_sum_is_score_times_answer_factor_times_window_factor(data):
    answers = data.draw(answers_for(SMALL_TOOL))
    outcome = compute(SMALL_TOOL, answers, 16).outcomes[2]
    options = {a["value"]: a for a in SMALL_TOOL["answer_sets"]["ypn"]}
    windows = {w["id"]: w["factor"] for w in SMALL_TOOL["time_windows"]}
    expected = 0
    for ind in indicators(SMALL_TOOL):
        given_answer = answers.get(ind["id"])
        if ind["category"] in ("risk", "harm") and given_answer and options[given_answer["answer"]]["present"]:
            window = windows.get(given_answer["window"], 1) if ind["timed"] else 1
            expected += ind["score"] * options[given_answer["answer"]]["factor"] * window
    assert outcome.total == pytest.approx(expected)
    band = [b for b in SMALL_TOOL["scoring"]["rules"][2]["bands"] if b["min"] <= outcome.total][-1]
    assert outcome.level == band["level"]


def test_worked_example():
    answers = {
        "missing-overnight": {"answer": "yes", "window": "older"},  # medium, score 2 × 0.5
        "gifts": {"answer": "possible", "window": None},  # low, score 1 × 0.5
        "trusted-adult": {"answer": "yes"},
        "exploited-friends": {"answer": "yes"},
        "older-partner": {"answer": "no"},
    }
    at_15 = compute(SMALL_TOOL, answers, 15)
    assert at_15.level == "medium"
    assert [o.level for o in at_15.outcomes] == ["medium", None, "low", None]
    assert at_15.outcomes[0].because == ("missing-overnight",)
    assert at_15.outcomes[2].total == 1.5
    assert at_15.strengths == ("trusted-adult",) and at_15.vulnerabilities == ("exploited-friends",)
    assert set(at_15.unanswered) == {"missing-often", "disclosed-abuse"}
    assert at_15.tags == ("going_missing",)
    # Aged 13, the age rule makes one medium concern high, and says why.
    at_13 = compute(SMALL_TOOL, answers, 13)
    assert at_13.level == "high" and at_13.deciding[0].because == ("missing-overnight",)
    unknown_age = compute(SMALL_TOOL, answers, None)
    assert unknown_age.level == "medium" and "not known" in unknown_age.outcomes[3].not_applied

"""Turning answers into a level, with the reasons shown.

Pure functions over a normalised definition (``definition.check``) and the answers given, so
the same inputs always give the same result and property tests can explore them. The result
says which rule gave which level because of which answers: there is no opaque score. The level
is the highest any rule gives, never below the lowest level; it structures judgement and the
worker may record a different one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from hubspoke.assessments.definition import indicators


@dataclass(frozen=True)
class RuleOutcome:
    index: int
    kind: str
    summary: str
    applied: bool
    level: str | None = None
    because: tuple[str, ...] = ()
    total: float | None = None
    not_applied: str = ""


@dataclass(frozen=True)
class Result:
    level: str
    outcomes: tuple[RuleOutcome, ...]
    present: tuple[str, ...]
    harm: tuple[str, ...]
    risk: tuple[str, ...]
    vulnerabilities: tuple[str, ...]
    strengths: tuple[str, ...]
    unanswered: tuple[str, ...]
    tags: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def deciding(self) -> tuple[RuleOutcome, ...]:
        """The rules that gave the final level."""
        return tuple(o for o in self.outcomes if o.applied and o.level == self.level)


def _level_labels(definition: dict) -> dict[str, str]:
    return {lv["id"]: lv["label"] for lv in definition["levels"]}


def _summary(rule: dict, labels: dict[str, str]) -> str:
    cats = " or ".join(rule["categories"])
    ages = ""
    if "age_at_most" in rule and "age_at_least" in rule:
        ages = f" (aged {rule['age_at_least']} to {rule['age_at_most']})"
    elif "age_at_most" in rule:
        ages = f" (aged {rule['age_at_most']} or under)"
    elif "age_at_least" in rule:
        ages = f" (aged {rule['age_at_least']} or over)"
    if rule["kind"] == "highest_level":
        return f"The highest level among the {cats} indicators that apply{ages}"
    if rule["kind"] == "sum":
        bands = ", ".join(f"{b['min']:g}+ {labels[b['level']].lower()}" for b in rule["bands"])
        return f"The total score of the {cats} indicators that apply ({bands}){ages}"
    at = labels[rule["at_least_level"]].lower()
    return (f"{rule['count']} or more {cats} indicators at {at} or above mean "
            f"{labels[rule['then']].lower()}{ages}")


def compute(definition: dict, answers: Mapping[str, Mapping], age: int | None) -> Result:
    """``answers`` maps indicator id to ``{"answer": value, "window": id or None}``; ``age``
    is the young person's age in whole years on the day, or None if not known."""
    order = [lv["id"] for lv in definition["levels"]]
    rank = {level: n for n, level in enumerate(order)}
    labels = _level_labels(definition)
    options = {name: {a["value"]: a for a in choices} for name, choices in definition["answer_sets"].items()}
    windows = {w["id"]: w["factor"] for w in definition["time_windows"]}

    present: list[dict] = []
    weight: dict[str, float] = {}
    unanswered: list[str] = []
    for ind in indicators(definition):
        given = answers.get(ind["id"]) or {}
        chosen = options[ind["answers"]].get(given.get("answer") or "")
        if chosen is None:
            unanswered.append(ind["id"])
            continue
        if chosen["present"]:
            present.append(ind)
            window = windows.get(given.get("window") or "", 1) if ind["timed"] else 1
            weight[ind["id"]] = ind["score"] * chosen["factor"] * window

    outcomes = []
    for index, rule in enumerate(definition["scoring"]["rules"]):
        summary = _summary(rule, labels)
        limits = ("age_at_most" in rule) or ("age_at_least" in rule)
        if limits and age is None:
            outcomes.append(RuleOutcome(index, rule["kind"], summary, False, not_applied="the young person's age "
                                        "is not known: use your judgement"))
            continue
        if limits and not (rule.get("age_at_least", 0) <= age <= rule.get("age_at_most", 200)):
            outcomes.append(RuleOutcome(index, rule["kind"], summary, False, not_applied=f"not at age {age}"))
            continue
        relevant = [ind for ind in present if ind["category"] in rule["categories"]]
        if rule["kind"] == "highest_level":
            levelled = [ind for ind in relevant if ind["level"]]
            if not levelled:
                outcomes.append(RuleOutcome(index, "highest_level", summary, True))
                continue
            top = max(levelled, key=lambda ind: rank[ind["level"]])["level"]
            because = tuple(ind["id"] for ind in levelled if ind["level"] == top)
            outcomes.append(RuleOutcome(index, "highest_level", summary, True, top, because))
        elif rule["kind"] == "sum":
            total = round(sum(weight[ind["id"]] for ind in relevant), 4)
            band = [b for b in rule["bands"] if b["min"] <= total][-1]
            because = tuple(ind["id"] for ind in relevant if weight[ind["id"]] > 0)
            outcomes.append(RuleOutcome(index, "sum", summary, True, band["level"], because, total))
        else:
            floor = rank[rule["at_least_level"]]
            counted = tuple(ind["id"] for ind in relevant if ind["level"] and rank[ind["level"]] >= floor)
            fired = len(counted) >= rule["count"]
            outcomes.append(RuleOutcome(index, "count", summary, True, rule["then"] if fired else None,
                                        counted if fired else ()))

    given_levels = [o.level for o in outcomes if o.applied and o.level]
    level = max(given_levels, key=lambda lv: rank[lv]) if given_levels else order[0]

    def of(category: str) -> tuple[str, ...]:
        return tuple(ind["id"] for ind in present if ind["category"] == category)

    tags = sorted({tag for ind in present if ind["category"] in ("risk", "harm") for tag in ind["tags"]})
    return Result(
        level=level,
        outcomes=tuple(outcomes),
        present=tuple(ind["id"] for ind in present),
        harm=of("harm"),
        risk=of("risk"),
        vulnerabilities=of("vulnerability"),
        strengths=of("strength"),
        unanswered=tuple(unanswered),
        tags=tuple(tags),
    )

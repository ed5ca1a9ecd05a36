"""Hubspoke's outcome framework (docs/outcomes.md): seven areas, aligned with the five elements
of direct work, each rated from 1 to 5 by the young person and by the worker, at the start, at
reviews and at closure, plus up to three personal goals rated 0 to 10. Our own design: no
licensed tool's wording or scales."""

from dataclasses import dataclass

SCALE = (1, 2, 3, 4, 5)
SCALE_WORDS = {1: "Not at all", 2: "A little", 3: "Sometimes", 4: "Mostly", 5: "Yes, really"}
GOAL_SCALE = tuple(range(0, 11))
MAX_GOALS = 3


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    question: str  # as the young person is asked it
    element: str  # cases.models.PlanElement


AREAS = (
    Area("trust", "Trust and engagement", "I have a worker I trust and can talk to", "engagement"),
    Area("safe", "Feeling safe", "I feel safe, at home and when I'm out", "reducing_risk"),
    Area("stability", "Home or placement", "Where I live feels settled", "support"),
    Area("relationships", "Healthy relationships", "The people around me treat me well", "reducing_risk"),
    Area("health", "Health and wellbeing", "I'm looking after my body and my mind", "support"),
    Area("education", "Education, training or work", "I'm going to school, college, training or work", "growth"),
    Area("confidence", "Confidence and hopes", "I feel good about myself and what's next", "growth"),
)
AREA_IDS = tuple(a.id for a in AREAS)


def distance_travelled(ratings, rater: str) -> list[dict] | None:
    """For one rater, each area's first and latest score (oldest rating first in ``ratings``),
    with where each sits on a small chart. None if the rater has not rated yet."""
    mine = [r for r in ratings if r.rater == rater]
    if not mine:
        return None
    first, latest = mine[0], mine[-1]
    left, width = 230, 300  # the chart's scale: 1 at ``left``, 5 at ``left + width``

    def x(score):
        return left + (score - 1) * width / 4

    return [
        {
            "area": area, "first": first.scores.get(area.id), "latest": latest.scores.get(area.id),
            "change": latest.scores.get(area.id, 0) - first.scores.get(area.id, 0),
            "x1": x(first.scores.get(area.id, 1)), "x2": x(latest.scores.get(area.id, 1)), "y": 30 + n * 34,
        }
        for n, area in enumerate(AREAS)
    ]

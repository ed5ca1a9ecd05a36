"""The risk trajectory: a young person's levels over time as a small server-drawn SVG, with the
same figures in a table beside it (the chart is never the only way to read them). Drawn here
rather than with a charting library: a few points and lines, no script, and nothing to load."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 20, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    computed_y: float
    overridden: bool
    label: str
    date: str


def trajectory(completed) -> dict | None:
    """``completed``: a young person's completed assessments, oldest first. Levels are placed
    by their rank in their own tool's levels, scaled to the tallest tool used."""
    if not completed:
        return None
    steps = max(len(a.tool.definition["levels"]) for a in completed) - 1 or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = completed[0].assessed_on, completed[-1].assessed_on
    span = (last - first).days or 1

    def y_of(assessment, level_id):
        ids = [lv["id"] for lv in assessment.tool.definition["levels"]]
        rank = ids.index(level_id) * steps / max(len(ids) - 1, 1)
        return TOP + plot_h - rank * plot_h / steps

    points = []
    for a in completed:
        x = LEFT + (plot_w / 2 if len(completed) == 1 else (a.assessed_on - first).days * plot_w / span)
        labels = {lv["id"]: lv["label"] for lv in a.tool.definition["levels"]}
        points.append(Point(
            x=round(x, 1), y=round(y_of(a, a.level), 1), computed_y=round(y_of(a, a.computed_level), 1),
            overridden=bool(a.judgement_level), label=labels[a.level], date=f"{a.assessed_on:%-d %b %Y}",
        ))
    levels = completed[-1].tool.definition["levels"]
    axis = [{"label": lv["label"], "y": round(TOP + plot_h - n * plot_h / max(len(levels) - 1, 1), 1)}
            for n, lv in enumerate(levels)]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": HEIGHT - BOTTOM,
        "points": points, "axis": axis,
        "path": " ".join(f"{'M' if n == 0 else 'L'}{p.x},{p.y}" for n, p in enumerate(points)),
        "first": f"{first:%b %Y}", "last": f"{last:%b %Y}",
        "summary": ", ".join(f"{p.date}: {p.label}{' (judgement)' if p.overridden else ''}" for p in points),
    }

"""Demo: Hubspoke's own tools, imported as an administrator would."""

from hubspoke.assessments import actions
from hubspoke.assessments.models import AssessmentTool


def seed_tools(*, seed: int) -> dict[str, int]:
    before = AssessmentTool.objects.count()
    actions.import_builtin_tools()
    return {"assessment_tools": AssessmentTool.objects.count() - before}

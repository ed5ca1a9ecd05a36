"""Writes for assessment tools and assessments. Each runs in one transaction and writes its
audit row in it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.assessments import definition as tool_definition
from hubspoke.assessments.models import AssessmentTool
from hubspoke.audit import actions as audit


@transaction.atomic
def import_tool(*, source: str, actor=None, request=None) -> tuple[AssessmentTool, bool]:
    """Store a new version of a tool from the text of its file; returns (tool, created).
    Importing the same version with the same content again changes nothing. Raises
    definition.InvalidTool for a malformed file and ValidationError for a version clash."""
    checked = tool_definition.check(source)
    digest = tool_definition.checksum(checked)
    existing = AssessmentTool.objects.select_for_update().filter(tool_id=checked["id"]).order_by("-version")
    same = next((t for t in existing if t.version == checked["version"]), None)
    if same is not None:
        if same.checksum == digest:
            return same, False
        raise ValidationError(
            f"Version {checked['version']} of {checked['id']} is already imported with different content. "
            "Give the changed tool a higher version number."
        )
    latest = existing.first()
    if latest is not None and checked["version"] < latest.version:
        raise ValidationError(
            f"Version {checked['version']} of {checked['id']} is older than the one in use ({latest.version}). "
            "Give the changed tool a higher version number."
        )
    tool = AssessmentTool.objects.create(
        tool_id=checked["id"], version=checked["version"], title=checked["title"], purpose=checked["purpose"],
        definition=checked, source=source, checksum=digest, imported_at=timezone.now(), imported_by=actor,
    )
    audit.record(action="assessments.tool.imported", actor=actor, subject=tool, request=request,
                 detail={"tool": tool.tool_id, "version": tool.version})
    return tool, True


def import_builtin_tools(*, actor=None) -> list[AssessmentTool]:
    """Hubspoke's own tools (assessments/tools/*.yaml), for a new installation and the demo."""
    return [import_tool(source=path.read_text(), actor=actor)[0] for path in tool_definition.builtin_tool_files()]

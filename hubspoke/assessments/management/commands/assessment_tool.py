"""manage.py assessment_tool validate FILE | import FILE | export TOOL [--version N]

Tools are defined in files (docs/assessment-tools.md). A file with any problem is refused
whole, with every problem listed by line and place."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hubspoke.assessments import actions
from hubspoke.assessments.definition import InvalidTool, check, indicators
from hubspoke.assessments.models import AssessmentTool


class Command(BaseCommand):
    help = "Validate, import or export an assessment tool definition."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("validate", help="Check a file and list every problem; change nothing.").add_argument("file")
        sub.add_parser("import", help="Validate a file, then store it as a new version.").add_argument("file")
        export = sub.add_parser("export", help="Print a stored tool version as it was imported.")
        export.add_argument("tool")
        export.add_argument("--version", type=int, help="The version (default: the latest).")

    def handle(self, *args, action, **options):
        if action == "export":
            return self._export(options["tool"], options.get("version"))
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            if action == "validate":
                checked = check(text)
                self.stdout.write(
                    f"{path}: valid. {checked['title']} ({checked['id']}, version {checked['version']}): "
                    f"{len(checked['sections'])} sections, {len(indicators(checked))} indicators, "
                    f"{len(checked['scoring']['rules'])} scoring rules."
                )
                return
            tool, created = actions.import_tool(source=text)
        except InvalidTool as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"{path} was not imported. {len(error.problems)} problem(s):\n{lines}"
                               if action == "import" else f"{path} is not valid. "
                               f"{len(error.problems)} problem(s):\n{lines}") from None
        except ValidationError as error:
            raise CommandError(f"{path} was not imported: {' '.join(error.messages)}") from None
        if created:
            self.stdout.write(f"Imported {tool.title} ({tool.tool_id}, version {tool.version}).")
        else:
            self.stdout.write(f"{tool.tool_id} version {tool.version} is already imported with this content.")

    def _export(self, tool_id: str, version: int | None):
        tools = AssessmentTool.objects.filter(tool_id=tool_id)
        tool = tools.filter(version=version).first() if version else tools.order_by("-version").first()
        if tool is None:
            known = ", ".join(sorted(set(AssessmentTool.objects.values_list("tool_id", flat=True)))) or "none"
            raise CommandError(f"No tool {tool_id!r}{f' version {version}' if version else ''}. Tools: {known}.")
        self.stdout.write(tool.source, ending="" if tool.source.endswith("\n") else "\n")

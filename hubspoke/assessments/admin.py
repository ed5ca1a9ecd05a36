"""Assessment tools in the administration site: administrators import a tool from its file
(checked whole, every problem listed by line and place, nothing half-imported), see every
version, and retire a tool from new assessments. Stored versions are never edited or deleted:
completed assessments are shown with the version they were made with."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from hubspoke.assessments import actions
from hubspoke.assessments.definition import InvalidTool, indicators
from hubspoke.assessments.models import AssessmentTool
from hubspoke.network.admin import AuditedModelAdmin


class ImportToolForm(forms.Form):
    file = forms.FileField(label="Tool definition file (YAML or JSON)",
                           help_text="As described in docs/assessment-tools.md.")


@admin.register(AssessmentTool)
class AssessmentToolAdmin(AuditedModelAdmin):
    list_display = ("title", "tool_id", "version", "purpose", "is_active", "imported_at")
    list_filter = ("purpose", "is_active")
    fields = ("title", "tool_id", "version", "purpose", "is_active", "imported_at", "imported_by", "checksum",
              "summary", "source")
    readonly_fields = ("title", "tool_id", "version", "purpose", "imported_at", "imported_by", "checksum", "summary",
                       "source")

    @admin.display(description="Contents")
    def summary(self, obj):
        d = obj.definition
        levels = ", ".join(lv["label"] for lv in d["levels"])
        return (f"{len(d['sections'])} sections, {len(indicators(d))} indicators, "
                f"{len(d['scoring']['rules'])} scoring rules; levels: {levels}")

    def has_delete_permission(self, request, obj=None):
        return False  # assessments point at their version for ever

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a tool is importing its file."""
        form = ImportToolForm(request.POST, request.FILES) if request.method == "POST" else ImportToolForm()
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8")
                tool, created = actions.import_tool(source=text, actor=request.user, request=request)
            except UnicodeDecodeError:
                form.add_error("file", "The file must be text in UTF-8")
            except InvalidTool as error:
                problems = [str(p) for p in error.problems]
            except ValidationError as error:
                form.add_error("file", " ".join(error.messages))
            else:
                messages.success(request, f"Imported {tool}." if created else f"{tool} was already imported.")
                return redirect("admin:assessments_assessmenttool_change", tool.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import an assessment tool",
            "opts": self.model._meta,
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/assessments/import_tool.html", context,
                                status=400 if problems or form.errors else 200)

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from hubspoke.assessments import actions
from hubspoke.assessments.definition import InvalidTool, builtin_tool_files, check, indicators
from hubspoke.assessments.models import AssessmentTool
from hubspoke.assessments.tests.tool_examples import SMALL


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidTool) as caught:
        check(text)
    return [str(p) for p in caught.value.problems]


def test_a_valid_tool_is_normalised_with_every_default():
    tool = check(SMALL)
    assert [lv["review_weeks"] for lv in tool["levels"]] == [13, 8, 4]
    assert [lv["countersign"] for lv in tool["levels"]] == [False, False, True]
    by_id = {ind["id"]: ind for ind in indicators(tool)}
    assert by_id["missing-often"]["score"] == 4 and by_id["trusted-adult"]["score"] == 0
    assert by_id["gifts"]["timed"] is False and by_id["gifts"]["tags"] == []
    assert tool["answer_sets"]["ypn"][2]["factor"] == 0
    assert tool["young_persons_view"]["prompt"]


def test_problems_name_the_line_the_place_and_what_is_wrong():
    text = SMALL.replace("level: high, answers: ypn}\n  - id: relationships", "level: severe, answers: ypn}\n"
                         "  - id: relationships")
    assert problems(text) == [
        "line 26, sections[0].indicators[1].level: 'severe' is not one of the levels (low, medium, high)"
    ]


@pytest.mark.parametrize(("change", "expected"), [
    (("purpose: assessment", "purpose: triage"), "purpose: must be one of screening, assessment; found 'triage'"),
    (("version: 1", "version: one"), "version: must be a whole number; found 'one'"),
    (("id: test-tool", "id: Test Tool"), "id: must be an id of lower-case letters"),
    (('{value: "yes"', "{value: yes"), "answer_sets.ypn[0].value: must be text; found true (if you meant the word, "
                                       "put it in quotes: \"yes\")"),
    (("title: Test tool\n", ""), "the file: missing 'title'"),
    (("    - {kind: highest_level, categories: [risk, harm]}",
      "    - {kind: highest_level, categories: [risk, harm], bands: []}"),
     "scoring.rules[0]: unknown key 'bands'"),
    (("answers: ypn, timed: true,", "answers: nope, timed: true,"),
     "sections[0].indicators[0].answers: 'nope' is not one of the answer sets (ypn)"),
    (("{min: 3, level: medium}", "{min: 0, level: medium}"), "scoring.rules[2].bands[1].min: must be above the band"),
    (("id: relationships", "id: missing"), "section id 'missing' is used twice"),
    (("{id: gifts,", "{id: missing-often,"), "indicator id 'missing-often' is used twice"),
    (("category: harm, level: high,", "category: harm,"), "a harm indicator needs a level"),
    (("id: test-tool\n", "id: test-tool\nid: other\n"), "id: appears twice"),
    (("levels:\n", "levels: [\n"), "is not valid YAML"),
])
def test_each_kind_of_mistake_is_explained(change, expected):
    old, new = change
    assert old in SMALL
    found = problems(SMALL.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_every_problem_is_reported_at_once():
    text = SMALL.replace("purpose: assessment", "purpose: triage").replace("version: 1", "version: 0")
    assert len(problems(text)) == 2


def test_the_shipped_tools_are_valid():
    files = builtin_tool_files()
    assert {f.stem for f in files} >= {"hubspoke-cse", "hubspoke-cse-screening"}
    for path in files:
        tool = check(path.read_text())
        assert tool["id"] == path.stem
        categories = {ind["category"] for ind in indicators(tool)}
        assert categories == {"risk", "harm", "vulnerability", "strength"} or tool["purpose"] == "screening"


def test_import_is_all_or_nothing_and_versions_only_go_up(db):
    tool, created = actions.import_tool(source=SMALL)
    assert created and tool.version == 1
    assert actions.import_tool(source=SMALL) == (tool, False)  # the same file again: nothing changes
    with pytest.raises(ValidationError, match="already imported with different content"):
        actions.import_tool(source=SMALL.replace("title: Test tool", "title: Changed"))
    with pytest.raises(InvalidTool):
        actions.import_tool(source=SMALL.replace("version: 1", "version: 2").replace("purpose: assessment", "x: 1"))
    assert AssessmentTool.objects.count() == 1
    two, _ = actions.import_tool(source=SMALL.replace("version: 1", "version: 2").replace("Test tool", "Test 2"))
    assert two.version == 2 and tool.definition["title"] == "Test tool"
    AssessmentTool.objects.filter(version=1).delete()  # as if version 1 had never been imported
    with pytest.raises(ValidationError, match="older than the one in use"):
        actions.import_tool(source=SMALL)


def test_the_command_validates_imports_and_exports(db, tmp_path, capsys):
    good = tmp_path / "tool.yaml"
    good.write_text(SMALL)
    call_command("assessment_tool", "validate", str(good))
    assert "valid. Test tool (test-tool, version 1): 2 sections, 7 indicators, 4 scoring rules." in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("level: severe", "").replace("category: harm, level: high,", "category: harm,"))
    with pytest.raises(CommandError, match=r"not imported\. 1 problem\(s\):\n  line 33, sections\[1\]\.indicators\[2\]: a harm "):
        call_command("assessment_tool", "import", str(bad))
    assert not AssessmentTool.objects.exists()
    call_command("assessment_tool", "import", str(good))
    call_command("assessment_tool", "export", "test-tool")
    assert capsys.readouterr().out.endswith(SMALL)
    with pytest.raises(CommandError, match="No tool 'nope'"):
        call_command("assessment_tool", "export", "nope")


def test_an_administrator_imports_a_tool_file_and_sees_every_problem(signed_in, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from hubspoke.audit.models import AuditEvent

    client = signed_in("admin", recent=True)
    url = reverse("admin:assessments_assessmenttool_add")
    bad = SMALL.replace("purpose: assessment", "purpose: triage").replace("version: 1", "version: 0")
    response = client.post(url, {"file": SimpleUploadedFile("tool.yaml", bad.encode())})
    page = response.content.decode()
    assert response.status_code == 400 and "2 problems" in page and "line 5, purpose: must be one of" in page
    assert not AssessmentTool.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("tool.yaml", SMALL.encode())})
    tool = AssessmentTool.objects.get()
    assert response.status_code == 302 and tool.imported_by == world.admin
    assert AuditEvent.objects.filter(action="assessments.tool.imported", actor=world.admin).exists()
    # A manager cannot reach it: the administration site is not there for them.
    assert signed_in("manager_a", recent=True).post(url, {"file": SimpleUploadedFile("t.yaml", b"x")}).status_code \
        == 404

"""Reading and checking assessment tool definitions (docs/assessment-tools.md).

A file is parsed as YAML (JSON is read the same way), checked against ``tool_schema.json`` for
its shape, then checked for what a schema cannot say (ids unique, references that resolve,
bands in order). Every problem is reported with the line and the path where it is, and a file
with any problem is refused whole. What comes out is the *normalised* definition: every default
filled in, so that scoring and pages never guess, and so that a stored version means exactly
one thing for ever.

The schema is checked with the ``jsonschema`` library; the messages it gives are rewritten into
plain words here, because the people reading them write tools, not JSON Schema."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

FORMAT = "hubspoke-assessment-tool/1"
DEFAULT_REVIEW_WEEKS = 13
DEFAULT_VIEW_PROMPT = "What does the young person say about what is happening to them, and what would help?"
SCORED_CATEGORIES = ("risk", "harm")
TOOLS_DIR = Path(__file__).parent / "tools"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.path or 'the file'}: {self.message}"


class InvalidTool(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads((Path(__file__).parent / "tool_schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- Parsing, with the line of every value -----------------------------------------------


def _walk(node, at: tuple, lines: dict, problems: list[Problem]) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(_path((*at, key)), "appears twice; keep one", key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*at, key), lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*at, index), lines, problems)


def parse(text: str) -> tuple[object, dict]:
    """The data in ``text`` and the line of every path in it."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise InvalidTool([Problem("", f"is not valid YAML: {error.problem}", mark.line + 1 if mark else None)]) \
            from None
    except yaml.YAMLError as error:
        raise InvalidTool([Problem("", f"is not valid YAML: {error}")]) from None
    lines: dict = {}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, problems)
    if problems:
        raise InvalidTool(problems)
    return data, lines


# --- Shape -------------------------------------------------------------------------------


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (if you meant the word, put it in quotes: \"{'yes' if value else 'no'}\")"
    if isinstance(value, dict | list):
        return "a list" if isinstance(value, list) else "a set of keys"
    return repr(value)


def _schema_problem(error, lines: dict) -> Problem:
    at = tuple(error.absolute_path)
    kind, value = error.validator, error.instance
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        message = f"missing {', '.join(repr(m) for m in missing)}"
    elif kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        message = f"unknown key {', '.join(repr(k) for k in extra)} (allowed here: {', '.join(sorted(allowed))})"
    elif kind == "enum":
        message = f"must be one of {', '.join(str(v) for v in error.validator_value)}; found {_describe(value)}"
    elif kind == "const":
        message = f"must be {error.validator_value!r}; found {_describe(value)}"
    elif kind == "pattern":
        message = (f"must be an id of lower-case letters, digits, hyphens or underscores (at most 60); "
                   f"found {_describe(value)}")
    elif kind == "type":
        wanted = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                  "array": "a list", "object": "a set of keys"}.get(error.validator_value, error.validator_value)
        message = f"must be {wanted}; found {_describe(value)}"
    elif kind in ("minItems", "minProperties"):
        message = f"needs at least {error.validator_value} {'entries' if error.validator_value != 1 else 'entry'}"
    elif kind in ("minimum", "maximum"):
        message = f"must be {'at least' if kind == 'minimum' else 'at most'} {error.validator_value}; found {value}"
    elif kind == "minLength":
        message = "must not be empty"
    elif kind == "maxLength":
        message = f"is too long (at most {error.validator_value} characters)"
    elif kind == "uniqueItems":
        message = "lists the same thing twice"
    else:
        message = error.message
    return Problem(_path(at), message, lines.get(at))


def _leaf_errors(errors):
    """jsonschema reports an ``if``/``then`` or ``$ref`` failure with its causes inside; report
    the causes, which say what is actually wrong."""
    for error in errors:
        if error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


# --- Meaning -----------------------------------------------------------------------------


def _meaning_problems(data: dict, lines: dict) -> list[Problem]:
    problems: list[Problem] = []

    def problem(at: tuple, message: str) -> None:
        problems.append(Problem(_path(at), message, lines.get(at)))

    def unique(items: list, at: tuple, what: str) -> None:
        seen: dict = {}
        for index, item in enumerate(items):
            if item["id"] in seen:
                first = f"{at[-1]}[{seen[item['id']]}]"
                problem((*at, index, "id"), f"{what} id {item['id']!r} is used twice (also at {first})")
            seen.setdefault(item["id"], index)

    levels = [level["id"] for level in data["levels"]]
    unique(data["levels"], ("levels",), "level")
    for name in data.get("level_scores", {}):
        if name not in levels:
            problem(("level_scores", name), f"{name!r} is not one of the levels ({', '.join(levels)})")
    for set_id, answers in data["answer_sets"].items():
        values = [a["value"] for a in answers]
        for index, value in enumerate(values):
            if value in values[:index]:
                problem(("answer_sets", set_id, index, "value"), f"answer {value!r} is listed twice")
        if not any(a["present"] for a in answers):
            problem(("answer_sets", set_id), "needs at least one answer with present: true")
        for index, answer in enumerate(answers):
            if not answer["present"] and answer.get("factor"):
                problem(("answer_sets", set_id, index, "factor"), "an answer that is not present cannot have a factor")
    windows = data.get("time_windows", [])
    unique(windows, ("time_windows",), "time window")
    unique(data["sections"], ("sections",), "section")
    seen_indicators: dict[str, str] = {}
    for s, section in enumerate(data["sections"]):
        for i, indicator in enumerate(section["indicators"]):
            at = ("sections", s, "indicators", i)
            if indicator["id"] in seen_indicators:
                problem((*at, "id"), f"indicator id {indicator['id']!r} is used twice (also at "
                                     f"{seen_indicators[indicator['id']]})")
            seen_indicators.setdefault(indicator["id"], _path(at))
            if indicator["answers"] not in data["answer_sets"]:
                problem((*at, "answers"), f"{indicator['answers']!r} is not one of the answer sets "
                                          f"({', '.join(data['answer_sets'])})")
            if "level" in indicator and indicator["level"] not in levels:
                problem((*at, "level"), f"{indicator['level']!r} is not one of the levels ({', '.join(levels)})")
            if indicator["category"] in SCORED_CATEGORIES and "level" not in indicator:
                problem(at, f"a {indicator['category']} indicator needs a level")
            if indicator.get("timed") and not windows:
                problem((*at, "timed"), "asks when it happened, but the tool has no time_windows")
    for r, rule in enumerate(data["scoring"]["rules"]):
        at = ("scoring", "rules", r)
        for key in ("at_least_level", "then"):
            if key in rule and rule[key] not in levels:
                problem((*at, key), f"{rule[key]!r} is not one of the levels ({', '.join(levels)})")
        if "age_at_most" in rule and "age_at_least" in rule and rule["age_at_least"] > rule["age_at_most"]:
            problem((*at, "age_at_least"), "is above age_at_most: the rule could never apply")
        if rule["kind"] == "sum":
            bands = rule["bands"]
            for b, band in enumerate(bands):
                if band["level"] not in levels:
                    problem((*at, "bands", b, "level"), f"{band['level']!r} is not one of the levels "
                                                        f"({', '.join(levels)})")
                if b == 0 and band["min"] != 0:
                    problem((*at, "bands", 0, "min"), "the first band must start at 0, so that every total has a band")
                if b and band["min"] <= bands[b - 1]["min"]:
                    problem((*at, "bands", b, "min"), f"must be above the band before it ({bands[b - 1]['min']})")
    return problems


# --- Normalising -------------------------------------------------------------------------


def _normalise(data: dict) -> dict:
    level_scores = data.get("level_scores", {})
    return {
        "format": FORMAT,
        "id": data["id"],
        "version": data["version"],
        "title": data["title"],
        "purpose": data["purpose"],
        "description": data.get("description", ""),
        "levels": [
            {"id": lv["id"], "label": lv["label"], "action": lv["action"],
             "review_weeks": lv.get("review_weeks", DEFAULT_REVIEW_WEEKS), "countersign": lv.get("countersign", False)}
            for lv in data["levels"]
        ],
        "answer_sets": {
            name: [{"value": a["value"], "label": a["label"], "present": a["present"],
                    "factor": a.get("factor", 1 if a["present"] else 0)} for a in answers]
            for name, answers in data["answer_sets"].items()
        },
        "time_windows": [{"id": w["id"], "label": w["label"], "factor": w["factor"]}
                         for w in data.get("time_windows", [])],
        "sections": [
            {
                "id": section["id"], "title": section["title"], "intro": section.get("intro", ""),
                "indicators": [
                    {
                        "id": ind["id"], "text": ind["text"], "category": ind["category"],
                        "level": ind.get("level"),
                        "score": ind.get("score", level_scores.get(ind.get("level"), 0)),
                        "answers": ind["answers"], "timed": ind.get("timed", False),
                        "notes": ind.get("notes", ""), "tags": list(ind.get("tags", [])),
                    }
                    for ind in section["indicators"]
                ],
            }
            for section in data["sections"]
        ],
        "scoring": {"rules": [dict(rule) for rule in data["scoring"]["rules"]]},
        "young_persons_view": {"prompt": data.get("young_persons_view", {}).get("prompt", DEFAULT_VIEW_PROMPT)},
    }


def check(text: str) -> dict:
    """The normalised definition in ``text``; InvalidTool listing every problem otherwise."""
    data, lines = parse(text)
    if not isinstance(data, dict):
        raise InvalidTool([Problem("", "must be a set of keys (format, id, version, …), as in docs/assessment-tools.md",
                                   1)])
    problems = sorted(
        {_schema_problem(e, lines) for e in _leaf_errors(_validator().iter_errors(data))},
        key=lambda p: (p.line or 0, p.path, p.message),
    )
    if problems:
        raise InvalidTool(problems)
    problems = _meaning_problems(data, lines)
    if problems:
        raise InvalidTool(problems)
    return _normalise(data)


def checksum(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def indicators(definition: dict) -> list[dict]:
    return [ind for section in definition["sections"] for ind in section["indicators"]]


def builtin_tool_files() -> list[Path]:
    return sorted(TOOLS_DIR.glob("*.yaml"))

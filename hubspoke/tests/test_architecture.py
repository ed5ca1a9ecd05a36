"""The shape of the code, as docs/architecture.md draws it, checked so that nobody has to
remember it: imports point down the layers, and views reach young people's records only
through their app's access getters and queries."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]  # the hubspoke package

# Lowest first. An app may import its own modules and those of any app in a lower layer;
# apps in one layer do not import each other. The package's own modules (settings, urls,
# the administration site) sit above everything. Keep in step with docs/architecture.md.
LAYERS = [
    ["lib"],
    ["outbox", "scheduler"],
    ["accounts"],
    ["audit"],
    ["network"],
    ["notifications"],
    ["referrals"],
    ["sharing"],
    ["assessments"],
    ["cases"],
    ["safety"],
    ["engagement"],
    ["participation"],
    ["stories"],
    ["rights"],
    ["retention"],
    ["exchange"],
    ["monitoring"],
    ["home"],
]
LEVEL = {app: n for n, layer in enumerate(LAYERS) for app in layer}
TOP = len(LAYERS)
# The apps that hold a young person's record (a view reaches it only through access and queries).
YOUNG_PERSON_APPS = ("referrals", "sharing", "assessments", "cases", "safety", "engagement", "participation", "stories",
                     "rights", "retention")


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or parts[-1] == "conftest.py":
            continue
        yield path, parts


def _app_of(parts) -> str | None:
    return parts[0] if len(parts) > 1 and (ROOT / parts[0]).is_dir() else None


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            # ``from hubspoke import cases`` names the app in the alias.
            if node.module == "hubspoke":
                for alias in node.names:
                    yield node.lineno, f"hubspoke.{alias.name}"


def _level(app: str | None) -> int:
    return TOP if app is None else LEVEL.get(app, -1)


def test_every_app_has_a_layer():
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    folders -= {"tests", "templates", "static"}
    assert folders - set(LEVEL) == set(), "add the new app to LAYERS here and to docs/architecture.md"


def test_imports_point_down_the_layers():
    upward = []
    for path, parts in _modules():
        here = _app_of(parts)
        for line, module in _imported(ast.parse(path.read_text(), str(path))):
            bits = module.split(".")
            if bits[0] != "hubspoke" or len(bits) < 2 or not (ROOT / bits[1]).is_dir():
                continue
            there = bits[1]
            if there == here:
                continue
            if _level(there) >= _level(here):
                upward.append(f"{'/'.join(parts)}:{line} imports {module}")
    assert upward == []


def _views_modules():
    for path, parts in _modules():
        if "views" in parts[1:-1] or parts[-1] == "views.py":
            yield path, parts


def _young_person_models():
    models = [m for label in YOUNG_PERSON_APPS for m in apps.get_app_config(label).get_models()]
    names = {m.__name__ for m in models}
    accessors = set()
    for label in YOUNG_PERSON_APPS + ("network",):
        for model in apps.get_app_config(label).get_models():
            for rel in model._meta.related_objects:
                if rel.related_model in models:
                    accessors.add(rel.get_accessor_name())
    return names, accessors


QUERYSET_METHODS = {"all", "filter", "exclude", "get", "order_by", "values", "values_list", "count", "exists",
                    "first", "last", "annotate", "aggregate", "select_related", "prefetch_related", "create",
                    "update", "delete", "in_bulk", "iterator"}


def test_views_reach_young_peoples_records_only_through_access_and_queries():
    names, accessors = _young_person_models()
    found = []
    for path, parts in _views_modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Attribute):
                continue
            where = f"{'/'.join(parts)}:{node.lineno}"
            if node.attr == "objects" and isinstance(node.value, ast.Name) and node.value.id in names:
                found.append(f"{where} {node.value.id}.objects")
            elif node.attr in QUERYSET_METHODS and isinstance(node.value, ast.Attribute) \
                    and node.value.attr in accessors:
                found.append(f"{where} .{node.value.attr}.{node.attr}()")
    assert found == []


@pytest.mark.parametrize("bad, ok", [
    ("from hubspoke.cases import actions", "from hubspoke.lib import dates"),
])
def test_the_layer_check_would_catch_an_upward_import(bad, ok):
    # The check itself can fail: an import of cases from referrals points up.
    def upward(source, here):
        return [m for _, m in _imported(ast.parse(source)) if _level(m.split(".")[1]) >= _level(here)]
    assert upward(bad, "referrals") and not upward(ok, "referrals")

"""Source rules checked with `ast`: the in-app import order, and the scoping lint (ARCHITECTURE.md §1, §3)."""

import ast
from pathlib import Path

import django.apps

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    {"urls", "views", "api", "tasks", "admin", "management", "templatetags", "demo", "reference"},
    {"forms", "schemas", "columns", "ical"},
    {"services", "importer"},
    {"selectors"},
    {"filters"},
    {"models", "querysets"},
]
RANK = {name: i for i, row in enumerate(ROWS) for name in row}


def source_files():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if {"migrations", "tests", "testing"} & set(rel.parts):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def test_modules_import_only_their_own_row_or_lower():
    problems = []
    for rel, tree in source_files():
        if len(rel.parts) < 2:
            continue
        app, module = rel.parts[0], rel.parts[1].removesuffix(".py")
        if module not in RANK:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(f"ngoaivu.{app}."):
                target = node.module.split(".")[2]
                if target in RANK and RANK[target] < RANK[module]:
                    problems.append(f"{rel}: imports {node.module}")
    assert not problems, problems


def scoped_model_names():
    from ngoaivu.core.models import ScopedModel

    return {m.__name__ for m in django.apps.apps.get_models() if issubclass(m, ScopedModel)}


def test_scoped_models_are_only_read_through_visible_to_or_system():
    scoped = scoped_model_names()
    assert {"Partner", "Contact"} <= scoped
    problems = []
    for rel, tree in source_files():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id in scoped
            ):
                parent_ok = False
                for outer in ast.walk(tree):
                    if (
                        isinstance(outer, ast.Attribute)
                        and outer.value is node
                        and outer.attr in {"visible_to", "system"}
                    ):
                        parent_ok = True
                if not parent_ok:
                    problems.append(f"{rel}:{node.lineno}: {node.value.id}.objects without visible_to/system")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_object_or_404":
                problems.append(f"{rel}:{node.lineno}: get_object_or_404 bypasses scoping")
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"_default_manager", "_base_manager"}
                and rel.parts[0] != "core"
                and rel.name != "reference.py"
            ):
                problems.append(f"{rel}:{node.lineno}: {node.attr} outside core")
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "system":
                reason = [k for k in node.keywords if k.arg == "reason"]
                if not reason:
                    problems.append(f"{rel}:{node.lineno}: system() without reason=")
    assert not problems, problems


def test_views_and_api_never_save_models_directly():
    problems = []
    for rel, tree in source_files():
        if rel.name not in {"views.py", "api.py"}:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {
                "save",
                "delete",
                "create",
                "update",
            }:
                receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
                if (
                    receiver is not None
                    and getattr(receiver, "id", "") not in {"response", "router", "services"}
                    and not (isinstance(receiver, ast.Name) and receiver.id.endswith("services"))
                ):
                    problems.append(f"{rel}:{node.lineno}: .{node.func.attr}() in an entry point")
    assert not problems, problems

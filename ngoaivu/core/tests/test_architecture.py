"""Source rules checked with `ast`: the in-app import order, the scoping lint (ARCHITECTURE.md §1, §3), and
that the demo and synthetic-data generators (`<app>/dev/`) stay out of the runtime import path."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import django.apps
import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    {"urls", "views", "api", "tasks", "admin", "management", "templatetags", "dev", "demo", "reference"},
    {"forms", "schemas", "columns", "ical"},
    {"services", "importer"},
    {"selectors"},
    {"filters"},
    {"models", "querysets"},
]
RANK = {name: i for i, row in enumerate(ROWS) for name in row}
# Modules that serve requests or jobs: none of them may reach the demo and synthetic-data generators.
DOMAIN = {
    "models",
    "querysets",
    "filters",
    "selectors",
    "services",
    "importer",
    "forms",
    "schemas",
    "columns",
}
DOMAIN |= {"ical", "views", "api", "urls", "tasks", "admin", "templatetags", "reference"}
GENERATORS = {"dev", "demo", "synth"}


def source_files():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if {"migrations", "tests", "testing"} & set(rel.parts):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def imported_modules(tree: ast.AST, rel: Path) -> Iterator[tuple[int, str]]:
    """Every ngoaivu module a source file imports, as a dotted name: `import ngoaivu.a.b`, `from ngoaivu.a.b
    import c` (both `ngoaivu.a.b` and `ngoaivu.a.b.c`, since c may be a module), `from ngoaivu.a import b`
    and relative imports resolved against the file's package. Imports inside functions count too."""
    package = ["ngoaivu", *rel.parts[:-1]]
    if rel.name != "__init__.py":
        package = ["ngoaivu", *rel.with_suffix("").parts[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else list(package)
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if node.module:
                yield node.lineno, module
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{module}.{alias.name}"


def import_order_problems(rel: Path, tree: ast.AST) -> list[str]:
    """A module of an app (ranked by rel.parts[1], so `delegations/services/visits.py` is a services module)
    may import its own app's modules of its own row or lower only."""
    if len(rel.parts) < 2:
        return []
    app, module = rel.parts[0], rel.parts[1].removesuffix(".py")
    if module not in RANK:
        return []
    problems = []
    for lineno, target in imported_modules(tree, rel):
        parts = target.split(".")
        if len(parts) < 3 or parts[0] != "ngoaivu" or parts[1] != app:
            continue
        if parts[2] in RANK and RANK[parts[2]] < RANK[module]:
            problems.append(f"{rel}:{lineno}: imports {target}")
    return sorted(set(problems))


def generator_problems(rel: Path, tree: ast.AST) -> list[str]:
    """No domain module (of any app) imports a demo or synthetic-data generator."""
    if len(rel.parts) < 2 or rel.parts[1].removesuffix(".py") not in DOMAIN:
        return []
    problems = []
    for lineno, target in imported_modules(tree, rel):
        parts = target.split(".")
        if parts[0] == "ngoaivu" and GENERATORS & set(parts[2:3]):
            problems.append(f"{rel}:{lineno}: imports the generator {target}")
    return sorted(set(problems))


def test_modules_import_only_their_own_row_or_lower():
    problems = [p for rel, tree in source_files() for p in import_order_problems(rel, tree)]
    assert not problems, problems


def test_domain_modules_never_import_the_demo_or_synthetic_data_generators():
    problems = [p for rel, tree in source_files() for p in generator_problems(rel, tree)]
    assert not problems, problems


def _check(path: str, source: str) -> list[str]:
    rel = Path(path)
    tree = ast.parse(source)
    return import_order_problems(rel, tree) + generator_problems(rel, tree)


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("delegations/selectors.py", "from ngoaivu.delegations import services\n"),
        ("delegations/selectors.py", "from ngoaivu.delegations import models, services as s\n"),
        ("delegations/selectors.py", "import ngoaivu.delegations.services\n"),
        ("delegations/selectors.py", "from ngoaivu.delegations.services.visits import visit_create\n"),
        ("delegations/selectors.py", "def f():\n    from ngoaivu.delegations.views import x\n"),
        ("delegations/selectors.py", "from . import services\n"),
        ("delegations/selectors.py", "from .services import visit_create\n"),
        ("delegations/services/visits.py", "from ngoaivu.delegations import views\n"),
        ("delegations/services/visits.py", "from ..views import common\n"),
        ("delegations/services/__init__.py", "from ngoaivu.delegations.api import router\n"),
        ("delegations/models.py", "from ngoaivu.delegations import selectors\n"),
        ("delegations/services.py", "from ngoaivu.delegations.dev import demo\n"),
        ("requests/views.py", "from ngoaivu.delegations.dev.synth import synthesize_delegations\n"),
        ("directory/selectors.py", "import ngoaivu.directory.dev.demo\n"),
    ],
)
def test_a_planted_violation_is_caught(path, source):
    assert _check(path, source), f"{path}: {source!r} passed the checker"


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("delegations/services.py", "from ngoaivu.delegations import selectors, models\n"),
        ("delegations/services/visits.py", "from ngoaivu.delegations.services.common import x\n"),
        ("delegations/services/visits.py", "from . import common\n"),
        ("delegations/views/visits.py", "from ngoaivu.delegations import selectors, services\n"),
        (
            "delegations/selectors.py",
            "from ngoaivu.agreements import services\n",
        ),  # another app: import-linter's
        ("delegations/dev/demo.py", "from ngoaivu.delegations import services\n"),
        ("core/management/commands/demo.py", "from ngoaivu.delegations.dev import demo\n"),
        ("delegations/selectors.py", "import ngoaivu\nfrom ngoaivu.core import files\n"),
    ],
)
def test_allowed_imports_pass(path, source):
    assert _check(path, source) == []


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
                        # readable_or_shared: visible_to plus what another province shared (requests' public read)
                        and outer.attr in {"visible_to", "system", "readable_or_shared"}
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
        if len(rel.parts) < 2 or rel.parts[1].removesuffix(".py") not in {"views", "api"}:
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

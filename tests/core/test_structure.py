"""`core` is the floor every app stands on: it imports none of the apps above it, not even inside a function."""

import ast
from pathlib import Path

from django.conf import settings

from core.roles import DOMAIN_APPS

CORE = Path(settings.BASE_DIR, "core")
ABOVE = {*DOMAIN_APPS, "publishing", "portal"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".", 1)[0] for name in names}


def test_core_imports_no_app_above_it():
    found = {
        str(path.relative_to(CORE)): imported_apps(path) & ABOVE
        for path in CORE.rglob("*.py")
        if "migrations" not in path.parts
    }
    assert {path: apps for path, apps in found.items() if apps} == {}

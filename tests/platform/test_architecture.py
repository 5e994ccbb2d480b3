"""Architecture rules from DESIGN.md, checked: every endpoint is guarded, views never touch the database."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from config import BASE_DIR
from portal.policy import Action, public, requires
from portal.policy.guard import PUBLIC

DATABASE_MODULES = ("sqlalchemy", "flask_sqlalchemy")


def unguarded_endpoints(app: Flask) -> list[str]:
    """Endpoints whose view is neither @public nor @requires(...): deny by default means none may exist."""
    offenders = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        marker = getattr(app.view_functions[rule.endpoint], "soffa_access", None)
        if marker != PUBLIC and not isinstance(marker, Action):
            offenders.append(f"{rule.endpoint} ({rule.rule})")
    return sorted(offenders)


def test_every_endpoint_is_public_or_requires_an_action(app):
    assert unguarded_endpoints(app) == [], "endpoints without @requires or @public"


def test_the_endpoint_walk_finds_an_unguarded_view():
    probe = Flask(__name__)
    probe.add_url_rule("/open", "open", lambda: "")
    probe.add_url_rule("/public", "public", public(lambda: ""))
    probe.add_url_rule("/guarded", "guarded", requires(Action.CASE_LIST)(lambda: ""))
    assert unguarded_endpoints(probe) == ["open (/open)"]


def database_use(source: str) -> list[str]:
    """What in a views module reaches for the database: imports of it, or db.session."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] in DATABASE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in DATABASE_MODULES:
                found.append(f"from {node.module} import ...")
            elif node.module == "portal.extensions" and any(a.name == "db" for a in node.names):
                found.append("from portal.extensions import db")
            elif node.module == "portal" and any(a.name == "extensions" for a in node.names):
                found.append("from portal import extensions")
        elif isinstance(node, ast.Attribute) and node.attr == "session":
            owner = node.value
            if (isinstance(owner, ast.Name) and owner.id == "db") or (
                isinstance(owner, ast.Attribute) and owner.attr == "db"
            ):
                found.append(f"db.session on line {node.lineno}")
    return found


def views_modules() -> list[Path]:
    portal = BASE_DIR / "portal"
    # A package's views.py, at any depth (portal/cases/contacts/views.py), or a views/ package once split.
    return sorted({*portal.glob("**/views.py"), *portal.glob("**/views/**/*.py")})


def test_views_never_touch_the_database():
    offenders = {
        str(path.relative_to(BASE_DIR)): found
        for path in views_modules()
        if (found := database_use(path.read_text(encoding="utf-8")))
    }
    assert len(views_modules()) >= 4, "too few views modules found: is the glob still right?"
    assert offenders == {}, "views must call services/queries instead"


@pytest.mark.parametrize(
    "source",
    [
        "import sqlalchemy as sa",
        "import sqlalchemy.orm",
        "from sqlalchemy import select",
        "from flask_sqlalchemy import SQLAlchemy",
        "from portal.extensions import csrf, db",
        "from portal.extensions import db as database",
        "from portal import extensions",
        "def view(db):\n    return db.session.get(1)",
        "def view(x):\n    return x.db.session.get(1)",
    ],
)
def test_the_views_check_catches(source):
    assert database_use(source)


def test_the_views_check_lets_a_clean_view_through():
    source = "from portal.extensions import limiter\nfrom portal.cases import queries\nsession = 1\n"
    assert database_use(source) == []


def _ruff() -> str:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return ruff


def _ruff_on(source: str, filename: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own arguments
        [_ruff(), "check", "--no-cache", "--select", "TID251", "--stdin-filename", filename, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=False,
    )


@pytest.mark.parametrize(
    ("filename", "banned"),
    [
        ("portal/probe/views.py", True),
        ("portal/probe/views/team.py", True),  # a views package, once views.py outgrows one file
        ("portal/probe/part/views.py", True),  # a sub-package's views
        ("portal/probe/services.py", False),
        ("portal/probe/queries.py", False),
        ("tests/probe/views.py", False),
    ],
)
@pytest.mark.parametrize(
    "source",
    [
        "from portal.extensions import db",
        "import sqlalchemy as sa",
        "from flask_sqlalchemy import SQLAlchemy",
    ],
)
def test_ruff_bans_database_imports_in_views_only(filename, banned, source):
    result = _ruff_on(source + "\n", filename)
    assert (result.returncode == 1 and "TID251" in result.stdout) is banned, result.stdout + result.stderr


def test_ruff_check_passes_on_the_repository():
    result = subprocess.run(  # noqa: S603 - our own arguments
        [_ruff(), "check", "--no-cache", "--output-format", "concise", "."],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_has_nothing_to_change():
    result = subprocess.run(  # noqa: S603 - our own arguments
        [_ruff(), "format", "--no-cache", "--check", "."],
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Swedish and Danish are complete for every string in the code and templates, and actually served."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "portal" / "translations"
LANGUAGES = ("sv", "da")


@pytest.fixture(scope="module")
def current_strings(tmp_path_factory) -> set[str]:
    """Extract afresh, so a string added without a translation fails here, not in front of a user."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(handle)
            if message.id
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(current_strings, language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and m.string and (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
    }
    missing = sorted(current_strings - translated)
    assert not missing, f"{len(missing)} strings lack a {language} translation, e.g. {missing[:5]}"
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert not problems, f"placeholder mismatches in {language}: {problems[:3]}"


@pytest.mark.parametrize(
    ("accept", "expected"), [("sv-SE,sv;q=0.9", "Logga in"), ("da-DK,da;q=0.9", "Log ind"), ("en", "Sign in")]
)
def test_the_browser_language_is_used_before_sign_in(client, accept, expected):
    page = client.get("/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert expected in page


def test_the_user_setting_wins_over_the_browser(app, client, make):
    manager = make.user("case_manager", locale="da")
    client.login(manager.email)
    page = client.get("/cases/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert 'lang="da"' in page

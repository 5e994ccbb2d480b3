"""The mail templates: every string of a plain-text part also exists in an HTML part, so the catalogues
(extracted from templates/**.html by portal/translations/babel.cfg) cover the text parts too."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file

from config import BASE_DIR

EMAILS = Path(BASE_DIR) / "templates" / "emails"


def msgids(pattern: str) -> set[str]:
    found = set()
    for path in EMAILS.glob(pattern):
        for _line, message, _comments, _context in extract_from_file("jinja2", str(path)):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_text_string_is_also_in_an_html_template():
    text, html = msgids("*.txt"), msgids("*.html")
    assert len(text) >= 15, "extraction found too few strings: is the glob still right?"
    assert text - html == set()


def test_each_kind_has_a_text_and_an_html_template():
    for kind in ("invite", "update", "cancel", "reminder"):
        assert (EMAILS / f"{kind}.txt").is_file() and (EMAILS / f"{kind}.html").is_file()

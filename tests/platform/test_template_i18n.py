"""Template strings, dates and labels resolved once per page (portal/template_i18n.py) give exactly what
Flask-Babel's per-string lookups give: in the reader's language and zone, and inside force_locale (mail in the
recipient's language) in that language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale, format_date, format_datetime

LATE_EVENING = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # already the 24th in Stockholm
SUMMER = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize("value", [LATE_EVENING, SUMMER, date(2027, 3, 28)])
@pytest.mark.parametrize("pattern", [None, "short", "long", "EEEE d MMMM"])
def test_dates_match_flask_babel(app, language, value, pattern):
    with app.test_request_context(), force_locale(language):
        if pattern is None:
            page = render_template_string("{{ value|date }}", value=value)
        else:
            page = render_template_string("{{ value|date(pattern) }}", value=value, pattern=pattern)
        assert page == str(format_date(value, pattern))


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize("pattern", [None, "short"])
def test_date_times_match_flask_babel_in_the_readers_zone(app, language, pattern):
    with app.test_request_context(), force_locale(language):
        page = render_template_string("{{ value|datetime(pattern) }}", value=LATE_EVENING, pattern=pattern)
        assert page == str(format_datetime(LATE_EVENING, pattern))
    assert "24" in page  # Stockholm, not UTC


def test_strings_and_labels_follow_force_locale_within_one_request(app):
    template = "{{ _('Meetings') }}|{{ label('status', 'closed') }}"
    with app.test_request_context():
        with force_locale("sv"):
            swedish = render_template_string(template)
        with force_locale("da"):
            danish = render_template_string(template)
    assert swedish != danish
    assert swedish.split("|")[1] != danish.split("|")[1]


@pytest.mark.parametrize("language", ["sv", "da", "en"])
@pytest.mark.parametrize(
    "call",
    [
        "_('Meetings')",  # no variables
        "_('Removed by %(name)s on %(date)s: %(reason)s', name=who, date='1 jan', reason=why)",
        "_('100%% sure')",  # new-style gettext always formats: %% is one %
        "_(message)",  # a message that is not in the catalogue
    ],
)
@pytest.mark.parametrize("name", ["page.html", "mail.txt"])  # autoescaped, and not
def test_underscore_gives_what_jinjas_gettext_gives(app, language, call, name):
    """template_i18n._translate replaces Jinja's `_` alias: the same text, escaping and formatting as the
    `gettext` it stands for (Jinja's new-style wrapper around the same catalogue)."""
    values = {"who": "<b>Ann</b>", "why": "R&D", "message": "<i>not translated</i> 5%%"}
    environment = app.jinja_env
    ours = environment.from_string("{{ " + call + " }}")
    theirs = environment.from_string("{{ " + call.replace("_(", "gettext(", 1) + " }}")
    ours.name = theirs.name = name  # autoescape is chosen by the template's name (select_autoescape)
    with app.test_request_context(), force_locale(language):
        assert ours.render(**values) == theirs.render(**values)

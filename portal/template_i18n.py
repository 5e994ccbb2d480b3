"""Translations and dates in templates, resolved once per page instead of once per string.

Flask-Babel's template callables look the reader's language (and, for dates, the time zone) up again for
every string: about a dozen context-local lookups each, and a case page has over a hundred strings and
dates. Measured on the case overview that was a third of the page's time. Here a context processor puts
the catalogue, the locale and the zone into the template context once per render_template call, and the
callables read them from there. A template rendered inside force_locale (mail in the recipient's
language) runs the processor inside it, so it gets that language. Macros imported without context do not
see the processor's values and fall back to Flask-Babel's lookup: slower, never wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel import dates
from flask import Flask
from flask_babel import format_date, format_datetime, get_locale, get_timezone, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from portal.web.page_dates import day_text

_CATALOGUE = "_soffa_catalogue"
_LOCALE = "_soffa_locale"
_ZONE = "_soffa_zone"
_MEMO = "_soffa_memo"  # per render: labels already worked out for this page


def _catalogue(context):
    return context.get(_CATALOGUE) or get_translations()


@pass_context
def _gettext(context, message):
    return _catalogue(context).ugettext(message)


@pass_context
def _translate(context, message, **variables):
    """`_()` in templates, in one call: what Jinja's alias and its new-style gettext wrapper do in three
    (a case page has about fifty of them). The same rules: escaped as Markup where the template
    autoescapes, and always a format string ("%%" is a literal %), with the variables escaped."""
    text = _catalogue(context).ugettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our own catalogue's text, trusted as Jinja's gettext trusts it
    if not variables and "%" not in text:
        return text  # formatting with nothing would give the same text back
    return text % variables


@pass_context
def _ngettext(context, singular, plural, count):
    return _catalogue(context).ungettext(singular, plural, count)


@pass_context
def _pgettext(context, where, message):
    return _catalogue(context).upgettext(where, message)


@pass_context
def _npgettext(context, where, singular, plural, count):
    return _catalogue(context).unpgettext(where, singular, plural, count)


@pass_context
def _date(context, value, format=None):
    locale, zone = context.get(_LOCALE), context.get(_ZONE)
    if locale is None or zone is None:
        return format_date(value, format)
    if isinstance(value, datetime):  # the reader's calendar day, as Flask-Babel's rebase gives
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone).date()
    return day_text(locale, format, value)


@pass_context
def _datetime(context, value, format=None):
    locale, zone = context.get(_LOCALE), context.get(_ZONE)
    if locale is None or zone is None:
        return format_datetime(value, format)

    return dates.format_datetime(value, format or "medium", tzinfo=zone, locale=locale)


def per_page(translate):
    """A template global translating stored codes (label("status", "active")), each worked out once
    per page: a list of 50 cases asks for the same few labels a hundred times."""

    @pass_context
    def remembered(context, *key):
        memo = context.get(_MEMO)
        if memo is None:
            return translate(*key)
        if key not in memo:
            memo[key] = translate(*key)
        return memo[key]

    return remembered


def install(app: Flask) -> None:
    """Replace Flask-Babel's per-string template callables (set up by babel.init_app) with these."""
    app.jinja_env.install_gettext_callables(
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True
    )
    app.jinja_env.globals["_"] = _translate  # after install_gettext_callables, which sets Jinja's own
    app.jinja_env.filters.update(date=_date, datetime=_datetime)

    @app.context_processor
    def _reader_language() -> dict:
        return {_CATALOGUE: get_translations(), _LOCALE: get_locale(), _ZONE: get_timezone(), _MEMO: {}}

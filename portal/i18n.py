"""Language and time zone of the reader: the user's setting, else the browser's language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_login import current_user

LOCALE_COOKIE = "soffa_locale"  # the language an anonymous visitor chose (the language switch, portal/youth)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    if request.cookies.get(LOCALE_COOKIE) in languages:
        return request.cookies[LOCALE_COOKIE]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if getattr(current_user, "is_authenticated", False) and current_user.timezone:
        return current_user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def local_today() -> date:
    """Today in the portal's home zone: consent dates are calendar dates where the young person lives."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()

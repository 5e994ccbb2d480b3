"""The case status form's fields as the hub first sees them, rendered once per language and status.

Every case overview the hub opens shows the status form. Building and rendering it through WTForms cost a
tenth of the page. Unchanged, its fields depend only on the reader's language and the case's status and
outcome (a few dozen combinations), so they are rendered once per combination and kept for the life of
the process (the catalogues do not change while the portal runs). The CSRF token is the session's own:
the template puts it in on every page. A form sent back with errors is still WTForms' own.
"""

from __future__ import annotations

from functools import lru_cache

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup


def blank_status_fields(status: str, outcome: str | None) -> Markup:
    return _rendered(str(get_locale()), status, outcome or "")


@lru_cache(maxsize=64)
def _rendered(language: str, status: str, outcome: str) -> Markup:
    # `language` is the key only: the form renders in the current language, which is that one.
    from portal.cases.forms import StatusForm

    form = StatusForm(formdata=None, meta={"csrf": False}, status=status, outcome=outcome)
    return get_template_attribute("cases/_status_fields.html", "status_inputs")(form)

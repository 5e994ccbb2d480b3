"""The fields of an empty note form, rendered once per language and set of choices.

Every timeline page and every added note shows an empty note form. WTForms renders it widget by widget
(choices, attributes, escaping, labels): a fifth of the timeline page's time. An empty form's fields
depend only on the reader's language, the visibilities they may choose and whether they may share with
the young person, so they are rendered once per such combination (a few dozen at most) and kept for the
life of the process; the catalogues do not change while the portal runs. The CSRF token is not part of
them: it belongs to the session and the template puts it in on every page.
"""

from __future__ import annotations

from functools import lru_cache

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

from portal.policy import CaseAccess
from portal.policy.visibility import allowed_visibilities, may_share_with_young_person


def blank_note_fields(access: CaseAccess) -> Markup:
    allowed = tuple(allowed_visibilities(access))
    return _rendered(str(get_locale()), allowed, may_share_with_young_person(access))


@lru_cache(maxsize=64)
def _rendered(language: str, allowed: tuple, may_share: bool) -> Markup:
    # `language` is the key only: the form renders in the current language, which is that one.
    from portal.timeline.forms import NoteForm

    form = NoteForm(formdata=None, meta={"csrf": False}, visibility=allowed[0].value if allowed else None)
    form.set_choices(allowed)
    inputs = get_template_attribute("timeline/_note_fields.html", "note_inputs")
    return inputs(form, may_share)  # Markup: the template environment escapes

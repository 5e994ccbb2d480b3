"""The base of the portal's forms: Flask-WTF's FlaskForm, with WTForms' own messages loaded once per
language instead of once per request.

Flask-WTF reads WTForms' catalogue (its built-in messages, such as "Not a valid choice") from disk for
the first form of every request: about 0.1 ms on each page that shows a form, the timeline and the case
overview among them. The catalogues do not change while the portal runs, so here each language's is
loaded once. With WTF_I18N_ENABLED off the messages stay in English, as with FlaskForm.
"""

from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _catalogue(language: str) -> support.Translations:
    return support.Translations.load(messages_path(), [language], domain="wtforms")


class _ReaderLanguage:
    """What WTForms asks of its translations, answered in the reader's language."""

    @staticmethod
    def _in_language():
        locale = get_locale()
        return _catalogue(str(locale)) if locale is not None else None

    def gettext(self, string: str) -> str:
        catalogue = self._in_language()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        catalogue = self._in_language()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


_TRANSLATIONS = _ReaderLanguage()


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _TRANSLATIONS

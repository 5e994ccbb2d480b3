"""The language switch on every youth page and on sign-in: stored on the account, or in a cookie for a
visitor who is not signed in (portal/i18n.select_locale reads both)."""

from __future__ import annotations

from flask import current_app, redirect, url_for
from flask_login import current_user

from portal.auth.redirects import safe_next
from portal.i18n import LOCALE_COOKIE
from portal.policy import public
from portal.youth import services
from portal.youth.forms import LanguageForm
from portal.youth.views import bp

YEAR = 365 * 24 * 3600


@bp.route("/language", methods=["POST"])
@public  # choosing a language reveals and changes nothing but the chooser's own setting (CSRF-guarded)
def language():
    form = LanguageForm()
    back = safe_next(form.next.data, url_for("web.home"))
    if not form.validate():
        return redirect(back)
    response = redirect(back)
    if current_user.is_authenticated:
        services.set_locale(current_user._get_current_object(), form.language.data)
    else:
        secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
        response.set_cookie(
            LOCALE_COOKIE, form.language.data, max_age=YEAR, samesite="Lax", httponly=True, secure=secure
        )
    return response

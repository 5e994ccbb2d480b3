"""Error pages: the same clear page for every error, a fragment for htmx calls, never a stack trace."""

from __future__ import annotations

import logging

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db
from portal.web.htmx import is_htmx

log = logging.getLogger("soffa.errors")


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Reload the page and try again."),
        403: _("You do not have permission to do this."),
        404: _("There is nothing here, or you do not have access to it."),
        405: _("This action is not available here."),
        413: _("What you sent is too large."),
        422: _("Please correct the form and try again."),
        429: _("Too many attempts. Wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing was saved. Please try again."),
    }


def render_error(status: int, message: str | None = None):
    message = message or _messages().get(status, _messages()[500])
    template = "errors/_message.html" if is_htmx() else "errors/error.html"
    response = render_template(template, status=status, message=message), status
    if is_htmx():
        # Show the message in the page's message region instead of the target the call meant to swap.
        return response[0], status, {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
    return response


def register_error_handlers(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, _("Your form expired or was sent from elsewhere. Reload the page and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        log.exception("unhandled error")
        return render_error(500)

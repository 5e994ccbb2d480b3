"""The only importer of htmx_flask. One URL answers with the whole page or, for htmx, its fragment."""

from __future__ import annotations

from flask import make_response, render_template
from htmx_flask import request

from portal.web.events import Event


def is_htmx() -> bool:
    # A boosted request wants the whole page; only targeted htmx calls get the fragment.
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_page_or_fragment(
    page: str, fragment: str, status: int = 200, trigger: list[Event] | None = None, **ctx
):
    template = fragment if is_htmx() else page
    response = make_response(render_template(template, **ctx), status)
    if trigger and is_htmx():
        response.headers["HX-Trigger"] = ", ".join(trigger)
    return response


def redirect_for_htmx(url: str, status: int = 200):
    """htmx follows HX-Redirect with a full page load instead of swapping the answer into the page."""
    response = make_response("", status)
    response.headers["HX-Redirect"] = url
    return response

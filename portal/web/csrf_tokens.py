"""The CSRF token a page carries, signed once per session rather than once per request.

Flask-WTF keeps a random token in the session and puts a signed copy of it in each page: signing it
(itsdangerous, HMAC and base64) cost a few percent of every page. The tokens do not expire here
(WTF_CSRF_TIME_LIMIT is None: the server-side session has its own limits), so the copy signed for a
session's first page stays valid for all its pages and is kept, per secret key and session token, for
the life of the process. Validation is Flask-WTF's own and unchanged; a new session (sign-in, sign-out)
has a new token and so a new signed copy.
"""

from __future__ import annotations

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

FIELD = "csrf_token"  # Flask-WTF's default field name: the raw token in the session, the signed one in g
MAX_KEPT = 10_000  # sessions; then the memo starts afresh
_signed: dict[tuple[str, str], str] = {}


def csrf_token() -> str:
    """The template global `csrf_token()`: Flask-WTF's generate_csrf, signing at most once per session."""
    if FIELD in g:
        return generate_csrf()  # this request has its token already (a form in the view made it)
    may_keep = current_app.config["WTF_CSRF_TIME_LIMIT"] is None
    kept = _signed.get((current_app.secret_key, session.get(FIELD))) if may_keep else None
    if kept is not None:
        setattr(g, FIELD, kept)  # what generate_csrf returns for the rest of this request
        return kept
    token = generate_csrf()  # signs the session's token (and makes one if the session had none)
    if may_keep:
        if len(_signed) >= MAX_KEPT:
            _signed.clear()
        _signed[(current_app.secret_key, session[FIELD])] = token
    return token

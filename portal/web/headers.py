"""Headers on every response: a strict CSP (no inline script), no sniffing, no caching of signed-in pages."""

from __future__ import annotations

from flask import current_app, g
from flask_login import current_user

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def apply_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.add("Vary", "HX-Request")  # the same URL gives a page or a fragment: caches must keep them apart
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Only if this request loaded the user: static files and /healthz must not cost a session query.
    if "_login_user" in g and getattr(current_user, "is_authenticated", False):
        headers["Cache-Control"] = "no-store"
    return response

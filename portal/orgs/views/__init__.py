"""The administration area: organisations, users and the access-log review.

Administrators see no case content (separation of duties): these pages show people and organisations,
and the access log by case number only.
"""

from __future__ import annotations

from flask import Blueprint

from portal.orgs.forms import KIND_LABELS, LOCALE_LABELS, ROLE_LABELS

bp = Blueprint("orgs", __name__, url_prefix="/admin")

LABELS = {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS, "locale_labels": LOCALE_LABELS}

from portal.orgs.views import access_log, organisations, user_access, users  # noqa: E402, F401 - the routes register themselves on bp

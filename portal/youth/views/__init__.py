"""The young person's own pages (/me), passwordless sign-in and the language switch: one blueprint, a
module per topic."""

from flask import Blueprint

bp = Blueprint("youth", __name__)

from portal.youth.views import consent, help, home, language, notes, sign_in, week  # noqa: E402, F401 - routes register on bp

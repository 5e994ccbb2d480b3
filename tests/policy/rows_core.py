"""Access-table rows for the start page, sign-in and the cases area: endpoint -> (method, url, statuses)."""

from tests.policy.rows import (
    CASE_MANAGERS,
    CASE_MANAGERS_POST,
    CASE_READ,
    CASE_WORKERS,
    HUB_ACTION,
    HUB_FORM,
    HUB_PAGE,
    PUBLIC,
)
from tests.policy.world import RELATIONS

ROWS = {
    "web.home": ("GET", "/", dict.fromkeys(RELATIONS, 302)),
    "web.healthz": ("GET", "/healthz", PUBLIC),
    "auth.login": ("GET", "/login", {**dict.fromkeys(RELATIONS, 302), "anonymous": 200}),
    "auth.logout": ("POST", "/logout", dict.fromkeys(RELATIONS, 302)),
    "cases.my_cases": ("GET", "/cases/", CASE_WORKERS),
    "cases.new_case": ("GET", "/cases/new", CASE_MANAGERS),
    "cases.new_case#post": ("POST", "/cases/new", CASE_MANAGERS_POST),
    "cases.overview": ("GET", "/cases/{case}", CASE_READ),
    "cases.change_status": ("POST", "/cases/{case}/status", HUB_FORM),
    "cases.consent_form": ("GET", "/cases/{case}/consents/new", HUB_PAGE),
    "cases.record_consent": ("POST", "/cases/{case}/consents", HUB_FORM),
    "cases.withdraw_consent": ("POST", "/cases/{case}/consents/{consent}/withdraw", HUB_ACTION),
}

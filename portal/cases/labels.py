"""Human labels for the stored codes of cases, in the reader's language. Forms and templates share them."""

from __future__ import annotations

from functools import lru_cache

from flask import g, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.cases.models import CaseStatus, Outcome, Track

TRACK_CHOICES = [
    (Track.IN_SCHOOL_AT_RISK.value, _l("In school, at risk of leaving")),
    (Track.LEFT_SCHOOL.value, _l("Has left school")),
]
STATUS_CHOICES = [
    (CaseStatus.REFERRED.value, _l("Referred")),
    (CaseStatus.ACTIVE.value, _l("Active")),
    (CaseStatus.PAUSED.value, _l("Paused")),
    (CaseStatus.CLOSED.value, _l("Closed")),
]
OUTCOME_CHOICES = [
    ("", _l("No outcome yet")),
    (Outcome.COMPLETED_EDUCATION.value, _l("Completed education")),
    (Outcome.CONTINUING_EDUCATION.value, _l("Continuing education")),
    (Outcome.WORK.value, _l("Work")),
    (Outcome.MOVED.value, _l("Moved away")),
    (Outcome.DECLINED.value, _l("Declined further support")),
    (Outcome.OTHER.value, _l("Other")),
]
LANGUAGE_CHOICES = [("sv", "Svenska"), ("da", "Dansk"), ("en", "English")]
CASE_ROLE_CHOICES = [
    ("mentor", _l("Mentor")),
    ("kurator", _l("School counsellor")),
    ("study_adviser", _l("Study and career adviser")),
    ("teacher", _l("Teacher")),
    ("school_nurse", _l("School nurse")),
    ("social_worker", _l("Social worker")),
    ("job_coach", _l("Job coach")),
    ("volunteer", _l("Volunteer")),
    ("youth_worker", _l("Youth worker")),
    ("psychologist", _l("Psychologist")),
    ("other", _l("Other")),
]

_BY_KIND = {
    "track": dict(TRACK_CHOICES),
    "status": dict(STATUS_CHOICES),
    "outcome": dict(OUTCOME_CHOICES),
    "language": dict(LANGUAGE_CHOICES),
    "case_role": dict(CASE_ROLE_CHOICES),
}


def label(kind: str, code: str | None) -> str:
    """The label for a stored code; an unknown code is shown as it is rather than hidden.

    Translated once per request and code: a list of 50 cases asks for the same few labels 100 times,
    and each lazy string would look its translation up again."""
    if code is None:
        return ""
    if not has_request_context():
        return str(_BY_KIND[kind].get(code, code))
    known = g.setdefault("labels", {})
    key = (str(get_locale()), kind, code)  # mail in the recipient's language is made in the same request
    if key not in known:
        known[key] = str(_BY_KIND[kind].get(code, code))
    return known[key]


def choices(kind: str) -> list[tuple[str, str]]:
    """A form's choices of this kind with plain labels in the reader's language. A lazy label looks its
    translation up each time a select is rendered; these are worked out once per language."""
    return _choices_in(str(get_locale()), kind)


@lru_cache(maxsize=64)
def _choices_in(language: str, kind: str) -> list[tuple[str, str]]:
    # `language` is the key only: the lazy strings resolve in the current language, which is that one.
    return [(code, str(text)) for code, text in _BY_KIND[kind].items()]

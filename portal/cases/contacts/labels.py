"""Relations of external contacts (people around the young person without an account), as labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# In the order the contact list shows them: family first, then professionals, then anyone else.
RELATION_CHOICES = [
    ("guardian", _l("Guardian")),
    ("family", _l("Family member")),
    ("trustee", _l("Appointed trustee")),
    ("psychologist", _l("Psychologist")),
    ("health", _l("Health care")),
    ("housing_support", _l("Housing support")),
    ("social_worker", _l("Social worker")),
    ("employer", _l("Employer or internship supervisor")),
    ("other", _l("Other")),
]
RELATIONS = dict(RELATION_CHOICES)
RELATION_ORDER = {code: position for position, (code, _label) in enumerate(RELATION_CHOICES)}


def relation_label(code: str) -> str:
    """An unknown code (from older data) is shown as it is rather than hidden."""
    return str(RELATIONS.get(code, code))

"""Human labels for the stored codes of the plan, in the reader's language. Forms and templates share them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.plans.models import ActionStatus, GoalStatus, LifeArea

# In the order the plan page shows the life areas.
LIFE_AREA_CHOICES = [
    (LifeArea.EDUCATION.value, _l("Education")),
    (LifeArea.WORK.value, _l("Work")),
    (LifeArea.HEALTH.value, _l("Health")),
    (LifeArea.HOUSING.value, _l("Housing")),
    (LifeArea.ECONOMY.value, _l("Economy")),
    (LifeArea.RELATIONSHIPS.value, _l("Relationships")),
    (LifeArea.LEISURE.value, _l("Leisure")),
    (LifeArea.DAILY_STRUCTURE.value, _l("Daily structure")),
]
GOAL_STATUS_CHOICES = [
    (GoalStatus.OPEN.value, _l("Open")),
    (GoalStatus.REACHED.value, _l("Reached")),
    (GoalStatus.DROPPED.value, _l("Dropped")),
]
ACTION_STATUS_CHOICES = [
    (ActionStatus.PLANNED.value, _l("Planned")),
    (ActionStatus.IN_PROGRESS.value, _l("In progress")),
    (ActionStatus.DONE.value, _l("Done")),
    (ActionStatus.DROPPED.value, _l("Dropped")),
]

_BY_KIND = {
    "life_area": dict(LIFE_AREA_CHOICES),
    "goal_status": dict(GOAL_STATUS_CHOICES),
    "action_status": dict(ACTION_STATUS_CHOICES),
}


def plan_label(kind: str, code: str | None) -> str:
    """The label for a stored plan code; an unknown code is shown as it is rather than hidden."""
    if code is None:
        return ""
    return str(_BY_KIND[kind].get(code, code))

"""Access-table rows for the plan: reading it, the hub's edits, and an owner's status update.

The young person reads their plan on their own page (/me/<case>): the staff plan pages are 404 for them.
"""

from tests.policy.rows import HUB_FORM, LOGIN, row

#                 anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
PLAN_READ = row(LOGIN, 404, 200, 200, 200, 403, 200, 403, 404, 404, 404, 404, 404)
HUB_PAGE = row(LOGIN, 404, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404)
# Status of the action owned by staff_consent: the owner and the hubs are let through to validation (the
# empty post is refused with 422); the owning volunteer of another action is not its owner (403).
STAFF_ACTION_STATUS = row(LOGIN, 404, 422, 422, 422, 403, 403, 403, 404, 404, 404, 404, 404)
VOLUNTEER_ACTION_STATUS = row(LOGIN, 404, 422, 422, 403, 403, 422, 403, 404, 404, 404, 404, 404)

ROWS = {
    "plans.plan": ("GET", "/cases/{case}/plan", PLAN_READ),
    "plans.add_goal": ("POST", "/cases/{case}/plan/goals", HUB_FORM),
    "plans.mark_written": ("POST", "/cases/{case}/plan/written", HUB_FORM),
    "plans.edit_goal": ("GET", "/cases/{case}/plan/goals/{goal}/edit", HUB_PAGE),
    "plans.edit_goal#post": ("POST", "/cases/{case}/plan/goals/{goal}/edit", HUB_FORM),
    "plans.add_action": ("GET", "/cases/{case}/plan/goals/{goal}/actions/new", HUB_PAGE),
    "plans.add_action#post": ("POST", "/cases/{case}/plan/goals/{goal}/actions/new", HUB_FORM),
    "plans.edit_action": ("GET", "/cases/{case}/plan/actions/{action}/edit", HUB_PAGE),
    "plans.edit_action#post": ("POST", "/cases/{case}/plan/actions/{action}/edit", HUB_FORM),
    "plans.update_action_status": ("POST", "/cases/{case}/plan/actions/{action}/status", STAFF_ACTION_STATUS),
    "plans.update_action_status#volunteer": (
        "POST",
        "/cases/{case}/plan/actions/{volunteer_action}/status",
        VOLUNTEER_ACTION_STATUS,
    ),
}

"""Access-table rows for the young person's pages (/me/...), the team's week page, passwordless sign-in and
the language switch.

The young person's pages are theirs alone: the team is in scope of the case but not allowed (403), everyone
else finds nothing (404). The world's RSVP token is staff_consent's, so answering it from the young person's
page finds no invitation of theirs (404). The world has no week task: ticking task 0 is 404 for the young
person (tests/youth/test_week.py ticks real ones).
"""

from tests.policy.rows import LOGIN, PUBLIC, row

#                  anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
YOUTH_PAGE = row(LOGIN, 404, 403, 403, 403, 403, 403, 403, 200, 404, 404, 404, 404)
YOUTH_POST = {**YOUTH_PAGE, "young_person": 302}
YOUTH_FORM = {**YOUTH_PAGE, "young_person": 422}
YOUTH_NOT_FOUND = {**YOUTH_PAGE, "young_person": 404}
START = row(LOGIN, 403, 403, 403, 403, 403, 403, 403, 302, 403, 302, 403, 403)
# The team's week page: the hub, and partners whose organisation holds the plan consent. The young person has
# their own week (/me/<case>/week): the team's page does not exist for them (404).
TEAM_WEEK = row(LOGIN, 404, 200, 200, 200, 403, 200, 403, 404, 404, 404, 404, 404)
TEAM_WEEK_POST = {**TEAM_WEEK, "hub": 422, "deputy": 422, "staff_consent": 422, "volunteer_consent": 422}

ME = "/me/{case}"

ROWS = {
    "youth.start": ("GET", "/me", START),
    "youth.home": ("GET", ME, YOUTH_PAGE),
    "youth.answer_meeting": ("POST", ME + "/meetings/{rsvp_token}", YOUTH_NOT_FOUND),
    "youth.week": ("GET", ME + "/week", YOUTH_PAGE),
    "youth.week#post": ("POST", ME + "/week", YOUTH_FORM),
    "youth.tick": ("POST", ME + "/week/0/done", YOUTH_NOT_FOUND),
    "youth.notes": ("GET", ME + "/notes", YOUTH_PAGE),
    "youth.notes#bad-cursor": ("GET", ME + "/notes?before=not-a-cursor", {**YOUTH_PAGE, "young_person": 400}),
    "youth.ask_for_help": ("POST", ME + "/help", YOUTH_POST),
    "youth.consents": ("GET", ME + "/consents", YOUTH_PAGE),
    "youth.withdraw_consent": ("GET", ME + "/consents/{consent}/withdraw", YOUTH_PAGE),
    "youth.withdraw_consent#post": ("POST", ME + "/consents/{consent}/withdraw", YOUTH_POST),
    "youth.ask_for_change": ("POST", ME + "/consents/ask", YOUTH_FORM),
    "youth.who_looked": ("GET", ME + "/looked", YOUTH_PAGE),
    "youth.case_week": ("GET", "/cases/{case}/week", TEAM_WEEK),
    "youth.case_add_task": ("POST", "/cases/{case}/week", TEAM_WEEK_POST),
    # Public: sign-in without a password and the language switch (an empty form goes back, 302).
    "youth.language": ("POST", "/language", dict.fromkeys(PUBLIC, 302)),
    "youth.request_link": ("GET", "/sign-in/link/new", PUBLIC),
    "youth.request_link#post": ("POST", "/sign-in/link/new", dict.fromkeys(PUBLIC, 422)),
    "youth.link_sent": ("GET", "/sign-in/link/sent", PUBLIC),
    "youth.open_link": ("GET", "/sign-in/link/not-a-real-link", dict.fromkeys(PUBLIC, 400)),
    "youth.continue_link": ("GET", "/sign-in/link", dict.fromkeys(PUBLIC, 400)),
    "youth.continue_link#post": ("POST", "/sign-in/link", dict.fromkeys(PUBLIC, 400)),
    "youth.request_code": ("GET", "/sign-in/code/new", PUBLIC),
    "youth.request_code#post": ("POST", "/sign-in/code/new", dict.fromkeys(PUBLIC, 422)),
    "youth.enter_code": ("GET", "/sign-in/code", PUBLIC),
    "youth.enter_code#post": ("POST", "/sign-in/code", dict.fromkeys(PUBLIC, 422)),
}

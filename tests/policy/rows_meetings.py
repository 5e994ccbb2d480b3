"""Access-table rows for meetings: the list and one meeting (narrowed by visibility.meeting_filter), the
hub's changes, and the public RSVP and calendar links, where the signed token is the key.

The world's meeting invites the hub, staff_consent, the young person and volunteer_no_consent. Not invited:
staff_no_consent (no consent: the meeting does not exist for them, 404) and volunteer_consent (a volunteer
sees only the meetings they are invited to, consent or not). The young person is invited, but answers on
their own page (/me/<case>): the staff meeting pages do not exist for them (404).
"""

from tests.policy.rows import CASE_READ, HUB_ACTION, HUB_FORM, LOGIN, PUBLIC, row

#                   anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
ONE_MEETING = row(LOGIN, 404, 200, 200, 200, 404, 404, 200, 404, 404, 404, 404, 404)
HUB_PAGE = row(LOGIN, 404, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404)
# An empty answer from anyone holding the link is refused (422): the token, not the sign-in, decides.
PUBLIC_FORM = dict.fromkeys(PUBLIC, 422)

MEETING = "/cases/{case}/meetings/{meeting}"

ROWS = {
    "meetings.meetings": ("GET", "/cases/{case}/meetings", CASE_READ),
    "meetings.new": ("GET", "/cases/{case}/meetings/new", HUB_PAGE),
    "meetings.new#post": ("POST", "/cases/{case}/meetings/new", HUB_FORM),
    "meetings.meeting": ("GET", MEETING, ONE_MEETING),
    "meetings.meeting_ics": ("GET", MEETING + ".ics", ONE_MEETING),
    "meetings.move": ("GET", MEETING + "/move", HUB_PAGE),
    "meetings.move#post": ("POST", MEETING + "/move", HUB_FORM),
    "meetings.invite": ("POST", MEETING + "/participants", HUB_FORM),
    "meetings.remove_participant": ("POST", MEETING + "/participants/{participant}/remove", HUB_ACTION),
    "meetings.cancel": ("GET", MEETING + "/cancel", HUB_PAGE),
    "meetings.cancel#post": ("POST", MEETING + "/cancel", HUB_ACTION),
    "meetings.record": ("GET", MEETING + "/record", HUB_PAGE),
    "meetings.record#post": ("POST", MEETING + "/record", HUB_FORM),
    "meetings.rsvp": ("GET", "/rsvp/{rsvp_token}", PUBLIC),
    "meetings.rsvp#post": ("POST", "/rsvp/{rsvp_token}", PUBLIC_FORM),
    "meetings.ics": ("GET", "/meetings/{rsvp_token}.ics", PUBLIC),
}

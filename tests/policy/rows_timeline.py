"""Access-table rows for the timeline: reading it (first and later pages), writing notes, correcting and
redacting the world's entry (a team-visible note written by the hub).

Reading needs the timeline consent for partner staff; volunteers read their own entries
(tests/timeline/test_visibility_table.py). The young person reads what was shared with them on their own
page (/me/<case>): the staff timeline pages do not exist for them (404). Writing to the case manager needs
no consent; correcting is for the author of a visible entry (404 when not visible, 403 when not theirs).
"""

from datetime import UTC, datetime

from portal.timeline.cursor import encode
from tests.policy.rows import HUB_FORM, LOGIN, row

CURSOR = encode(datetime(2100, 1, 1, tzinfo=UTC), 1)  # a valid cursor: "everything older than 2100"

#                      anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
TIMELINE_READ = row(LOGIN, 404, 200, 200, 200, 403, 200, 200, 404, 404, 404, 404, 404)
# Without htmx, the filters' own URL sends the reader to the timeline with the filters open.
TIMELINE_READ_REDIRECT = row(LOGIN, 404, 302, 302, 302, 403, 302, 302, 404, 404, 404, 404, 404)
# A malformed cursor is refused (400), but only after the guard: others still get 403/404.
BAD_CURSOR = row(LOGIN, 404, 400, 400, 400, 403, 400, 400, 404, 404, 404, 404, 404)
WRITERS_PAGE = row(LOGIN, 404, 200, 200, 200, 200, 200, 200, 404, 404, 404, 404, 404)
WRITERS_FORM = row(LOGIN, 404, 422, 422, 422, 422, 422, 422, 404, 404, 404, 404, 404)
# The hub's team note: the deputy and the consented school staff see it but did not write it (403);
# staff without consent and volunteers do not see it (404).
CORRECT_HUB_NOTE = row(LOGIN, 404, 200, 403, 403, 404, 404, 404, 404, 404, 404, 404, 404)
CORRECT_HUB_NOTE_POST = {**CORRECT_HUB_NOTE, "hub": 422}
HUB_PAGE = row(LOGIN, 404, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404)

ROWS = {
    "timeline.timeline": ("GET", "/cases/{case}/timeline", TIMELINE_READ),
    "timeline.timeline#later-page": ("GET", "/cases/{case}/timeline?before=" + CURSOR, TIMELINE_READ),
    "timeline.timeline#filtered": ("GET", "/cases/{case}/timeline?kind=note&org=1", TIMELINE_READ),
    "timeline.timeline#bad-cursor": ("GET", "/cases/{case}/timeline?before=not-a-cursor", BAD_CURSOR),
    "timeline.filters": ("GET", "/cases/{case}/timeline/filters", TIMELINE_READ_REDIRECT),
    "timeline.new_entry": ("GET", "/cases/{case}/timeline/new", WRITERS_PAGE),
    "timeline.new_entry#post": ("POST", "/cases/{case}/timeline/new", WRITERS_FORM),
    "timeline.correct_entry": ("GET", "/cases/{case}/timeline/{entry}/correct", CORRECT_HUB_NOTE),
    "timeline.correct_entry#post": ("POST", "/cases/{case}/timeline/{entry}/correct", CORRECT_HUB_NOTE_POST),
    "timeline.redact_entry": ("GET", "/cases/{case}/timeline/{entry}/redact", HUB_PAGE),
    "timeline.redact_entry#post": ("POST", "/cases/{case}/timeline/{entry}/redact", HUB_FORM),
}

"""Meetings of a case: the list, calling one, moving, inviting and removing people, cancelling, the
record afterwards, and the public RSVP and calendar links that work without signing in.

Which meetings a reader sees is decided by visibility.meeting_rule (through the queries) and nowhere
here. Every route is on the one blueprint `meetings` (blueprint.py); importing the modules below
registers them.

    pages.py         the list, one meeting, its calendar file
    scheduling.py    calling, moving and cancelling
    participants.py  inviting and removing (htmx region or full page)
    record.py        the record afterwards
    rsvp.py          public: answering and the calendar file through the signed link
    helpers.py       context and responses the pages share
"""

from portal.meetings.views import pages, participants, record, rsvp, scheduling  # noqa: F401 - routes
from portal.meetings.views.blueprint import CASE, bp, meeting_labels, meeting_when

__all__ = ["CASE", "bp", "meeting_labels", "meeting_when"]

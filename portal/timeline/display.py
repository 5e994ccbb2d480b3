"""What the entry template shows, worked out in Python once per list instead of in Jinja per entry.

A timeline page shows 25 entries; in the template each one cost a dozen calls (labels, url_for, date
formatting, translations), half of the page's time. Here the words and URL patterns are looked up once
per page and each entry gets plain strings; _entry.html only puts them in place. What the reader may
see is decided before (queries, visibility.may_correct, can(ENTRY_REDACT)): nothing is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import get_translations
from markupsafe import Markup, escape

from portal.policy import Action, CaseAccess, can
from portal.timeline.cursor import encode_starting_at
from portal.timeline.entry_views import EntryView
from portal.timeline.labels import labels
from portal.timeline.text import linkify
from portal.web.page_dates import PageDates

# Stands for the entry id (or cursor) in a URL built once per page: nothing else in a URL looks like it.
_ID = 9876543210123
_CURSOR = "CURSOR9876543210"


@dataclass(frozen=True, slots=True)
class Link:
    url: str | None  # None: the entry linked to is not visible to this reader
    text: str


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each of its 15 fields through object.__setattr__
class EntryDisplay:
    id: int
    css_class: str
    badge: str
    author: str
    organisation_name: str | None
    created_iso: str
    created: str
    visibility: str
    shared_badge: str | None  # None: not shared with the young person
    corrects: Link | None
    redaction: Markup | None  # who removed the content, when and why; None when it is there
    body: Markup
    corrected_by: list[Link]
    correct: Link | None  # None: not this reader's to correct
    redact: Link | None  # None: already removed, or not this reader's to remove


class EntryDisplays:
    """Builds EntryDisplays for one page: words, URL patterns and dates are looked up once."""

    def __init__(self, access: CaseAccess, correctable: set[int]):
        self.correctable = correctable
        self.may_redact = can(Action.ENTRY_REDACT, access)
        self.dates = PageDates()
        self.labels = labels()
        catalogue = get_translations()
        self.gettext = catalogue.ugettext  # the name pybabel extracts: these strings stay in the catalogues
        self.automatic = catalogue.ugettext("Soffa (automatic)")
        self.correction_of = catalogue.ugettext("Correction of an earlier entry")
        self.shared = catalogue.ugettext("Shared with the young person")
        self.correct_word = catalogue.ugettext("Correct")
        self.redact_word = catalogue.ugettext("Remove the content")
        case_id = access.case.id
        self.correct_pattern = _pattern(url_for("timeline.correct_entry", case_id=case_id, entry_id=_ID))
        self.redact_pattern = _pattern(url_for("timeline.redact_entry", case_id=case_id, entry_id=_ID))
        at = url_for("timeline.timeline", case_id=case_id, before=_CURSOR, _anchor=f"entry-{_ID}")
        self.at_pattern = _pattern(at).replace(_CURSOR, "{cursor}")

    def __call__(self, entry: EntryView) -> EntryDisplay:
        labels = self.labels
        badge = labels["kind"].get(entry.kind, entry.kind)
        if entry.channel:
            badge = f"{badge}: {labels['channel'].get(entry.channel, entry.channel)}"
        redaction = None
        if entry.redaction is not None:
            # escape() then %: the values (a name, a reason typed by a person) are escaped as they go in.
            removed = escape(self.gettext("Removed by %(name)s on %(date)s: %(reason)s"))
            redaction = removed % {
                "name": entry.redaction.by or self.gettext("unknown"),
                "date": self.dates.date(entry.redaction.at),
                "reason": entry.redaction.reason,
            }
        corrects = None
        if entry.corrects_id:
            url = self._at(entry.corrects.id, entry.corrects.created_at) if entry.corrects else None
            corrects = Link(url, self.correction_of)
        corrected_by = [
            Link(
                self._at(ref.id, ref.created_at),
                escape(self.gettext("Corrected by a later entry (%(time)s)"))
                % {"time": self.dates.datetime(ref.created_at)},
            )
            for ref in entry.corrected_by
        ]
        return EntryDisplay(
            id=entry.id,
            css_class=f"entry entry-{entry.kind}" + (" redacted" if redaction else ""),
            badge=badge,
            author=entry.author_name or self.automatic,
            organisation_name=entry.organisation_name,
            created_iso=entry.created_at.isoformat(),
            created=self.dates.datetime(entry.created_at),
            visibility=labels["visibility"].get(entry.visibility, entry.visibility),
            shared_badge=self.shared if entry.shared_with_young_person else None,
            corrects=corrects,
            redaction=redaction,
            body=linkify(entry.body) if redaction is None else Markup(""),
            corrected_by=corrected_by,
            correct=self._action(self.correct_pattern, self.correct_word, entry.id)
            if entry.id in self.correctable
            else None,
            redact=self._action(self.redact_pattern, self.redact_word, entry.id)
            if self.may_redact and not redaction
            else None,
        )

    def _action(self, pattern: str, word: str, entry_id: int) -> Link:
        return Link(pattern.format(id=entry_id), word)

    def _at(self, entry_id: int, created_at) -> str:
        """The timeline page that starts at this entry, scrolled to it."""
        return self.at_pattern.format(cursor=encode_starting_at(created_at, entry_id), id=entry_id)


def _pattern(url: str) -> str:
    """A URL built with the stand-in id, made into a str.format pattern (braces in it kept literal)."""
    return url.replace("{", "{{").replace("}", "}}").replace(str(_ID), "{id}")


def entry_displays(access: CaseAccess, entries: list[EntryView], correctable: set[int]) -> list[EntryDisplay]:
    build = EntryDisplays(access, correctable)
    return [build(entry) for entry in entries]

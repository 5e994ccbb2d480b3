"""Human words for the stored codes of timeline entries, in the reader's language."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.timeline.models import ContactChannel, EntryKind, Visibility

KIND_LABELS = {
    EntryKind.NOTE.value: _l("Note"),
    EntryKind.CONTACT_ATTEMPT.value: _l("Contact attempt"),
    EntryKind.PLAN_CHANGE.value: _l("Plan change"),
    EntryKind.CONSENT_CHANGE.value: _l("Consent change"),
    EntryKind.MEETING_RECORD.value: _l("Meeting record"),
    EntryKind.SYSTEM.value: _l("System event"),
}
# People write notes and contact attempts; the other kinds are recorded by the portal itself.
WRITTEN_KINDS = (EntryKind.NOTE.value, EntryKind.CONTACT_ATTEMPT.value)

CHANNEL_LABELS = {
    ContactChannel.PHONE.value: _l("Phone"),
    ContactChannel.SMS.value: _l("SMS"),
    ContactChannel.LETTER.value: _l("Letter"),
    ContactChannel.VISIT.value: _l("Visit"),
}

# What the writer chooses ...
VISIBILITY_CHOICES = {
    Visibility.CASE_MANAGER.value: _l("Case manager only"),
    Visibility.AGENCY.value: _l("My organisation"),
    Visibility.TEAM.value: _l("The team (organisations with consent for the timeline)"),
}
# ... and what every reader is told about who can see an entry.
VISIBILITY_LABELS = {
    Visibility.CASE_MANAGER.value: _l("Visible to the case manager"),
    Visibility.AGENCY.value: _l("Visible within the author's organisation"),
    Visibility.TEAM.value: _l("Visible to the team"),
}


def labels() -> dict[str, dict]:
    """Everything the timeline needs to put codes into words, already in the reader's language: a lazy
    string looks its translation up again each time it is shown, three times for each entry. The
    catalogues do not change while the portal runs, so the words are worked out once per language."""
    return _labels_in(str(get_locale()))


@lru_cache(maxsize=8)
def _labels_in(language: str) -> dict[str, dict]:
    # `language` is the key only: the lazy strings resolve in the current language, which is that one.
    return {
        "kind": {code: str(text) for code, text in KIND_LABELS.items()},
        "channel": {code: str(text) for code, text in CHANNEL_LABELS.items()},
        "visibility": {code: str(text) for code, text in VISIBILITY_LABELS.items()},
        "visibility_choice": {code: str(text) for code, text in VISIBILITY_CHOICES.items()},
        "filter": {"all_kinds": str(_l("All kinds")), "all_organisations": str(_l("All organisations"))},
    }

"""Forms of the timeline: a note (or contact attempt), a redaction, and the filters of the list.

The forms check the shape of the input; what this writer may choose (visibility, sharing with the
young person) depends on the case and is checked by the service (portal/timeline/services.py).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.timeline.labels import CHANNEL_LABELS, KIND_LABELS, WRITTEN_KINDS, labels
from portal.timeline.services import MAX_BODY, MAX_REASON
from portal.web.forms import Form


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def optional_int(value) -> int | None:
    """Coerce for an optional id in a query string: "" is no choice, anything else must be a number."""
    if value in (None, ""):
        return None
    return int(value)  # ValueError -> the field is invalid -> the view answers 400


class NoteForm(Form):
    kind = SelectField(
        _l("Kind"),
        choices=[(kind, KIND_LABELS[kind]) for kind in WRITTEN_KINDS],
        default=WRITTEN_KINDS[0],
    )
    channel = SelectField(
        _l("Channel (for a contact attempt)"),
        choices=[("", _l("Not a contact attempt")), *CHANNEL_LABELS.items()],
        default="",
    )
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(_l("Write the note.")),
            Length(max=MAX_BODY, message=_l("A note can be at most %(max)d characters.")),
        ],
        filters=[strip],
    )
    # The choices are the writer's own (visibility.allowed_visibilities); the service refuses any other.
    visibility = SelectField(_l("Who may read it"), choices=[], validate_choice=False)
    shared_with_young_person = BooleanField(_l("Share with the young person"))

    def set_choices(self, allowed_visibilities) -> None:
        """The writer's own visibilities, and every choice in words already in the reader's language
        (labels() is worked out once per language; a lazy string looks its translation up each time)."""
        words = labels()
        self.kind.choices = [(kind, words["kind"][kind]) for kind in WRITTEN_KINDS]
        self.channel.choices = [self.channel.choices[0], *words["channel"].items()]
        self.visibility.choices = [
            (v.value, words["visibility_choice"][v.value]) for v in allowed_visibilities
        ]


class RedactionForm(Form):
    reason = TextAreaField(
        _l("Reason for removing the content"),
        validators=[
            DataRequired(_l("Give the reason.")),
            Length(max=MAX_REASON, message=_l("The reason can be at most %(max)d characters.")),
        ],
        filters=[strip],
    )


class FilterForm(Form):
    """The filters as shown, filled from the query string of a GET: no CSRF token (nothing changes). The
    view reads and checks the query string itself (timeline/views.py, _filters); the cursor ("before") is
    never shown, so it is not a field."""

    class Meta:
        csrf = False

    # Own ids: the note form on the same page has a "kind" field too.
    kind = SelectField(
        _l("Kind"), choices=[("", _l("All kinds")), *KIND_LABELS.items()], default="", id="filter-kind"
    )
    # Any number is accepted: an organisation with no entries the reader may see simply shows none.
    org = SelectField(
        _l("Organisation"), choices=[], coerce=optional_int, validate_choice=False, id="filter-org"
    )

    def set_organisations(self, organisations) -> None:
        # Plain words in the reader's language, worked out once per language (labels()): a lazy string
        # looks its translation up again for each option shown. Only the full page shows the choices.
        words = labels()
        self.org.choices = [
            ("", words["filter"]["all_organisations"]),
            *((o.id, o.name) for o in organisations),
        ]
        self.kind.choices = [("", words["filter"]["all_kinds"]), *words["kind"].items()]

"""Forms for meetings: calling one, moving it, inviting, cancelling, answering, and the record.

The forms check the shape of the input (lengths, one line, https, ranges). What depends on the case or on
the clock (who may be invited, a start in the past, a local time that does not exist) is checked by the
service, so every way in gets the same answer.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.meetings.models import PartStat
from portal.meetings.services import MAX_MINUTES, MIN_MINUTES, is_https_link, is_one_line

TITLE_MAX = 200
PLACE_MAX = 300
VIDEO_MAX = 500
AGENDA_MAX = 5000
RECORD_MAX = 5000
ACTION_TEXT_MAX = 500  # the column size of a plan action's text
RECORD_ROWS, MAX_RECORD_ROWS = 3, 20

ANSWERS = (PartStat.ACCEPTED.value, PartStat.TENTATIVE.value, PartStat.DECLINED.value)

# Words for codes, for the templates (lazy: they follow the reader's language).
ANSWER_LABELS = {
    PartStat.NEEDS_ACTION.value: _l("no answer"),
    PartStat.ACCEPTED.value: _l("accepted"),
    PartStat.TENTATIVE.value: _l("maybe"),
    PartStat.DECLINED.value: _l("declined"),
}
ANSWER_BUTTONS = {
    PartStat.ACCEPTED.value: _l("Yes, I will come"),
    PartStat.TENTATIVE.value: _l("Maybe"),
    PartStat.DECLINED.value: _l("No, I cannot come"),
}
DELIVERY_LABELS = {
    "queued": _l("queued"),
    "sent": _l("sent"),
    "failed": _l("failed"),
    "skipped": _l("not sent (out of date)"),
}
CHANNEL_LABELS = {"email": _l("Email"), "sms": _l("SMS")}


def strip_or_none(value):
    """An optional text left blank is stored as NULL, not as an empty string."""
    return (value.strip() or None) if isinstance(value, str) else value


def one_line(form, field) -> None:
    if field.data and not is_one_line(field.data):
        raise ValidationError(_l("Write this on one line (no line breaks)."))


def https_only(form, field) -> None:
    if field.data and not is_https_link(field.data):
        raise ValidationError(_l("Give a link that starts with https://."))


def optional_int(value) -> int | None:
    if value in ("", None):
        return None
    return int(value)


class WhenWhereForm(FlaskForm):
    """Time and place: all that moving a meeting may change (a change raises its SEQUENCE)."""

    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    start = TimeField(_l("Start time"), validators=[InputRequired(_l("Enter the start time, e.g. 14:30."))])
    duration = IntegerField(
        _l("Duration in minutes"),
        default=60,
        validators=[
            InputRequired(_l("Enter the duration in minutes.")),
            NumberRange(
                MIN_MINUTES,
                MAX_MINUTES,
                message=_l("A meeting lasts from 15 minutes to 8 hours (480 minutes)."),
            ),
        ],
        render_kw={"min": MIN_MINUTES, "max": MAX_MINUTES, "step": 5},
    )
    place = StringField(
        _l("Place"),
        filters=[strip_or_none],
        validators=[Optional(), Length(max=PLACE_MAX), one_line],
        render_kw={"maxlength": PLACE_MAX},
    )
    video_url = URLField(
        _l("Video link"),
        filters=[strip_or_none],
        validators=[Optional(), Length(max=VIDEO_MAX), https_only],
        render_kw={"maxlength": VIDEO_MAX, "placeholder": "https://"},
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Here, not as validate_place: Optional() ends a blank field's checks before an inline validator.
        # The message stands next to the place, the first of the two.
        if not self.place.data and not self.video_url.data and not self.place.errors:
            self.place.errors.append(_l("Give a place, a video link, or both."))
            return False
        return valid


class MeetingForm(WhenWhereForm):
    title = StringField(
        _l("Title"),
        filters=[strip_or_none],
        validators=[DataRequired(_l("Give the meeting a title.")), Length(max=TITLE_MAX), one_line],
        render_kw={"maxlength": TITLE_MAX},
    )
    agenda = TextAreaField(
        _l("Agenda (only shown to signed-in participants, never sent by mail)"),
        filters=[strip_or_none],
        validators=[Optional(), Length(max=AGENDA_MAX)],
        render_kw={"rows": 5, "maxlength": AGENDA_MAX},
    )
    # Keys of the people who can be invited ("user-7", "young-person", "contact-3"), set by the view;
    # the service refuses anything not on the case.
    participants = SelectMultipleField(_l("Participants"), choices=[], validate_choice=False)

    field_order = ("title", "day", "start", "duration", "place", "video_url", "agenda", "participants")


class MoveForm(WhenWhereForm):
    pass


class InviteForm(FlaskForm):
    invitee = SelectField(
        _l("Invite"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(_l("Choose whom to invite."))],
    )


class ConfirmForm(FlaskForm):
    """A button and its CSRF token: removing a participant, cancelling a meeting."""


class RsvpForm(FlaskForm):
    answer = HiddenField(
        validators=[DataRequired(_l("Choose an answer."))],
    )

    def validate_answer(self, field) -> None:
        if field.data not in ANSWERS:
            raise ValidationError(_l("Choose an answer."))


class AgreedActionForm(Form):
    """One agreed point of the record, to become a plan action. A row without text is ignored."""

    text = TextAreaField(
        _l("Agreed action"),
        filters=[strip_or_none],
        validators=[Optional(), Length(max=ACTION_TEXT_MAX)],
        render_kw={"rows": 2, "maxlength": ACTION_TEXT_MAX},
    )
    goal_id = SelectField(_l("Goal in the plan"), coerce=optional_int, choices=[], validate_choice=False)
    owner_id = SelectField(_l("Owner"), coerce=optional_int, choices=[], validate_choice=False)
    due_on = DateField(_l("Due date"), validators=[Optional()])


class RecordForm(FlaskForm):
    body = TextAreaField(
        _l("What was said and decided"),
        filters=[strip_or_none],
        validators=[
            DataRequired(_l("Write the record.")),
            Length(max=RECORD_MAX, message=_l("The record can be at most %(max)d characters.")),
        ],
        render_kw={"rows": 8, "maxlength": RECORD_MAX},
    )
    # The writer's own choices (visibility.allowed_visibilities), set by the view; the service checks again.
    visibility = SelectField(_l("Who may read it"), choices=[], validate_choice=False)
    actions = FieldList(
        # Rows are plain Forms: one CSRF token for the whole record, none per row.
        FormField(AgreedActionForm),
        min_entries=RECORD_ROWS,
        max_entries=MAX_RECORD_ROWS,
    )

"""Forms for cases, team and consent. Labels are lazy so they follow the reader's language."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.cases.labels import (
    CASE_ROLE_CHOICES,
    LANGUAGE_CHOICES,
    OUTCOME_CHOICES,
    STATUS_CHOICES,
    TRACK_CHOICES,
    choices,
)
from portal.cases.models import CaseStatus
from portal.phone import normalise_phone
from portal.web.forms import Form

NATIONAL_ID = re.compile(r"^(\d{6}|\d{8})[-+]?\d{4}$")  # Swedish personnummer or Danish CPR


def strip(value: str | None) -> str | None:
    return value.strip() if value else value


def phone_field_check(form, field) -> None:
    if field.data:
        normalised = normalise_phone(field.data)
        if normalised is None:
            raise ValidationError(_l("Enter a phone number, e.g. +46 70 123 45 67."))
        field.data = normalised


def not_in_future(form, field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date cannot be in the future."))


class NewCaseForm(Form):
    name = StringField(_l("Name of the young person"), validators=[DataRequired(), Length(max=200)])
    birth_date = DateField(_l("Birth date"), validators=[Optional(), not_in_future])
    national_id = StringField(
        _l("Personal identity number (optional)"),
        validators=[Optional(), Length(max=20)],
        filters=[strip],
    )
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=32), phone_field_check])
    email = EmailField(
        _l("Email"), validators=[Optional(), Email(check_deliverability=False), Length(max=254)]
    )
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="sv")
    guardian_name = StringField(_l("Guardian's name"), validators=[Optional(), Length(max=200)])
    guardian_phone = TelField(
        _l("Guardian's phone"), validators=[Optional(), Length(max=32), phone_field_check]
    )
    track = SelectField(_l("Track"), choices=TRACK_CHOICES)
    deputy_id = SelectField(_l("Deputy case manager"), coerce=int, choices=[], validate_choice=True)

    def validate_national_id(self, field) -> None:
        if field.data and not NATIONAL_ID.match(field.data):
            raise ValidationError(_l("Use the form YYYYMMDD-XXXX (Sweden) or DDMMYY-XXXX (Denmark)."))


class StatusForm(Form):
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    outcome = SelectField(_l("Outcome"), choices=OUTCOME_CHOICES, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices, self.outcome.choices = choices("status"), choices("outcome")  # once per language

    def validate_outcome(self, field) -> None:
        if self.status.data == CaseStatus.CLOSED and not field.data:
            raise ValidationError(_l("Choose the outcome when you close a case."))


class TeamMemberForm(Form):
    user_id = SelectField(_l("Person"), coerce=int, choices=[], validate_choice=True)
    case_role = SelectField(_l("Role in the case"), choices=CASE_ROLE_CHOICES)


class ConsentForm(Form):
    organisation_id = SelectField(_l("Organisation that may receive information"), coerce=int, choices=[])
    scope_plan = BooleanField(_l("The plan"))
    scope_timeline = BooleanField(_l("The timeline"))
    scope_contacts = BooleanField(_l("Contact details and team"))
    scope_meetings = BooleanField(_l("Meetings"))
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(), Length(max=500)])
    form = SelectField(_l("Form of consent"), choices=[("written", _l("Written")), ("oral", _l("Oral"))])
    evidence = StringField(_l("Where the consent is documented"), validators=[Optional(), Length(max=300)])
    given_by = SelectField(
        _l("Given by"), choices=[("young_person", _l("The young person")), ("guardian", _l("A guardian"))]
    )
    given_on = DateField(_l("Given on"), validators=[DataRequired(), not_in_future], default=date.today)
    expires_on = DateField(_l("Valid until"), validators=[Optional()])

    def validate_scope_plan(self, field) -> None:
        if not any(
            (
                self.scope_plan.data,
                self.scope_timeline.data,
                self.scope_contacts.data,
                self.scope_meetings.data,
            )
        ):
            raise ValidationError(_l("Choose at least one part of the case: consent is never blanket."))

    def validate_expires_on(self, field) -> None:
        if field.data and self.given_on.data and field.data < self.given_on.data:
            raise ValidationError(_l("The end date must be after the date the consent was given."))

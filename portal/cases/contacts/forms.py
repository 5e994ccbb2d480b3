"""The form for an external contact. Labels are lazy so they follow the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.cases.contacts.labels import RELATION_CHOICES
from portal.cases.forms import phone_field_check


def strip_or_none(value):
    """An optional text left blank is stored as NULL, not as an empty string."""
    return (value.strip() or None) if isinstance(value, str) else value


def single_line(value):
    """A name is one line: pasted line breaks and tabs become spaces."""
    return " ".join(value.split()) if isinstance(value, str) else value


class ExternalContactForm(FlaskForm):
    name = StringField(_l("Name"), filters=[single_line], validators=[DataRequired(), Length(max=200)])
    relation = SelectField(_l("Relation to the young person"), choices=RELATION_CHOICES)
    organisation_name = StringField(
        _l("Organisation (optional)"),
        filters=[single_line, strip_or_none],
        validators=[Optional(), Length(max=200)],
    )
    phone = TelField(
        _l("Phone"), filters=[strip_or_none], validators=[Optional(), Length(max=32), phone_field_check]
    )
    email = EmailField(
        _l("Email"),
        filters=[strip_or_none],
        validators=[Optional(), Length(max=254), Email(check_deliverability=False)],
    )

    def validate_phone(self, field) -> None:
        # Checked on the phone field so the message stands next to the first of the two.
        if not field.data and not self.email.data:
            raise ValidationError(_l("Give a phone number or an email address, or both."))

"""Administration forms: organisations, users and the filters of the admin lists.

Labels and choices are lazy: they are built at import time and shown in the reader's language.
"""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from portal.orgs.models import OrgKind, Role

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms 3.2 takes (value, label) tuples; 3.3 deprecates them in favour of SelectChoice

    def SelectChoice(value, label):  # stands in for the class
        return (value, label)


PHONE_REGION = "SE"  # numbers typed without a country code are Swedish

KIND_LABELS = {
    OrgKind.SCHOOL: _l("School"),
    OrgKind.SOCIAL_SERVICES: _l("Social services"),
    OrgKind.YOUTH_NGO: _l("Youth organisation"),
    OrgKind.JOB_CENTRE: _l("Job centre"),
    OrgKind.HEALTH: _l("Health"),
    OrgKind.MUNICIPALITY: _l("Municipality"),
    OrgKind.OTHER: _l("Other"),
}

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.CASE_MANAGER: _l("Case manager"),
    Role.STAFF: _l("Partner staff"),
    Role.VOLUNTEER: _l("Volunteer"),
    Role.YOUNG_PERSON: _l("Young person"),
}

# Each language in its own name, untranslated (as in portal/cases/labels.py): a reader finds their own.
LOCALE_LABELS = {"sv": "Svenska", "da": "Dansk", "en": "English"}


def optional_int(value) -> int | None:
    """Coerce a select's value: the empty option means "none" (or "all" in a filter)."""
    if value in (None, ""):
        return None
    return int(value)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _strip_or_none(value):
    """An optional text left blank is stored as NULL, not as an empty string."""
    return (value.strip() or None) if isinstance(value, str) else value


def _strip_lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def select_choices(pairs) -> list:
    return [SelectChoice(str(value), label) for value, label in pairs]


def organisation_choices(organisations, empty_label) -> list:
    return select_choices([("", empty_label), *((org.id, org.name) for org in organisations)])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=select_choices(KIND_LABELS.items()), validators=[DataRequired()])


class UserEditForm(FlaskForm):
    """What an administrator may change on an existing user. The caller sets organisation_id.choices."""

    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(), Length(max=200)])
    phone = StringField(_l("Phone"), filters=[_strip_or_none], validators=[Optional(), Length(max=32)])
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)
    # Partner staff by default: an administrator account should never be made by leaving the default.
    role = SelectField(
        _l("Role"),
        choices=select_choices(ROLE_LABELS.items()),
        default=Role.STAFF.value,
        validators=[DataRequired()],
    )
    locale = SelectField(
        _l("Language"),
        choices=select_choices(LOCALE_LABELS.items()),
        default="sv",
        validators=[DataRequired()],
    )

    def validate_phone(self, field) -> None:
        """Accept what people type (070-123 45 67, +45 ...) and store one form: E.164."""
        try:
            number = phonenumbers.parse(field.data, PHONE_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_l("Enter a valid phone number, e.g. 070-123 45 67 or +45 20 12 34 56."))
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate_organisation_id(self, field) -> None:
        # Access follows the organisation's consent, so everyone but a young person needs one;
        # a young person reaches only their own case and belongs to no organisation.
        if self.role.data == Role.YOUNG_PERSON and field.data is not None:
            raise ValidationError(_l("A young person does not belong to an organisation."))
        if self.role.data != Role.YOUNG_PERSON and field.data is None:
            raise ValidationError(_l("Choose the organisation this person works for."))


class UserCreateForm(UserEditForm):
    email = EmailField(
        _l("Email"),
        filters=[_strip_lower],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    # No password here: the person chooses their own through the invitation (portal/auth/activation.py).
    send_invitation = BooleanField(_l("Mail an invitation to choose a password"), default=True)


class ConfirmForm(FlaskForm):
    """A confirmation step: only the CSRF token and a clearly labelled button in the template."""


class UserFilterForm(FlaskForm):
    """GET filters of the user list; read from the query string, no CSRF (it changes nothing)."""

    class Meta:
        csrf = False

    org = SelectField(_l("Organisation"), coerce=optional_int)
    role = SelectField(_l("Role"), choices=select_choices([("", _l("All roles")), *ROLE_LABELS.items()]))


class AccessLogFilterForm(FlaskForm):
    """GET filters of the access log; the caller sets the organisation choices.

    The reader is found by name or email: a list of every user (thousands in a region) made the page
    slow. `user` (an id) is still taken, hidden, from links."""

    class Meta:
        csrf = False

    reader = StringField(_l("Reader"), filters=[_strip], validators=[Optional(), Length(max=100)])
    user = IntegerField(widget=HiddenInput(), validators=[Optional()])
    org = SelectField(_l("Organisation"), coerce=optional_int)
    outside_team = BooleanField(_l("Only readers outside the case team"))

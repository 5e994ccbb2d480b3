"""Forms of the young person's pages and of passwordless sign-in. Shapes only; the services decide the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.youth.services import REQUEST_MAX, TASK_MAX

LANGUAGES = [("sv", "Svenska"), ("da", "Dansk"), ("en", "English")]


class LinkRequestForm(FlaskForm):
    email = EmailField(
        _l("Your email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class CodeRequestForm(FlaskForm):
    phone = TelField(_l("Your mobile number"), validators=[DataRequired(), Length(max=32)])


class CodeForm(FlaskForm):
    code = StringField(_l("The code from the SMS"), validators=[DataRequired(), Length(max=20)])


class ContinueForm(FlaskForm):
    """Only the CSRF token: signing in with a link takes a press of a button (mail scanners open links)."""


class TaskForm(FlaskForm):
    # Long enough for the service to say "too long" in plain words rather than cutting it off.
    text = StringField(_l("What to do"), validators=[Length(max=TASK_MAX * 5)])
    day = DateField(_l("Day (leave empty for the to-do list)"), validators=[Optional()])
    week = HiddenField()


class DoneForm(FlaskForm):
    done = HiddenField(validators=[DataRequired()])  # "1" ticks off, "0" puts it back


class ChangeRequestForm(FlaskForm):
    text = TextAreaField(_l("What would you like to change?"), validators=[Length(max=REQUEST_MAX * 5)])


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGES)
    next = HiddenField()

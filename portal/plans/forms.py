"""Forms for the plan. Choices are checked here with messages that say what to do; whether an owner is on
the team is checked by the service (the team can change between showing the form and sending it)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from portal.plans.labels import ACTION_STATUS_CHOICES, GOAL_STATUS_CHOICES, LIFE_AREA_CHOICES

TEXT_MAX = 500  # the column size of goal and action texts


def strip(value: str | None) -> str | None:
    return value.strip() if value else value


def codes(choices) -> list[str]:
    return [code for code, _label in choices]


def choice_field(label, choices, message, **kwargs) -> SelectField:
    """A select whose unknown values are refused with our own message instead of WTForms' generic one."""
    return SelectField(
        label,
        choices=choices,
        validate_choice=False,
        validators=[AnyOf(codes(choices), message=message)],
        **kwargs,
    )


def optional_int(value) -> int | None:
    """Coerce a select's value; the empty placeholder stays None so "required" says what is missing."""
    if value in ("", None):
        return None
    return int(value)


def not_in_future(form, field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date cannot be in the future."))


class GoalForm(FlaskForm):
    life_area = choice_field(_l("Life area"), LIFE_AREA_CHOICES, _l("Choose one of the life areas."))
    text = TextAreaField(
        _l("Goal"),
        validators=[DataRequired(_l("Write the goal.")), Length(max=TEXT_MAX)],
        filters=[strip],
        render_kw={"rows": 2, "maxlength": TEXT_MAX},
    )


class GoalEditForm(GoalForm):
    status = choice_field(_l("Status"), GOAL_STATUS_CHOICES, _l("Choose one of the statuses."))


class ActionForm(FlaskForm):
    text = TextAreaField(
        _l("Action"),
        validators=[DataRequired(_l("Write what is to be done.")), Length(max=TEXT_MAX)],
        filters=[strip],
        render_kw={"rows": 2, "maxlength": TEXT_MAX},
    )
    # Choices are the case's team, set by the view; the service refuses anyone else (422).
    owner_id = SelectField(
        _l("Owner"),
        coerce=optional_int,
        choices=[],
        validate_choice=False,
        validators=[InputRequired(_l("Choose who owns the action."))],
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])


class ActionEditForm(ActionForm):
    status = choice_field(_l("Status"), ACTION_STATUS_CHOICES, _l("Choose one of the statuses."))


class ActionStatusForm(FlaskForm):
    status = choice_field(_l("Status"), ACTION_STATUS_CHOICES, _l("Choose one of the statuses."))


class WrittenTogetherForm(FlaskForm):
    written_on = DateField(
        _l("Date the plan was written together with the young person"),
        validators=[InputRequired(_l("Enter the date.")), not_in_future],
        default=date.today,
    )

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])


class EnrolForm(FlaskForm):
    code = StringField(_l("Code from the app"), validators=[DataRequired(), Length(max=40)])


class NewPasswordForm(FlaskForm):
    """Choosing a password. Only the shape here: the rules (length, common, not the address) are
    portal/auth/password_rules.py's, the same wherever a password is chosen."""

    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)])
    repeat_password = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
    )


class PasswordChangeForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1024)])
    sign_out_others = BooleanField(_l("Sign out my other sessions"), default=True)


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Your email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class NewRecoveryCodesForm(FlaskForm):
    # One field for either: six digits are tried as a code from the app first, then (as anything else) as the password.
    proof = PasswordField(
        _l("Your password, or a code from the authenticator app"),
        validators=[DataRequired(), Length(max=1024)],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""

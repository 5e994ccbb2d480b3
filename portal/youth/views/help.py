"""'I need help': one button that tells the case manager, and says who will answer."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from portal.policy import Action, requires
from portal.youth import services
from portal.youth.views import bp


@bp.route("/me/<int:case_id>/help", methods=["POST"])
@requires(Action.HELP_ASK, case_arg="case_id")
def ask_for_help(case_id: int, access):
    FlaskForm().validate()  # the CSRF token is checked globally; the button carries nothing else
    services.ask_for_help(access.actor, access)
    hub = access.case.case_manager
    # The same answer to a second press within the minute: the first message is on its way.
    flash(
        _("Your message was sent to %(name)s. %(name)s will contact you as soon as they can.", name=hub.name),
        "success",
    )
    return redirect(url_for("youth.home", case_id=case_id, _anchor="help"))

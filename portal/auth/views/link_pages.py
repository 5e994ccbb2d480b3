"""The two pages behind a mailed link to choose a password (an invitation, a password reset): no routes here,
the routes are in views/activation.py and views/password_reset.py and hand over to a LinkPages.

Opening the link moves its secret out of the address bar at once (into the signed session cookie, then a
clean URL), so it is not left in history or sent on in a Referer. Nothing is used up by opening it: a mail
system that opens links to scan them does no harm. The link is used up only when a password that passes
the rules (portal/auth/password_rules.py) is saved; what happens next is the route's (`done`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import redirect, render_template, session, url_for

from portal.auth.forms import NewPasswordForm
from portal.auth.tokens import Refused
from portal.orgs.models import User
from portal.validation import InvalidInput

REFUSAL_STATUS = {"unknown": 400, "used": 410, "expired": 410}


@dataclass(frozen=True)
class LinkPages:
    check: Callable[[str], User]  # the person a usable link belongs to; Refused otherwise
    set_password: Callable[[str, str], User]  # (secret, password): InvalidInput or Refused when refused
    pending_key: str  # the session key that holds the secret between the two pages
    form_endpoint: str  # the clean URL the link redirects to
    form_template: str  # gets form and user
    refused_template: str  # gets reason and refused_values()
    refused_values: Callable[[], dict]

    def refused(self, reason: str):
        page = render_template(self.refused_template, reason=reason, **self.refused_values())
        return page, REFUSAL_STATUS.get(reason, 400)

    def open(self, secret: str):
        try:
            self.check(secret)
        except Refused as refusal:
            return self.refused(refusal.reason)
        session[self.pending_key] = secret
        return redirect(url_for(self.form_endpoint), 303)

    def choose(self, done: Callable[[User], object]):
        """GET shows the form, POST saves the password and answers done(user)."""
        secret = session.get(self.pending_key)
        if not secret:
            return self.refused("unknown")
        try:
            user = self.check(secret)
        except Refused as refusal:
            session.pop(self.pending_key, None)
            return self.refused(refusal.reason)
        form = NewPasswordForm()
        if not form.is_submitted():
            return render_template(self.form_template, form=form, user=user)
        if form.validate():
            try:
                self.set_password(secret, form.new_password.data)
            except InvalidInput as error:
                error.attach_to(form)
            except Refused as refusal:  # used up in another tab meanwhile
                session.pop(self.pending_key, None)
                return self.refused(refusal.reason)
            else:
                session.pop(self.pending_key, None)
                return done(user)
        return render_template(self.form_template, form=form, user=user), 422

"""A link by mail to choose a password: the one path behind an invitation (portal/auth/activation.py) and a
password reset (portal/auth/password_reset.py).

A PasswordLink says what differs: the token purpose and outbox kind, how long the link works, and whose
account it is for. The rest is the same for both. The link is a SignInToken (portal/auth/tokens.py: 256
bits, only a hash stored, works once). Sending one withdraws the earlier ones of its purpose, and setting
the password withdraws any other still open, so at most one link of a purpose ever works. The mail is built
when it leaves (portal/auth/messages.py) and is skipped when the link was used or withdrawn before then.
Opening a link changes nothing; only a password that passes the rules (portal/auth/password_rules.py)
uses it up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from portal.audit.events import record_change
from portal.auth.models import SignInToken
from portal.auth.password_rules import check_new_password
from portal.auth.passwords import hash_password
from portal.auth.tokens import Refused, find_link, new_token, use_up, withdraw_unused
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.policy.actors import Actor


@dataclass(frozen=True)
class PasswordLink:
    purpose: str  # the SignInToken purpose
    kind: MessageKind  # the outbox kind of its mail
    lifetime: Callable[[], timedelta]  # read from the configuration when a link is made
    is_for: Callable[[User], bool]  # whose (active) account such a link may set a password for
    not_for: str  # why a link for anyone else is refused or its mail skipped (logged, not shown)

    def send(self, actor: Actor, user: User, action: str, **details) -> SignInToken:
        """Queue the mail with a new link (earlier unused links of this purpose stop working), audited as
        `action`. The caller has checked is_for(user)."""
        withdraw_unused(user.id, self.purpose)
        token = new_token(user, self.purpose, self.lifetime(), created_by_id=actor.user_id)
        message = emit(self.kind, Channel.EMAIL, f"{self.purpose}:{token.id}", user_id=user.id)
        if message is not None:
            message.sign_in_token_id = token.id  # emit() has no argument for it; the row is in the session
        record_change(actor, action, "user", user.id, expires_at=token.expires_at.isoformat(), **details)
        return token

    def check(self, secret: str) -> User:
        """The person a usable link belongs to (nothing is changed); Refused otherwise."""
        token = find_link(secret, self.purpose)
        user = db.session.get(User, token.user_id)
        if user is None or not user.active:
            raise Refused("unknown")
        if not self.is_for(user):
            raise Refused("used")  # e.g. an invitation to an account that has a password since
        return user

    def set_password(self, secret: str, password: str) -> User:
        """Set the password through the link, which is then used up with every other open link of its kind.

        The rules are checked before the link is used: a refused password leaves the link working, to try
        again. The caller records the change (what it means differs: a first password, or a forgotten one
        replaced).
        """
        user = self.check(secret)
        check_new_password(password, email=user.email, field="new_password")
        use_up(find_link(secret, self.purpose))
        user.password_hash = hash_password(password)
        user.password_changed_at = now_utc()
        withdraw_unused(user.id, self.purpose)
        return user

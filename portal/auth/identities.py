"""Who an OpenID sign-in is: users are found by (issuer, subject), never by email alone.

A first sign-in either links the identity to an account an administrator made beforehand (same
organisation as the provider, and an email address the provider says is verified and that lies in the
provider's allowed domains) or, if the provider allows it, creates a staff account. The role always comes
from Soffa: nothing the provider says grants more.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.auth.oidc import Provider
from portal.extensions import db
from portal.orgs.models import Organisation, Role, User, UserIdentity
from portal.policy.actors import Actor

log = logging.getLogger("soffa.auth")


class SignInRefused(Exception):
    """A sign-in that must not go through; reason is for the log, message for the person."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason = reason
        self.message = message


def refuse(provider_name: str, reason: str, message: str, user: User | None = None) -> SignInRefused:
    """Log and audit a refusal; the view answers 401, which commits, so the audit event stays."""
    log.warning("OpenID sign-in through %s refused: %s", provider_name, reason)
    record_change(
        Actor.of(user),
        "auth.oidc_refused",
        "user",
        user.id if user else None,
        provider=provider_name,
        reason=reason[:200],
    )
    return SignInRefused(reason, message)


def _organisation(reference: str) -> Organisation | None:
    if reference.isdigit():
        return db.session.get(Organisation, int(reference))
    query = sa.select(Organisation).where(sa.func.lower(Organisation.name) == reference.lower())
    return db.session.execute(query).scalar_one_or_none()


def _no_account() -> str:
    return _("No Soffa account is linked to this sign-in. Ask your administrator for an invitation.")


def user_for_identity(provider: Provider, claims: dict) -> User:
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    known = db.session.execute(
        sa.select(User)
        .join(UserIdentity, UserIdentity.user_id == User.id)
        .where(UserIdentity.issuer == issuer, UserIdentity.subject == subject)
    ).scalar_one_or_none()
    if known is not None:
        if not known.active:
            raise refuse(provider.name, "account deactivated", _("This account is deactivated."), known)
        return known

    organisation = _organisation(provider.organisation)
    if organisation is None:
        raise refuse(provider.name, "the provider's organisation does not exist", _no_account())
    email = str(claims.get("email") or "").strip().lower()
    # Only a verified address in the provider's own domains says who this is; anything else could be
    # an address the person merely typed into their profile at the provider.
    trusted_email = (
        claims.get("email_verified") is True and email.rpartition("@")[2] in provider.email_domains
    )
    account = db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()
    if account is not None:
        if not (trusted_email and account.organisation_id == organisation.id and account.active):
            raise refuse(
                provider.name, "the address belongs to an account this provider may not link", _no_account()
            )
        _link(account, issuer, subject, provider, created=False)
        return account
    if not (provider.create_users and trusted_email):
        raise refuse(provider.name, "no linked account and no account may be created", _no_account())
    account = User(
        email=email,
        name=str(claims.get("name") or email)[:200],
        organisation_id=organisation.id,
        role=Role.STAFF,  # the provider never chooses a role: an administrator raises it in Soffa
        password_hash=None,
    )
    db.session.add(account)
    db.session.flush()
    _link(account, issuer, subject, provider, created=True)
    return account


def _link(user: User, issuer: str, subject: str, provider: Provider, *, created: bool) -> None:
    identity = UserIdentity(user_id=user.id, issuer=issuer, subject=subject)
    db.session.add(identity)
    db.session.flush()
    if created:
        record_change(
            Actor.of(user),
            "user.create",
            "user",
            user.id,
            email=user.email,
            role=user.role,
            organisation_id=user.organisation_id,
            provider=provider.name,
        )
    record_change(
        Actor.of(user),
        "auth.identity_link",
        "user_identity",
        identity.id,
        provider=provider.name,
        issuer=issuer,
        subject=subject,
    )

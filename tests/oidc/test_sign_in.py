"""Sign-in through a real OpenID provider: first sign-in, linking, and identities by (issuer, subject)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.orgs.models import User, UserIdentity
from tests.oidc.flow import sign_in, start


def _users_with_identity(app, subject: str) -> list[tuple[User, UserIdentity]]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(User, UserIdentity)
            .join(UserIdentity, UserIdentity.user_id == User.id)
            .where(UserIdentity.subject == subject)
            .order_by(User.id)
        ).all()
        db.session.expunge_all()
        return [tuple(row) for row in rows]


def _signed_in(client) -> bool:
    return client.get("/cases/").status_code == 200


def test_the_sign_in_page_has_one_button_per_provider(client, oidc):
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with Norra IdP" in page
    assert "Sign in with Jobs IdP" in page
    assert page.count('href="/login/oidc/') == 2


def test_the_flow_uses_pkce_state_and_nonce(client, oidc):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["soffa-alpha"]


def test_first_sign_in_creates_a_staff_account_in_the_providers_organisation(app, client, oidc):
    response = sign_in(client, "first-1", email="Anna@School.example")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _signed_in(client)
    [(user, identity)] = _users_with_identity(app, "first-1")
    assert (user.email, user.role, user.organisation_id) == (
        "anna@school.example",
        "staff",
        oidc["school"].id,
    )
    assert user.password_hash is None
    assert identity.issuer == oidc["servers"]["alpha"].issuer


def test_a_second_sign_in_finds_the_same_user_even_with_another_email(app, client, oidc, make):
    sign_in(client, "again-1", email="bo@school.example")
    [(user, _)] = _users_with_identity(app, "again-1")
    with app.app_context():
        db.session.get(User, user.id).role = "case_manager"  # an administrator raised the role in Soffa
        db.session.commit()
    other = app.test_client()
    response = sign_in(other, "again-1", email="bo.renamed@school.example")
    assert response.status_code == 302
    [(same, _)] = _users_with_identity(app, "again-1")
    assert same.id == user.id
    assert same.role == "case_manager"  # the role comes from Soffa, never from the provider
    assert same.email == "bo@school.example"


def test_a_pre_created_account_is_linked_by_a_verified_address_in_the_allowed_domains(
    app, client, oidc, make
):
    account = make.user("case_manager", org=oidc["school"], email="cia@school.example")
    response = sign_in(client, "link-1", email="cia@school.example")
    assert response.status_code == 302
    [(user, _)] = _users_with_identity(app, "link-1")
    assert user.id == account.id
    assert user.role == "case_manager"


def _refused_quietly(app, client, response, account_email: str) -> None:
    assert response.status_code == 401
    assert "No Soffa account is linked to this sign-in" in response.get_data(as_text=True)
    assert not _signed_in(client)
    with app.app_context():
        user = db.session.execute(sa.select(User).where(User.email == account_email)).scalar_one()
        assert (
            db.session.execute(sa.select(UserIdentity).where(UserIdentity.user_id == user.id)).first() is None
        )


def test_an_unverified_address_never_links_to_an_account(app, client, oidc, make):
    make.user("staff", org=oidc["school"], email="dan@school.example")
    response = sign_in(client, "unverified-1", email="dan@school.example", verified="false")
    _refused_quietly(app, client, response, "dan@school.example")


def test_an_account_of_another_organisation_is_never_linked(app, client, oidc, make):
    make.user("admin", org=oidc["job_centre"], email="eva@school.example")
    response = sign_in(client, "other-org-1", email="eva@school.example")
    _refused_quietly(app, client, response, "eva@school.example")


def test_an_address_outside_the_allowed_domains_is_neither_linked_nor_created(app, client, oidc, make):
    make.user("staff", org=oidc["school"], email="fia@elsewhere.example")
    response = sign_in(client, "domain-1", email="fia@elsewhere.example")
    _refused_quietly(app, client, response, "fia@elsewhere.example")
    response = sign_in(client, "domain-2", email="gus@elsewhere.example")
    assert response.status_code == 401
    assert _users_with_identity(app, "domain-2") == []


def test_without_create_users_an_unknown_person_is_refused(app, client, oidc):
    app.config["OIDC_PROVIDERS"]["alpha"]["create_users"] = False
    from portal.auth.oidc import register_providers

    register_providers(app)
    response = sign_in(client, "nocreate-1", email="hal@school.example")
    assert response.status_code == 401
    assert _users_with_identity(app, "nocreate-1") == []


def test_the_same_subject_at_two_providers_is_two_different_people(app, client, oidc):
    assert sign_in(client, "same-sub", email="ida@school.example").status_code == 302
    assert sign_in(app.test_client(), "same-sub", name="beta", email="ida@jobs.example").status_code == 302
    rows = _users_with_identity(app, "same-sub")
    assert len(rows) == 2
    (first, first_identity), (second, second_identity) = rows
    assert first.id != second.id
    assert {first.organisation_id, second.organisation_id} == {oidc["school"].id, oidc["job_centre"].id}
    assert first_identity.issuer != second_identity.issuer


def test_a_deactivated_user_cannot_sign_in_through_the_provider(app, client, oidc):
    sign_in(client, "gone-1", email="jan@school.example")
    [(user, _)] = _users_with_identity(app, "gone-1")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    other = app.test_client()
    response = sign_in(other, "gone-1", email="jan@school.example")
    assert response.status_code == 401
    assert "deactivated" in response.get_data(as_text=True)
    assert not _signed_in(other)


def test_sign_in_is_audited_with_its_method(app, client, oidc):
    sign_in(client, "audit-1", email="kim@school.example")
    [(user, _)] = _users_with_identity(app, "audit-1")
    with app.app_context():
        actions = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.details).where(AuditEvent.user_id == user.id)
        ).all()
    names = [action for action, _ in actions]
    assert names == ["user.create", "auth.identity_link", "auth.sign_in"]
    assert actions[-1][1]["method"] == "oidc:alpha"


def test_next_is_kept_through_the_provider_and_only_a_local_path(client, oidc):
    client.get("/login/oidc/alpha?next=/cases/")
    from tests.oidc.flow import callback_path, through_provider

    back = through_provider(
        client.get("/login/oidc/alpha?next=/cases/").headers["Location"], "next-1", email="lo@school.example"
    )
    assert client.get(callback_path(back)).headers["Location"] == "/cases/"
    other = client.application.test_client()
    back = through_provider(
        other.get("/login/oidc/alpha?next=https://evil.example/").headers["Location"],
        "next-1",
        email="lo@school.example",
    )
    assert other.get(callback_path(back)).headers["Location"] == "/"

"""The demo seed: idempotent, deterministic, complete, usable through HTTP, and harmless to real data."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.cases.models import Case, CaseStatus, Consent, ExternalContact, TeamMember, Track, YoungPerson
from portal.demo import DEMO_PASSWORD, DemoRefused, seed
from portal.demo.scenario import demo_plan
from portal.extensions import db
from portal.meetings.models import Meeting, Participant
from portal.orgs.models import Organisation, OrgKind, Role, User
from portal.outbox.models import OutboxMessage
from portal.plans.models import Goal, Plan, PlanAction
from portal.policy.actions import Action
from portal.policy.actors import Actor
from portal.policy.loading import load_case_access
from portal.policy.rules import Relation
from portal.timeline.models import EntryRedaction, TimelineEntry
from portal.youth.models import WeekTask

TABLES = (Organisation, User, YoungPerson, Case, TeamMember, Consent, ExternalContact)
WORK_TABLES = (
    Plan,
    Goal,
    PlanAction,
    TimelineEntry,
    EntryRedaction,
    Meeting,
    Participant,
    WeekTask,
    AuditEvent,
)
ACCOUNTS = {
    "admin@demo.soffa.se": Role.ADMIN,
    "anna.lind@demo.soffa.se": Role.CASE_MANAGER,
    "erik.holm@demo.soffa.se": Role.STAFF,
    "sara.ek@demo.soffa.se": Role.STAFF,
    "jonas.berg@demo.soffa.se": Role.VOLUNTEER,
    "maja.nilsson@demo.soffa.se": Role.YOUNG_PERSON,
}


def _counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
        for model in TABLES + WORK_TABLES + (OutboxMessage,)
    }


def _user(email: str) -> User:
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


@pytest.fixture
def seeded(app):
    with app.app_context():
        return seed()


def test_second_run_creates_nothing(app, seeded):
    assert seeded.startswith("created 7 organisations, ")
    assert "40 young people" in seeded
    assert "the work in 40 cases" in seeded
    with app.app_context():
        first = _counts()
        assert seed() == "demo data already present"
        assert _counts() == first
    assert first["case_file"] == first["young_person"] == 40
    assert first["organisation"] == len(OrgKind)
    assert all(first[model.__tablename__] > 0 for model in WORK_TABLES)
    assert first["outbox_message"] == 0  # nothing to send: demo meetings are written, not called


def test_tops_up_what_is_missing(app, make):
    make.org("school", name="Åkerby gymnasium")  # as if an earlier run had stopped after one organisation
    with app.app_context():
        summary = seed()
        kinds = db.session.execute(sa.select(Organisation.kind)).scalars().all()
    assert summary.startswith("created 6 organisations, ")
    assert sorted(kinds) == sorted(kind.value for kind in OrgKind)


def test_same_plan_every_time():
    today = date(2026, 3, 1)
    assert demo_plan(today) == demo_plan(today)
    assert demo_plan(today) != demo_plan(date(2026, 3, 2))  # dates follow today


def test_every_role_has_an_account_and_the_readme_accounts_exist(app, seeded):
    with app.app_context():
        roles = set(db.session.execute(sa.select(User.role)).scalars())
        assert roles == {role.value for role in Role}
        for email, role in ACCOUNTS.items():
            assert _user(email).role == role
        # Every demo login uses the one published password (one hash, computed once).
        hashes = set(db.session.execute(sa.select(User.password_hash)).scalars())
        assert len(hashes) == 1


def test_caseload_has_every_track_status_and_consent_state(app, seeded):
    today = date.today()
    with app.app_context():
        cases = db.session.execute(sa.select(Case)).unique().scalars().all()
        assert {case.track for case in cases} == {track.value for track in Track}
        assert {case.status for case in cases} == {status.value for status in CaseStatus}
        assert all((case.status == "closed") == (case.outcome is not None) for case in cases)
        ages = {(today - case.young_person.birth_date).days // 365 for case in cases}
        assert min(ages) >= 15 and max(ages) <= 20
        assert {case.young_person.language for case in cases} == {"sv", "da"}
        consents = db.session.execute(sa.select(Consent)).unique().scalars().all()
        assert len([c for c in consents if c.withdrawn_at is not None]) == 1
        expired = [c for c in consents if c.withdrawn_at is None and c.expires_on and c.expires_on < today]
        assert len(expired) == 1
        assert len([c for c in consents if c.is_valid_on(today)]) > 40
        relations = set(db.session.execute(sa.select(ExternalContact.relation)).scalars())
        assert {"guardian", "psychologist", "housing_support"} <= relations
        young_logins = db.session.execute(sa.select(YoungPerson).where(YoungPerson.user_id.is_not(None)))
        assert len(young_logins.scalars().all()) == 3


def test_erik_is_on_cases_with_and_without_consent(app, seeded):
    with app.app_context():
        erik = _user("erik.holm@demo.soffa.se")
        case_ids = db.session.execute(
            sa.select(TeamMember.case_id).where(
                TeamMember.user_id == erik.id, TeamMember.removed_at.is_(None)
            )
        ).scalars()
        accesses = [load_case_access(Actor.of(erik), case_id, date.today()) for case_id in case_ids]
    assert all(access.relation == Relation.STAFF for access in accesses)
    with_plan = [access for access in accesses if access.decide(Action.CASE_VIEW_PERSON).allowed]
    basic_only = [access for access in accesses if not access.consents]
    assert with_plan and basic_only
    assert all(access.decide(Action.CASE_VIEW_BASIC).allowed for access in basic_only)


@pytest.mark.parametrize("email", sorted(ACCOUNTS))
def test_demo_accounts_sign_in(app, seeded, email):
    client = app.test_client()
    response = client.login(email, DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get("/", follow_redirects=True).status_code == 200


def test_anna_sees_her_cases_and_no_others(app, seeded, client):
    with app.app_context():
        anna = _user("anna.lind@demo.soffa.se")
        rows = db.session.execute(
            sa.select(YoungPerson.name, Case.case_manager_id, Case.deputy_id).join(Case)
        )
        hers = {name for name, hub, deputy in rows if anna.id in (hub, deputy)}
        others = {name for (name,) in db.session.execute(sa.select(YoungPerson.name))} - hers
    assert len(hers) >= 15  # the hub of many cases
    client.login("anna.lind@demo.soffa.se", DEMO_PASSWORD)
    page = client.get("/cases/").get_data(as_text=True)
    assert all(name in page for name in hers)
    assert not any(name in page for name in others)


def test_maja_sees_only_her_own_case(app, seeded, client):
    with app.app_context():
        maja = _user("maja.nilsson@demo.soffa.se")
        hers = db.session.execute(
            sa.select(Case.id).join(YoungPerson).where(YoungPerson.user_id == maja.id)
        ).scalar_one()
        oliver = db.session.execute(
            sa.select(Case.id).join(YoungPerson).where(YoungPerson.name == "Oliver Johansson")
        ).scalar_one()
    client.login("maja.nilsson@demo.soffa.se", DEMO_PASSWORD)
    start = client.get("/", follow_redirects=True)
    assert start.request.path == f"/me/{hers}"  # her own page, not the staff case list
    page = start.get_data(as_text=True)
    assert "<h1>Hej Maja!</h1>" in page and "Anna Lind" in page  # in her language, Swedish
    assert "Oliver Johansson" not in page
    assert client.get("/cases/").status_code == 403
    assert client.get(f"/cases/{hers}").status_code == 404  # the staff pages of her case do not exist for her
    assert client.get(f"/me/{oliver}").status_code == 404


def test_refuses_a_database_with_real_accounts(app, make):
    make.user("staff")  # someone@example.org: this is not a demo database
    with (
        app.app_context(),
        pytest.raises(DemoRefused, match=r"holds 1 account\(s\) outside @demo\.soffa\.se"),
    ):
        seed()
    with app.app_context():
        assert _counts()["organisation"] == 1  # the factory's own organisation: nothing was written


def test_complete_demo_with_an_added_account_is_left_alone(app, seeded, make):
    make.user("staff")  # e.g. an account an administrator created while trying the demo
    with app.app_context():
        before = _counts()
        assert seed() == "demo data already present"
        assert _counts() == before

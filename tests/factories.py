"""Build domain objects straight in the database, committed (to the test's savepoint) so requests see them."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from portal.auth.passwords import hash_password
from portal.cases.models import Case, Consent, ExternalContact, TeamMember, YoungPerson
from portal.extensions import db
from portal.orgs.models import Organisation, User
from portal.plans.models import Goal, PlanAction
from portal.timeline.models import TimelineEntry

_counter = itertools.count(1)
_password_hash: str | None = None


class Factory:
    """Each call runs in its own app context and returns a detached object with its columns loaded,
    so a test holds no app context of its own (requests then get a fresh `g`, as in production)."""

    PASSWORD = "correct horse battery staple"
    # Case managers and administrators must give a TOTP code after their password (portal/auth/two_factor.py):
    # they get this known secret unless a test says otherwise (totp_secret=None: not enrolled yet).
    TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    def __init__(self, app):
        self.app = app

    @staticmethod
    def _n() -> int:
        return next(_counter)

    def org(self, kind: str = "school", name: str | None = None) -> Organisation:
        org = Organisation(name=name or f"{kind.title()} {self._n()}", kind=kind)
        return self._save(org)

    def user(self, role: str = "staff", org: Organisation | None = None, **fields) -> User:
        global _password_hash
        if _password_hash is None:
            _password_hash = hash_password(self.PASSWORD)
        if org is None and role != "young_person":
            org = self.org("municipality" if role in ("case_manager", "admin") else "school")
        n = self._n()
        fields.setdefault("email", f"{role}{n}@example.org")
        fields.setdefault("name", f"{role.replace('_', ' ').title()} {n}")
        fields.setdefault("password_hash", _password_hash)  # None: no password (OpenID sign-in, or invited)
        if role in ("case_manager", "admin"):
            fields.setdefault("totp_secret", self.TOTP_SECRET)
        user = User(role=role, organisation_id=org.id if org else None, **fields)
        return self._save(user)

    def case(self, manager: User | None = None, young_user: User | None = None, **fields) -> Case:
        manager = manager or self.user("case_manager")
        person = self._save(
            YoungPerson(
                name=fields.pop("young_name", f"Young Person {self._n()}"),
                birth_date=date(2008, 5, 17),
                national_id="20080517-1234",
                phone="+46701234567",
                user_id=young_user.id if young_user else None,
            )
        )
        fields.setdefault("track", "in_school_at_risk")
        fields.setdefault("status", "active")
        fields.setdefault("opened_on", date.today())
        case = Case(young_person_id=person.id, case_manager_id=manager.id, **fields)
        return self._save(case)

    def member(self, case: Case, user: User, case_role: str = "mentor") -> TeamMember:
        return self._save(TeamMember(case_id=case.id, user_id=user.id, case_role=case_role))

    def consent(
        self, case: Case, org: Organisation, scopes=("plan", "timeline", "contacts", "meetings"), **fields
    ):
        fields.setdefault("purpose", "Coordinated support to complete upper-secondary school")
        fields.setdefault("form", "written")
        fields.setdefault("given_by", "young_person")
        fields.setdefault("given_on", date.today() - timedelta(days=1))
        fields.setdefault("recorded_by_id", case.case_manager_id)
        flags = {f"scope_{scope}": True for scope in scopes}
        return self._save(Consent(case_id=case.id, organisation_id=org.id, **flags, **fields))

    def external_contact(self, case: Case, **fields) -> ExternalContact:
        fields.setdefault("name", f"Contact {self._n()}")
        fields.setdefault("relation", "guardian")
        return self._save(ExternalContact(case_id=case.id, **fields))

    def goal(self, case: Case, author: User, life_area: str = "education", **fields) -> Goal:
        fields.setdefault("text", f"Goal {self._n()}")
        return self._save(Goal(case_id=case.id, life_area=life_area, created_by_id=author.id, **fields))

    def plan_action(self, goal: Goal, owner: User | None = None, **fields) -> PlanAction:
        fields.setdefault("text", f"Action {self._n()}")
        return self._save(
            PlanAction(
                goal_id=goal.id,
                case_id=goal.case_id,
                owner_id=owner.id if owner else None,
                owner_organisation_id=owner.organisation_id if owner else None,
                **fields,
            )
        )

    def entry(self, case: Case, author: User, visibility: str = "team", **fields) -> TimelineEntry:
        fields.setdefault("kind", "note")
        fields.setdefault("body", f"Note {self._n()}")
        return self._save(
            TimelineEntry(
                case_id=case.id,
                author_id=author.id,
                author_organisation_id=author.organisation_id,
                visibility=visibility,
                **fields,
            )
        )

    def _save(self, obj):
        with self.app.app_context():
            db.session.add(obj)
            db.session.commit()
            db.session.refresh(obj)
            db.session.expunge(obj)
        return obj

    # --- timeline (appended) ---

    def system_entry(self, case: Case, visibility: str = "team", **fields) -> TimelineEntry:
        """An entry the portal wrote itself (no author, no organisation)."""
        fields.setdefault("kind", "system")
        fields.setdefault("body", f"System event {self._n()}")
        return self._save(TimelineEntry(case_id=case.id, visibility=visibility, **fields))

    def redaction(self, entry: TimelineEntry, by: User, reason: str = "Written in the wrong case"):
        from portal.timeline.models import EntryRedaction

        return self._save(EntryRedaction(entry_id=entry.id, redacted_by_id=by.id, reason=reason))

    # --- meetings (appended) ---

    def meeting(
        self, case: Case, organizer: User, starts_at=None, timezone: str = "Europe/Stockholm", **fields
    ):
        """A scheduled meeting a week from now (one hour long) unless told otherwise; no outbox rows."""
        import uuid
        from datetime import UTC, datetime

        from portal.meetings.models import Meeting

        if starts_at is None:
            starts_at = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=7)
        fields.setdefault("ends_at", starts_at + timedelta(hours=1))
        fields.setdefault("uid", f"{uuid.uuid4()}@soffa")
        fields.setdefault("title", f"Meeting {self._n()}")
        fields.setdefault("place", "Room 1, Town Hall")
        meeting = Meeting(
            case_id=case.id, organizer_id=organizer.id, starts_at=starts_at, timezone=timezone, **fields
        )
        return self._save(meeting)

    def participant(self, meeting, user: User | None = None, **fields):
        """Invite a user (name, email, phone and language copied from the account), or anyone given by
        fields (e.g. is_young_person=True, name=..., phone=...)."""
        from portal.meetings.models import Participant

        if user is not None:
            fields.setdefault("user_id", user.id)
            fields.setdefault("name", user.name)
            fields.setdefault("email", user.email)
            fields.setdefault("phone", user.phone)
            fields.setdefault("locale", user.locale or "sv")
        fields.setdefault("name", f"Participant {self._n()}")
        if not fields.get("email") and not fields.get("phone"):
            fields["email"] = f"participant{self._n()}@example.org"
        return self._save(Participant(meeting_id=meeting.id, **fields))

"""Reads for meetings. The meetings page costs the same few queries whatever the number of meetings and
participants: one for the meetings (narrowed by visibility.meeting_rule), one for their participants,
and, for the hub, one for the delivery state of every message sent about them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import sqlalchemy as sa

from portal.cases.models import Case, ExternalContact, TeamMember
from portal.db import now_utc
from portal.extensions import db
from portal.meetings import rsvp
from portal.meetings.models import Meeting, MeetingStatus, Participant
from portal.orgs.models import User
from portal.outbox.models import MessageKind, OutboxMessage
from portal.outbox.queries import permanent_failures
from portal.plans.models import Goal, GoalStatus
from portal.policy import CaseAccess
from portal.policy.visibility import MEETING_CONDITIONS, MeetingRule, meeting_rule

YOUNG_PERSON_KEY = "young-person"


@dataclass(frozen=True)
class Invitee:
    """Someone who can be invited to a meeting of this case, with the addresses the invite would use."""

    key: str  # "user-7", "young-person", "contact-3": the value of the form's checkbox
    name: str
    kind: str  # "team" | "young_person" | "contact"
    email: str | None
    phone: str | None
    locale: str | None = None
    user_id: int | None = None
    external_contact_id: int | None = None
    is_young_person: bool = False


@dataclass(frozen=True)
class Delivery:
    """What became of the latest invite, update or cancellation to one participant on one channel."""

    channel: str
    state: str  # queued | sent | failed | skipped
    kind: str
    error: str | None


@dataclass
class MeetingView:
    meeting: Meeting
    participants: list[Participant] = field(default_factory=list)  # invited now, removed ones left out
    deliveries: dict[int, list[Delivery]] = field(default_factory=dict)  # participant id -> per channel

    @property
    def failed(self) -> list[tuple[Participant, Delivery]]:
        return [
            (p, d) for p in self.participants for d in self.deliveries.get(p.id, []) if d.state == "failed"
        ]


@dataclass
class MeetingsPage:
    upcoming: list[MeetingView]  # soonest first
    past: list[MeetingView]  # latest first


@dataclass(frozen=True)
class NextMeeting:
    """The case overview's meeting card (templates/meetings/_next_meeting.html)."""

    view: MeetingView | None  # the next meeting this reader may see; None: only failures to show
    failed: int = 0  # invitations of the case that could not be delivered (asked for by the hub only)
    answer_token: str | None = None  # the reader's own signed RSVP token, when they are invited


def _visible(rule: MeetingRule) -> sa.Select:
    """The meetings of the case this reader may see, the case and reader bound (_params). The statements
    below are built from it once per rule."""
    return sa.select(Meeting).where(Meeting.case_id == sa.bindparam("case_id"), MEETING_CONDITIONS[rule])


def _params(access: CaseAccess, **more) -> dict:
    return {"case_id": access.case.id, "viewer_id": access.actor.user_id, **more}


@cache
def _all_visible(rule: MeetingRule) -> sa.Select:
    return _visible(rule).order_by(Meeting.starts_at, Meeting.id)


@cache
def _one_visible(rule: MeetingRule) -> sa.Select:
    return _visible(rule).where(Meeting.id == sa.bindparam("meeting_id"))


@cache
def _next_visible(rule: MeetingRule) -> sa.Select:
    return (
        _visible(rule)
        .where(Meeting.status == MeetingStatus.SCHEDULED.value, Meeting.ends_at > sa.bindparam("now"))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def meetings_page(access: CaseAccess, with_delivery: bool) -> MeetingsPage:
    meetings = list(db.session.execute(_all_visible(meeting_rule(access)), _params(access)).scalars())
    views = views_of(meetings, with_delivery)
    now = now_utc()
    upcoming = [v for v in views if v.meeting.ends_at > now]
    past = [v for v in reversed(views) if v.meeting.ends_at <= now]
    return MeetingsPage(upcoming=upcoming, past=past)


def meeting_view(access: CaseAccess, meeting_id: int, with_delivery: bool) -> MeetingView | None:
    meeting = visible_meeting(access, meeting_id)
    if meeting is None:
        return None
    return views_of([meeting], with_delivery)[0]


def visible_meeting(access: CaseAccess, meeting_id: int) -> Meeting | None:
    """A meeting of this case the reader may see; any other does not exist for them (404)."""
    query = _one_visible(meeting_rule(access))
    return db.session.execute(query, _params(access, meeting_id=meeting_id)).scalar_one_or_none()


def next_meeting(access: CaseAccess, with_failures: bool = False) -> NextMeeting | None:
    """The next scheduled meeting this reader may see (one that is going on counts as next) and, when
    `with_failures` (the hub), how many invitations could not be delivered; None when there is neither,
    so the caller shows (and logs) no meetings section. Two or three queries."""
    query = _next_visible(meeting_rule(access))
    meeting = db.session.execute(query, _params(access, now=now_utc())).scalar_one_or_none()
    view = views_of([meeting])[0] if meeting else None
    failed = 0
    if with_failures:
        failed = sum(1 for failure in permanent_failures(access.case.id) if failure.meeting_id is not None)
    if view is None and not failed:
        return None
    own = reader_row(access, view.participants) if view else None
    # Answering while signed in goes through the same signed link as from the mail.
    token = rsvp.make_token(own, view.meeting) if own else None
    return NextMeeting(view, failed, token)


def reader_row(access: CaseAccess, participants: list[Participant]) -> Participant | None:
    """The participant row that is the person reading, if any (to offer them their own answer). Staff pages
    only: the young person answers on their own page (portal.youth.queries.my_meetings)."""
    for participant in participants:
        if participant.user_id is not None and participant.user_id == access.actor.user_id:
            return participant
    return None


def views_of(meetings: list[Meeting], with_delivery: bool = False) -> list[MeetingView]:
    """The meetings with their participants (two queries), and the delivery states when asked (one more)."""
    views = {m.id: MeetingView(m) for m in meetings}
    if not views:
        return []
    participants = db.session.execute(
        sa.select(Participant)
        .where(Participant.meeting_id.in_(views), Participant.removed_at.is_(None))
        .order_by(Participant.is_young_person.desc(), Participant.name, Participant.id)
    ).scalars()
    for participant in participants:
        views[participant.meeting_id].participants.append(participant)
    if with_delivery:
        for message in _latest_messages(list(views)):
            delivery = Delivery(message.channel, message.state, message.kind, message.last_error)
            views[message.meeting_id].deliveries.setdefault(message.participant_id, []).append(delivery)
    return list(views.values())


def _latest_messages(meeting_ids: list[int]) -> list[OutboxMessage]:
    """The latest invite/update/cancel per participant and channel. Reminders are left out: they wait
    for their hour, and a stale one is skipped on purpose. (portal.outbox.queries.delivery_states answers
    the same for one meeting; this reads every meeting of a page in one query.)"""
    messages = db.session.execute(
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.meeting_id.in_(meeting_ids),
            OutboxMessage.participant_id.is_not(None),
            OutboxMessage.kind != MessageKind.REMINDER.value,
            OutboxMessage.skipped_at.is_(None),  # dropped as out of date: says nothing about delivery
        )
        .order_by(OutboxMessage.id)
    ).scalars()
    latest: dict[tuple[int, str], OutboxMessage] = {}
    for message in messages:
        latest[(message.participant_id, message.channel)] = message  # ordered by id: the last one wins
    return sorted(latest.values(), key=lambda m: (m.participant_id, m.channel))


def participant_in_meeting(meeting: Meeting, participant_id: int) -> Participant | None:
    query = sa.select(Participant).where(
        Participant.id == participant_id,
        Participant.meeting_id == meeting.id,
        Participant.removed_at.is_(None),
    )
    return db.session.execute(query).scalar_one_or_none()


def active_participants(meeting: Meeting) -> list[Participant]:
    query = (
        sa.select(Participant)
        .where(Participant.meeting_id == meeting.id, Participant.removed_at.is_(None))
        .order_by(Participant.id)
    )
    return list(db.session.execute(query).scalars())


def invitees(case: Case) -> list[Invitee]:
    """Who can be invited: the hub, the deputy and the active team (active accounts), the young person,
    and the case's external contacts. Addresses as they are now; the invite copies them."""
    team = db.session.execute(
        sa.select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.case_id == case.id, TeamMember.removed_at.is_(None))
        .order_by(User.name, User.id)
    ).scalars()
    people: dict[int, User] = {}
    for user in (case.case_manager, case.deputy, *team):
        if user is not None and user.active:
            people.setdefault(user.id, user)
    found = [
        Invitee(f"user-{u.id}", u.name, "team", u.email, u.phone, u.locale, user_id=u.id)
        for u in people.values()
    ]
    young = case.young_person
    email = young.email
    if not email and young.user_id:
        # A young person who signs in has an address even when none was typed into the case.
        email = db.session.execute(sa.select(User.email).where(User.id == young.user_id)).scalar_one_or_none()
    found.append(
        Invitee(
            YOUNG_PERSON_KEY,
            young.name,
            "young_person",
            email,
            young.phone,
            young.language,
            is_young_person=True,
        )
    )
    contacts = db.session.execute(
        sa.select(ExternalContact)
        .where(ExternalContact.case_id == case.id, ExternalContact.removed_at.is_(None))
        .order_by(ExternalContact.name, ExternalContact.id)
    ).scalars()
    found += [
        Invitee(f"contact-{c.id}", c.name, "contact", c.email, c.phone, external_contact_id=c.id)
        for c in contacts
    ]
    return found


def invitee_key(participant: Participant) -> str:
    """The invitee a participant row stands for, to tell who is already invited."""
    if participant.is_young_person:
        return YOUNG_PERSON_KEY
    if participant.user_id is not None:
        return f"user-{participant.user_id}"
    return f"contact-{participant.external_contact_id}"


def rsvp_target(participant_id: int, meeting_id: int) -> tuple[Participant, Meeting, Case] | None:
    """The participant and meeting a signed RSVP link names (one query)."""
    row = db.session.execute(
        sa.select(Participant, Meeting, Case)
        .join(Meeting, Meeting.id == Participant.meeting_id)
        .join(Case, Case.id == Meeting.case_id)
        .where(Participant.id == participant_id, Meeting.id == meeting_id)
    ).first()
    return tuple(row) if row else None


def open_goals(case_id: int) -> list[Goal]:
    query = (
        sa.select(Goal)
        .where(Goal.case_id == case_id, Goal.status == GoalStatus.OPEN.value)
        .order_by(Goal.created_at, Goal.id)
    )
    return list(db.session.execute(query).scalars())

"""The work in the demo cases, seen through the pages of the README's accounts: Anna (hub), Erik (mentor),
Sofia (kurator), Jonas (volunteer) and Maja herself. Texts are taken from the demo plan, not copied."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.cases.models import Case, YoungPerson
from portal.demo import DEMO_PASSWORD, seed
from portal.demo.scenario import demo_plan
from portal.demo.work.steps import Action, Goal, Note, Record, Redact, Task
from portal.extensions import db
from portal.i18n import local_today
from portal.outbox.models import OutboxMessage
from portal.timeline.models import TimelineEntry


@dataclass
class Maja:
    case_id: int
    work: tuple

    def notes(self, **wanted) -> list[str]:
        """Bodies of the notes with these fields, e.g. notes(visibility="case_manager")."""
        found = [s for s in self.work if isinstance(s, Note)]
        return [s.body for s in found if all(getattr(s, k) == v for k, v in wanted.items())]

    @property
    def goals(self) -> list[str]:
        return [s.text for s in self.work if isinstance(s, Goal)]

    @property
    def actions(self) -> list[str]:
        single = [s.action.text for s in self.work if isinstance(s, Action)]
        return single + [a.text for s in self.work if isinstance(s, Record) for a in s.actions]

    @property
    def redaction(self) -> tuple[str, str]:
        redact = next(s for s in self.work if isinstance(s, Redact))
        note = next(s for s in self.work if isinstance(s, Note) and s.key == redact.entry)
        return note.body, redact.reason


@pytest.fixture
def maja(app) -> Maja:
    with app.app_context():
        seed()
        plan = next(c for c in demo_plan(local_today()).cases if c.young.name == "Maja Nilsson")
        case_id = db.session.execute(
            sa.select(Case.id).join(YoungPerson).where(YoungPerson.name == "Maja Nilsson")
        ).scalar_one()
    return Maja(case_id, plan.work)


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _timeline(client, case_id: int) -> str:
    """Every page of the case's timeline, following "Show more" to the end."""
    pages, url = [], f"/cases/{case_id}/timeline"
    while url:
        page = _text(client.get(url))
        pages.append(page)
        more = re.search(r'<li class="show-more">\s*<a href="([^"]+)"', page)
        url = more.group(1) if more else None
    return "".join(pages)


def _sign_in(client, name: str) -> None:
    assert client.login(f"{name}@demo.soffa.se", DEMO_PASSWORD).status_code == 302


def test_anna_sees_majas_plan_meetings_and_timeline(client, maja):
    _sign_in(client, "anna.lind")
    plan = _text(client.get(f"/cases/{maja.case_id}/plan"))
    assert len(maja.goals) == 4 and all(goal in plan for goal in maja.goals)
    assert len(maja.actions) >= 8 and all(action in plan for action in maja.actions)
    assert "badge-overdue" in plan  # Sofia's check with BUP is late
    overview = _text(client.get(f"/cases/{maja.case_id}"))
    assert "Uppföljning av Majas plan" in overview  # the next meeting, in a few days
    meetings = _text(client.get(f"/cases/{maja.case_id}/meetings"))
    assert "Uppföljning av Majas plan" in meetings and "Nätverksmöte om Majas plan" in meetings
    timeline = _timeline(client, maja.case_id)
    assert all(note in timeline for note in maja.notes(by="anna", visibility="case_manager"))
    assert "Minnesanteckningar från mötet Nätverksmöte om Majas plan" in timeline  # the record, in Swedish
    assert "Planen skrevs tillsammans med den unga" in timeline
    # Sofia's note for her own organisation is not the hub's to read.
    assert not any(note in timeline for note in maja.notes(visibility="agency"))


def test_partners_see_the_plan_and_only_the_notes_meant_for_them(app, maja):
    erik, sofia = app.test_client(), app.test_client()
    _sign_in(erik, "erik.holm")
    plan = _text(erik.get(f"/cases/{maja.case_id}/plan"))
    assert all(goal in plan for goal in maja.goals)
    # The school holds consent for the plan, not the timeline: Erik writes to Anna and reads no notes.
    assert erik.get(f"/cases/{maja.case_id}/timeline").status_code == 403
    _sign_in(sofia, "sofia.lundin")
    timeline = _timeline(sofia, maja.case_id)
    assert all(note in timeline for note in maja.notes(by="sofia"))  # her own, the agency note too
    assert all(note in timeline for note in maja.notes(by="anna", visibility="team"))
    hidden = maja.notes(visibility="case_manager")
    assert len(hidden) >= 5 and not any(note in timeline for note in hidden)


def test_maja_sees_her_goals_next_meeting_week_and_only_shared_notes(client, maja):
    _sign_in(client, "maja.nilsson")
    home = _text(client.get(f"/me/{maja.case_id}"))
    assert "Dina mål" in home and all(goal in home for goal in maja.goals)
    assert "Försenad" in home  # the late step, in her words
    meetings = home[home.index('id="meetings"') :]
    assert "Uppföljning av Majas plan" in meetings and "Nätverksmöte om Majas plan" not in meetings
    assert 'aria-pressed="true">Ja, jag kommer' in meetings  # she has said yes
    week = _text(client.get(f"/me/{maja.case_id}/week"))
    tasks = [s for s in maja.work if isinstance(s, Task)]
    assert all(task.text in week for task in tasks)
    assert re.search(r"[1-9]\d* av 6 klara", week)  # some ticked off already
    notes = _text(client.get(f"/me/{maja.case_id}/notes"))
    shared = maja.notes(shared=True)
    assert len(shared) == 4 and all(note in notes for note in shared)
    assert not any(note in notes for note in maja.notes(shared=False))


def test_a_removed_note_shows_why_not_what(app, maja):
    body, reason = maja.redaction
    for name in ("anna.lind", "jonas.berg"):  # the hub who removed it, the volunteer who wrote it
        client = app.test_client()
        _sign_in(client, name)
        timeline = _timeline(client, maja.case_id)
        assert reason in timeline and body not in timeline


def test_seeding_sends_nothing(app, maja):
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one() == 0


def test_notes_and_their_audit_events_carry_the_moments_of_the_story(app, maja):
    """Written by the services, each at its step's moment (portal/demo/clock.py, portal.db.row_time): the
    timeline reads as the weeks it tells, not as the second the demo was seeded in."""
    moments = {step.at for step in maja.work if isinstance(step, Note)}
    with app.app_context():
        written = set(
            db.session.execute(
                sa.select(TimelineEntry.created_at).where(
                    TimelineEntry.case_id == maja.case_id, TimelineEntry.kind.in_(["note", "contact_attempt"])
                )
            ).scalars()
        )
        audited = set(
            db.session.execute(
                sa.select(AuditEvent.at).where(
                    AuditEvent.case_id == maja.case_id, AuditEvent.action.in_(["entry.add", "entry.correct"])
                )
            ).scalars()
        )
    assert len(moments) > 3
    assert written == moments
    assert audited == moments

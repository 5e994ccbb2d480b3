"""The young person's home: contact point on top, the plan in plain words, meetings with one-tap answers,
the team; only their own case, and every read in the access log."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.audit.models import AccessLogEntry
from portal.extensions import db
from portal.meetings.models import Participant


def test_me_leads_to_the_own_case(young_client, youth):
    response = young_client.get("/me")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(youth.me)


def test_the_contact_point_is_at_the_top_with_call_and_sms_links(young_client, youth):
    body = young_client.get(youth.me).get_data(as_text=True)
    contact = body.index('id="contact-point-heading"')
    assert contact < body.index("<h1")
    assert "Hanna Hub" in body and "Soffa Municipality" in body and "Case manager" in body
    assert 'href="tel:+46701112233"' in body and 'href="sms:+46701112233"' in body
    assert "weekdays between 9 and 16" in body


def test_the_plan_in_the_second_person_with_overdue_in_words(young_client, youth, make):
    goal = make.goal(youth.case, youth.hub, text="Finish year two")
    make.plan_action(
        goal, owner=youth.mentor, text="Catch up on maths", due_on=date.today() - timedelta(days=3)
    )
    make.plan_action(
        goal, owner=youth.hub, text="Visit the job fair", due_on=date.today() + timedelta(days=9)
    )
    make.plan_action(goal, owner=youth.hub, text="Old step", status="done")
    body = young_client.get(youth.me).get_data(as_text=True)
    for text in ("Your goals", "Next steps", "Who helps you", "Finish year two", "Catch up on maths"):
        assert text in body
    assert "Who helps you: Mika Mentor (North School)" in body
    late = body.index("Catch up on maths")
    assert "Late" in body[late : late + 600] and "This was planned for" in body[late : late + 600]
    fair = body.index("Visit the job fair")
    assert "Late" not in body[fair : fair + 400]
    assert "You have finished 1 step. Well done!" in body
    assert "Old step" not in body


def test_a_meeting_is_answered_in_one_tap_and_can_go_to_the_calendar(app, young_client, youth, make):
    meeting = make.meeting(youth.case, youth.hub, title="Planning meeting")
    make.participant(meeting, youth.hub)
    mine = make.participant(meeting, is_young_person=True, name="Alex Young", phone="+46709998877")
    body = young_client.get(youth.me).get_data(as_text=True)
    assert "Planning meeting" in body and "Hanna Hub" in body and "Room 1, Town Hall" in body
    start = body.index(f"/me/{youth.case.id}/meetings/")
    action = body[start : body.index('"', start)]
    assert "/meetings/" in body and ".ics" in body

    response = young_client.post(action, data={"answer": "accepted"})
    assert response.status_code == 302
    assert young_client.get(youth.me).get_data(as_text=True).count('aria-pressed="true"') == 1
    with app.app_context():
        assert db.session.get(Participant, mine.id).partstat == "accepted"


def test_someone_who_declined_is_not_listed_as_coming(young_client, youth, make):
    meeting = make.meeting(youth.case, youth.hub, title="Planning meeting")
    make.participant(meeting, youth.hub, partstat="accepted")
    make.participant(meeting, youth.mentor, partstat="declined")
    make.participant(meeting, is_young_person=True, name="Alex Young", phone="+46709998877")
    body = young_client.get(youth.me).get_data(as_text=True)
    coming = body[body.index("Who comes") : body.index("Cannot come")]
    assert "Hanna Hub" in coming and "Mika Mentor" not in coming
    assert "Mika Mentor" in body[body.index("Cannot come") :]


def test_another_young_persons_case_does_not_exist(client, youth, make):
    other = make.user("young_person")
    make.case(young_user=other)
    client.login(other.email)
    for path in ("", "/week", "/consents", "/looked"):
        assert client.get(youth.me + path).status_code == 404
    assert client.post(youth.me + "/help").status_code == 404


def test_notes_not_shared_do_not_show_and_the_page_is_logged(app, young_client, youth, make):
    make.entry(youth.case, youth.hub, visibility="team", body="Private team note")
    body = young_client.get(youth.me).get_data(as_text=True)
    assert "Private team note" not in body
    with app.app_context():
        sections = (
            db.session.execute(
                sa.select(AccessLogEntry.section).where(
                    AccessLogEntry.case_id == youth.case.id, AccessLogEntry.user_id == youth.young.id
                )
            )
            .scalars()
            .all()
        )
    assert sections and {"plan", "meetings", "contacts"} <= set(sections[-1].split(","))


def test_the_team_is_a_contact_list(young_client, youth):
    body = young_client.get(youth.me).get_data(as_text=True)
    team = body[body.index('id="team-heading"') :]
    assert "Mika Mentor" in team and "Mentor" in team and "North School" in team

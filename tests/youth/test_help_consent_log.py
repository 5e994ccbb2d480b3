"""I need help, consent (withdraw, ask for a change), who has looked at my file, and the language switch."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases.models import Consent
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.models import OutboxMessage
from portal.timeline.models import TimelineEntry


def outbox(app):
    with app.app_context():
        return db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def entries(app, case_id):
    with app.app_context():
        query = sa.select(TimelineEntry).where(TimelineEntry.case_id == case_id).order_by(TimelineEntry.id)
        return db.session.execute(query).scalars().all()


def test_i_need_help_tells_the_case_manager_once_and_says_who_answers(app, young_client, youth, mail_server):
    first = young_client.post(youth.me + "/help")
    second = young_client.post(youth.me + "/help")  # a double click
    assert first.status_code == second.status_code == 302
    messages = outbox(app)
    assert sorted((m.kind, m.channel, m.user_id) for m in messages) == [
        ("notice", "email", youth.hub.id),
        ("notice", "sms", youth.hub.id),
    ]
    [mail] = mail_server.to(youth.hub.email)
    assert "Alex" not in mail.get_content()  # no case content in mail
    [entry] = entries(app, youth.case.id)
    assert entry.visibility == "case_manager" and entry.shared_with_young_person
    assert "I need help" in entry.body
    page = young_client.get(youth.me).get_data(as_text=True)
    assert "Your message was sent to Hanna Hub" in page and "will contact you" in page


def test_consents_show_parts_and_dates(young_client, youth):
    body = young_client.get(youth.me + "/consents").get_data(as_text=True)
    assert "North School" in body and "Since" in body and "Take back this yes" in body


def test_withdrawal_is_confirmed_takes_effect_at_once_and_tells_the_hub(
    app, young_client, youth, mail_server
):
    mentor = app.test_client()
    mentor.login(youth.mentor.email)
    assert mentor.get(f"/cases/{youth.case.id}/plan").status_code == 200

    url = f"{youth.me}/consents/{youth.consent.id}/withdraw"
    confirm = young_client.get(url).get_data(as_text=True)
    assert "Yes, take it back" in confirm
    done = young_client.post(url)
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Consent, youth.consent.id).withdrawn_at is not None
    assert mentor.get(f"/cases/{youth.case.id}/plan").status_code == 403  # the next request
    hub = app.test_client()
    hub.login(youth.hub.email)
    assert hub.get(f"/cases/{youth.case.id}/plan").status_code == 200  # the hub loses nothing
    [entry] = entries(app, youth.case.id)
    assert entry.kind == "consent_change" and "North School" in entry.body
    assert [m.user_id for m in outbox(app) if m.channel == "email"] == [youth.hub.id]
    assert "Withdrawn" in young_client.get(youth.me + "/consents").get_data(as_text=True)


def test_a_consent_of_another_case_is_not_found(young_client, youth, make):
    other = make.case()
    foreign = make.consent(other, youth.school)
    assert young_client.get(f"{youth.me}/consents/{foreign.id}/withdraw").status_code == 404


def test_asking_for_a_change_reaches_the_hub(app, young_client, youth):
    empty = young_client.post(youth.me + "/consents/ask", data={"text": " "})
    assert empty.status_code == 422 and "Write what you would like to change." in empty.get_data(as_text=True)
    asked = young_client.post(youth.me + "/consents/ask", data={"text": "The job centre may see my plan"})
    assert asked.status_code == 302
    [entry] = entries(app, youth.case.id)
    assert "The job centre may see my plan" in entry.body and entry.visibility == "case_manager"
    assert {m.user_id for m in outbox(app)} == {youth.hub.id}


def test_who_has_looked_shows_organisation_role_and_part_names_only_by_setting(app, young_client, youth):
    mentor = app.test_client()
    mentor.login(youth.mentor.email)
    mentor.get(f"/cases/{youth.case.id}/plan")
    body = young_client.get(youth.me + "/looked").get_data(as_text=True)
    assert "North School" in body and "Staff" in body and "your plan" in body
    assert "Mika Mentor" not in body
    assert "Alex Young" not in body.split("<h1", 1)[1]  # their own reads are left out
    app.config["SHOW_STAFF_NAMES_TO_YOUNG_PERSON"] = True
    try:
        assert "Mika Mentor" in young_client.get(youth.me + "/looked").get_data(as_text=True)
    finally:
        app.config["SHOW_STAFF_NAMES_TO_YOUNG_PERSON"] = False


def test_the_language_is_stored_on_the_account_or_in_a_cookie(app, client, young_client, youth):
    answer = young_client.post("/language", data={"language": "sv", "next": youth.me})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(youth.me)
    with app.app_context():
        assert db.session.get(User, youth.young.id).locale == "sv"
    anonymous = app.test_client()
    anonymous.post("/language", data={"language": "da", "next": "https://evil.example/"})
    assert anonymous.get("/login").get_data(as_text=True).count('lang="da"') >= 1
    assert '<html lang="da">' in anonymous.get("/login").get_data(as_text=True)

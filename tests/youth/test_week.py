"""My week: the young person and the team both add; the young person ticks off (htmx in place or a plain
form); the case manager sees progress; empty and over-long tasks are refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.youth.models import WeekTask


def tasks(app):
    with app.app_context():
        return db.session.execute(sa.select(WeekTask).order_by(WeekTask.id)).scalars().all()


def monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday())


def test_the_young_person_adds_to_a_day_and_to_the_list(app, young_client, youth):
    day = monday() + timedelta(days=2)
    assert (
        young_client.post(
            youth.me + "/week", data={"text": "  Pack the gym bag ", "day": day.isoformat()}
        ).status_code
        == 302
    )
    assert young_client.post(youth.me + "/week", data={"text": "Call the dentist"}).status_code == 302
    first, second = tasks(app)
    assert (first.text, first.day, first.created_by_id) == ("Pack the gym bag", day, youth.young.id)
    assert second.day is None
    body = young_client.get(youth.me + "/week").get_data(as_text=True)
    assert "Pack the gym bag" in body and "Call the dentist" in body and "0 of 2 done" in body


def test_empty_over_long_and_out_of_week_tasks_are_refused(app, young_client, youth):
    empty = young_client.post(youth.me + "/week", data={"text": "   "})
    assert empty.status_code == 422 and "Write what the task is." in empty.get_data(as_text=True)
    long = young_client.post(youth.me + "/week", data={"text": "x" * 201})
    assert long.status_code == 422 and "Keep it to 200 characters." in long.get_data(as_text=True)
    later = (monday() + timedelta(days=10)).isoformat()
    outside = young_client.post(youth.me + "/week", data={"text": "Later", "day": later})
    assert outside.status_code == 422 and "Choose a day in this week" in outside.get_data(as_text=True)
    assert tasks(app) == []


def test_ticking_off_in_place_with_htmx_and_without(app, young_client, youth):
    young_client.post(youth.me + "/week", data={"text": "Read chapter 3"})
    [task] = tasks(app)
    url = f"{youth.me}/week/{task.id}/done"
    fragment = young_client.post(url, data={"done": "1"}, htmx=True)
    assert fragment.status_code == 200
    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="week"') and "1 of 1 done" in html and "<html" not in html
    assert tasks(app)[0].done_at is not None and tasks(app)[0].done_by_id == youth.young.id
    plain = young_client.post(url, data={"done": "0"})
    assert plain.status_code == 302 and "/week" in plain.headers["Location"]
    assert tasks(app)[0].done_at is None


def test_the_team_adds_and_sees_progress_but_cannot_tick(app, client, youth, young_client):
    young_client.post(youth.me + "/week", data={"text": "Wake up at seven"})
    [task] = tasks(app)
    young_client.post(f"{youth.me}/week/{task.id}/done", data={"done": "1"})

    hub = app.test_client()
    hub.login(youth.hub.email)
    assert hub.post(f"/cases/{youth.case.id}/week", data={"text": "Bring your CV"}).status_code == 302
    body = hub.get(f"/cases/{youth.case.id}/week").get_data(as_text=True)
    assert "1 of 2 done" in body and "Bring your CV" in body and "Wake up at seven" in body
    assert hub.post(f"{youth.me}/week/{task.id}/done", data={"done": "0"}).status_code == 403
    mentor = app.test_client()
    mentor.login(youth.mentor.email)  # on the team, and the school holds the plan consent
    assert mentor.get(f"/cases/{youth.case.id}/week").status_code == 200
    assert young_client.get(f"/cases/{youth.case.id}/week").status_code == 404  # a staff page: not theirs


def test_a_task_of_another_case_is_not_found(app, young_client, youth, make):
    other_young = make.user("young_person")
    other = make.case(young_user=other_young)
    other_client = app.test_client()
    other_client.login(other_young.email)
    other_client.post(f"/me/{other.id}/week", data={"text": "Someone else's"})
    [task] = tasks(app)
    assert young_client.post(f"{youth.me}/week/{task.id}/done", data={"done": "1"}).status_code == 404
    assert tasks(app)[0].done_at is None


def test_days_are_written_the_way_each_language_writes_them(client, make):
    """The day headings' pattern is the translators' (a pgettext entry): Danish says "mandag den 23. november"."""
    hub = make.user("case_manager", locale="sv")
    young = make.user("young_person", locale="da")
    case = make.case(manager=hub, young_user=young)
    assert client.login(young.email).status_code == 302
    body = client.get(f"/me/{case.id}/week").get_data(as_text=True)
    assert re.search(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den \d{1,2}\. [a-z]+", body)

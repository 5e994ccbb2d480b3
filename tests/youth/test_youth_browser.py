"""The young person's pages in Chromium at a phone's width: sign in by the link mailed to a real SMTP server,
answer a meeting, tick a to-do, press "I need help", withdraw a consent; axe-core finds no WCAG 2.1 A/AA
violation on any of these pages."""

from __future__ import annotations

import re

import pytest

from config import BASE_DIR
from tests.browser import PHONE, sign_in

AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LINK = re.compile(r"https?://\S+(/sign-in/link/\S+)")


@pytest.fixture
def live_mail(live_app, mail_server):
    """The live server's mail goes to the test's SMTP server."""
    keys = ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USER")
    saved = {key: live_app.config.get(key) for key in keys}
    live_app.config.update(SMTP_HOST=mail_server.host, SMTP_PORT=mail_server.port, SMTP_SECURITY="none")
    live_app.config["SMTP_USER"] = None
    yield mail_server
    live_app.config.update(saved)


def assert_accessible(page) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm install")
    # Through DevTools, not a <script> tag: the portal's CSP (script-src 'self') rightly refuses an inline
    # script, and bypassing the CSP would hide the violations this test also looks for.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"{page.url}: {violations}"


def sign_in_by_link(page, email: str, mail_server) -> None:
    page.goto("/login")
    assert_accessible(page)
    page.get_by_role("link", name="Send me a sign-in link").click()
    assert_accessible(page)
    page.get_by_label("Your email").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    page.wait_for_url("**/sign-in/link/sent")
    assert_accessible(page)
    [mail] = [m for m in mail_server.wait_for(1) if email in m["To"]]
    path = LINK.search(mail.get_content()).group(1)
    page.goto(path)
    page.wait_for_url("**/sign-in/link")  # the secret has left the address bar
    assert "/sign-in/link/" not in page.url
    page.get_by_role("button", name="Continue to Soffa").click()
    page.wait_for_url(re.compile(r"/me/\d+$"))


def test_a_young_persons_day_on_a_phone(open_page, live_make, live_mail):
    municipality = live_make.org("municipality")
    school = live_make.org("school")
    hub = live_make.user(
        "case_manager", org=municipality, name="Hanna Hub", phone="+46701112233", locale="en"
    )
    young = live_make.user("young_person", name="Alex Young", locale="en")
    mentor = live_make.user("staff", org=school, name="Mika Mentor")
    case = live_make.case(manager=hub, young_user=young, young_name="Alex Young")
    live_make.member(case, mentor)
    live_make.consent(case, school)
    goal = live_make.goal(case, hub, text="Finish year two")
    live_make.plan_action(goal, owner=mentor, text="Catch up on maths")
    meeting = live_make.meeting(case, hub, title="Planning meeting")
    live_make.participant(meeting, hub)
    live_make.participant(meeting, is_young_person=True, name="Alex Young", phone="+46709998877")
    live_make.entry(
        case, hub, body="Good talk today, see https://example.org/plan", shared_with_young_person=True
    )

    page = open_page(viewport=PHONE)
    sign_in_by_link(page, young.email, live_mail)
    assert page.get_by_role("heading", name="Your contact person").is_visible()
    assert page.get_by_role("link", name="Call +46701112233").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    assert_accessible(page)

    page.get_by_role("button", name="Yes, I will come").click()
    page.wait_for_load_state()
    page.get_by_text("Your answer was saved").wait_for()
    assert page.get_by_role("button", name="Yes, I will come").get_attribute("aria-pressed") == "true"

    page.get_by_role("link", name="My week").click()
    page.get_by_label("What to do").fill("Pack the gym bag")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url("**/week?week=*")
    page.get_by_role("button", name="Mark as done: Pack the gym bag").click()
    page.get_by_role("button", name="Mark as not done: Pack the gym bag").wait_for()  # swapped in place
    page.get_by_text("1 of 1 done").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Notes for you").click()
    page.get_by_text("Good talk today").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="My account").click()
    page.get_by_role("heading", name="My account").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.get_by_role("link", name="My page").click()
    page.get_by_role("button", name="I need help").click()
    page.get_by_text("Your message was sent to Hanna Hub").wait_for()
    live_mail.wait_for(2)
    assert live_mail.to(hub.email), "the case manager got a notice"

    page.get_by_role("link", name="Who may see what").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Take back this yes")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, take it back").click()
    page.get_by_text("can no longer see your information").wait_for()

    mentor_page = open_page(viewport=PHONE)
    sign_in(mentor_page, mentor.email)
    assert mentor_page.goto(f"/cases/{case.id}/plan").status == 403  # the organisation lost access
    hub_page = open_page()
    sign_in(hub_page, hub.email)
    assert hub_page.goto(f"/cases/{case.id}/plan").status == 200  # the case manager lost nothing
    assert hub_page.goto(f"/cases/{case.id}/week").status == 200

    page.get_by_role("link", name="Who has looked at my file").click()
    page.get_by_text("Case manager, Municipality").first.wait_for()  # the hub's reads just now
    assert "Hanna Hub, Case manager" not in page.content()  # staff names hidden by default
    assert_accessible(page)
    assert page.csp_errors == []

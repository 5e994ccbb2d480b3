"""Plan changes quote the plan, so on the timeline they follow the plan consent as well as the timeline's."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("scopes", "sees_plan_change"), [(("timeline",), False), (("timeline", "plan"), True)]
)
def test_plan_changes_need_the_plan_consent(app, make, scopes, sees_plan_change):
    manager = make.user("case_manager")
    school = make.org("school")
    mentor = make.user("staff", org=school)
    case = make.case(manager=manager)
    make.member(case, mentor)
    make.consent(case, school, scopes=scopes)
    make.entry(case, manager, visibility="team", kind="plan_change", body='Action "Study visit" marked done')
    make.entry(case, manager, visibility="team", body="Met at school today")
    client = app.test_client()
    client.login(mentor.email)
    page = client.get(f"/cases/{case.id}/timeline").get_data(as_text=True)
    assert "Met at school today" in page
    assert ("Study visit" in page) is sees_plan_change

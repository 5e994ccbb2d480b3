"""Who sees which timeline entry: author organisation x reader x visibility x consent -> seen or not.

One case, one team, a dozen entries; each reader opens the timeline page over HTTP (the young person their
own "notes for you" page: the staff timeline does not exist for them) and the table says, entry by entry,
whether its text is on the page. Organisations in the case:
- municipality: the hub and the deputy (case managers);
- school: the author of several entries and a colleague, with the timeline consent;
- social services: a partner with the timeline consent;
- job centre: a partner whose consent covers the plan and contacts but not the timeline;
- health: a partner whose timeline consent has expired;
- youth NGO: a volunteer, with every consent;
and the young person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests.factories import Factory

READERS = ("hub", "deputy", "school_author", "school_colleague", "social_staff", "volunteer", "young_person")
Y, N = True, False

# fmt: off
TABLE = [
    # author           visibility      shared  hub dep  sch-author sch-colleague social volunteer young
    ("hub",            "team",         False,  Y,  Y,   Y,         Y,            Y,     N,        N),
    ("hub",            "agency",       False,  Y,  Y,   N,         N,            N,     N,        N),
    ("hub",            "case_manager", False,  Y,  Y,   N,         N,            N,     N,        N),
    ("hub",            "case_manager", True,   Y,  Y,   N,         N,            N,     N,        Y),
    ("school_author",  "team",         False,  Y,  Y,   Y,         Y,            Y,     N,        N),
    # another agency's internal note: not even the hub reads it
    ("school_author",  "agency",       False,  N,  N,   Y,         Y,            N,     N,        N),
    ("school_author",  "case_manager", False,  Y,  Y,   Y,         N,            N,     N,        N),
    ("school_author",  "team",         True,   Y,  Y,   Y,         Y,            Y,     N,        Y),
    ("social_staff",   "agency",       False,  N,  N,   N,         N,            Y,     N,        N),
    # volunteers write to the hub and read only what they wrote
    ("volunteer",      "case_manager", False,  Y,  Y,   N,         N,            N,     Y,        N),
    # a partner without the timeline consent may still write to the hub
    ("job_staff",      "case_manager", False,  Y,  Y,   N,         N,            N,     N,        N),
    ("system",         "team",         False,  Y,  Y,   Y,         Y,            Y,     N,        N),
]
# fmt: on


@dataclass
class VisibilityWorld:
    case: object
    users: dict
    markers: list[str]  # the body of TABLE[i] is markers[i]


def build(make: Factory) -> VisibilityWorld:
    municipality, school, social = make.org("municipality"), make.org("school"), make.org("social_services")
    job_centre, health, ngo = make.org("job_centre"), make.org("health"), make.org("youth_ngo")
    users = {
        "hub": make.user("case_manager", org=municipality),
        "deputy": make.user("case_manager", org=municipality),
        "school_author": make.user("staff", org=school),
        "school_colleague": make.user("staff", org=school),
        "social_staff": make.user("staff", org=social),
        "job_staff": make.user("staff", org=job_centre),
        "health_staff": make.user("staff", org=health),
        "volunteer": make.user("volunteer", org=ngo),
        "young_person": make.user("young_person"),
    }
    case = make.case(manager=users["hub"], young_user=users["young_person"], deputy_id=users["deputy"].id)
    for name in (
        "school_author",
        "school_colleague",
        "social_staff",
        "job_staff",
        "health_staff",
        "volunteer",
    ):
        make.member(case, users[name])
    make.consent(case, school, scopes=("timeline",))
    make.consent(case, social, scopes=("timeline", "plan"))
    make.consent(case, job_centre, scopes=("plan", "contacts"))
    make.consent(
        case, health, given_on=date.today() - timedelta(days=30), expires_on=date.today() - timedelta(days=1)
    )
    make.consent(case, ngo)
    markers = []
    for number, (author, visibility, shared, *_seen) in enumerate(TABLE):
        marker = f"entry-{number:02d}-{author}-{visibility}-{'shared' if shared else 'private'}"
        fields = {"visibility": visibility, "shared_with_young_person": shared, "body": marker}
        if author == "system":
            make.system_entry(case, **fields)
        else:
            make.entry(case, users[author], **fields)
        markers.append(marker)
    return VisibilityWorld(case, users, markers)


@pytest.mark.parametrize("reader", READERS)
def test_each_reader_sees_exactly_the_entries_of_the_table(app, make, reader):
    world = build(make)
    client = app.test_client()
    client.login(world.users[reader].email)

    page_of = {"young_person": f"/me/{world.case.id}/notes"}
    response = client.get(page_of.get(reader, f"/cases/{world.case.id}/timeline"))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    column = 3 + READERS.index(reader)
    wrong = [
        f"{marker}: expected {'seen' if row[column] else 'hidden'}"
        for marker, row in zip(world.markers, TABLE, strict=True)
        if (marker in page) != row[column]
    ]
    assert not wrong, f"{reader}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "reader",
    [
        "job_staff",  # consent for the plan and contacts, not for the timeline
        "health_staff",  # a timeline consent that has expired
    ],
)
def test_partners_without_a_valid_timeline_consent_read_nothing(app, make, reader):
    world = build(make)
    client = app.test_client()
    client.login(world.users[reader].email)

    response = client.get(f"/cases/{world.case.id}/timeline")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert not [marker for marker in world.markers if marker in page]


def test_the_staff_timeline_does_not_exist_for_the_young_person(app, make):
    world = build(make)
    client = app.test_client()
    client.login(world.users["young_person"].email)
    response = client.get(f"/cases/{world.case.id}/timeline")
    assert response.status_code == 404
    assert not [marker for marker in world.markers if marker in response.get_data(as_text=True)]


def test_the_table_covers_every_visibility_and_both_sharing_states():
    assert {row[1] for row in TABLE} == {"team", "agency", "case_manager"}
    assert {row[2] for row in TABLE} == {True, False}
    assert all(len(row) == 3 + len(READERS) for row in TABLE)

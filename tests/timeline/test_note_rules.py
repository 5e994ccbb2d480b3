"""The service checks every rule of a note itself, whatever form (or other caller) sends it: the forms'
own checks are for the messages, not the guarantee."""

from __future__ import annotations

import pytest

from portal.policy import Actor, CaseAccess, Relation
from portal.timeline.services import check_note
from portal.validation import InvalidInput


def access(relation: Relation, consents=None) -> CaseAccess:
    return CaseAccess(case=None, actor=Actor(1, 1, "staff"), relation=relation, consents=consents or {})


HUB = access(Relation.HUB)
VOLUNTEER = access(Relation.VOLUNTEER)


@pytest.mark.parametrize(
    ("who", "data", "field"),
    [
        (HUB, {"body": " \n "}, "body"),
        (HUB, {"body": "x" * 5001}, "body"),
        (HUB, {"body": "x", "kind": "system"}, "kind"),
        (HUB, {"body": "x", "kind": "contact_attempt", "channel": "fax"}, "channel"),
        (HUB, {"body": "x", "visibility": "public"}, "visibility"),
        (VOLUNTEER, {"body": "x", "visibility": "team"}, "visibility"),
        (VOLUNTEER, {"body": "x", "shared_with_young_person": True}, None),
        (access(Relation.YOUNG_PERSON), {"body": "x"}, "visibility"),  # nothing to choose: nothing to write
    ],
)
def test_a_note_breaking_a_rule_is_refused(who, data, field):
    with pytest.raises(InvalidInput) as refused:
        check_note(who, data)
    assert refused.value.field == field


def test_a_good_note_comes_back_clean():
    note = check_note(HUB, {"body": "  Called \n", "kind": "contact_attempt", "channel": "phone"})
    assert (note.body, note.kind, note.channel, note.visibility) == (
        "Called",
        "contact_attempt",
        "phone",
        "case_manager",
    )
    assert check_note(VOLUNTEER, {"body": "Hi", "channel": "sms"}).channel is None

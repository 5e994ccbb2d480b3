"""Reads for the contact list: a fixed number of queries whatever the size of the team.

The hub and the deputy come with the case itself (joined when the guard loaded it); the team is one
query (portal/cases/queries.team) and the external contacts one more.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.cases import queries as case_queries
from portal.cases.contacts.labels import RELATION_ORDER
from portal.cases.models import Case, ExternalContact, TeamMember
from portal.extensions import db
from portal.orgs.models import User


@dataclass(frozen=True)
class ContactList:
    hub: User
    deputy: User | None
    team: list[TeamMember]
    externals: list[ExternalContact]


def external_contacts(case_id: int) -> list[ExternalContact]:
    query = sa.select(ExternalContact).where(
        ExternalContact.case_id == case_id, ExternalContact.removed_at.is_(None)
    )
    rows = db.session.execute(query).scalars()
    return sorted(
        rows, key=lambda c: (RELATION_ORDER.get(c.relation, len(RELATION_ORDER)), c.name.lower(), c.id)
    )


def external_contact_in_case(case_id: int, contact_id: int) -> ExternalContact | None:
    """A current contact of this case; one of another case, or removed, does not exist here (404)."""
    query = sa.select(ExternalContact).where(
        ExternalContact.id == contact_id,
        ExternalContact.case_id == case_id,
        ExternalContact.removed_at.is_(None),
    )
    return db.session.execute(query).scalar_one_or_none()


def team_without_hub(case: Case) -> list[TeamMember]:
    # The hub and the deputy head the list; should either also hold a membership, they are not listed twice.
    leaders = {case.case_manager_id, case.deputy_id}
    return [member for member in case_queries.team(case.id) if member.user_id not in leaders]


def contact_list(case: Case) -> ContactList:
    return ContactList(
        hub=case.case_manager,
        deputy=case.deputy,
        team=team_without_hub(case),
        externals=external_contacts(case.id),
    )


def team_member_by_user(case: Case, user_id: int) -> TeamMember | None:
    return case_queries.active_membership(case.id, user_id)

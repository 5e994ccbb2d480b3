"""Writes on external contacts. Each change writes its audit event in the same transaction; removal keeps
the row (removed_at) so the history of who was around the young person stays."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.cases.contacts.labels import RELATIONS
from portal.cases.models import ExternalContact
from portal.db import now_utc
from portal.extensions import db
from portal.policy import Actor, CaseAccess
from portal.validation import InvalidInput

FIELDS = ("name", "relation", "organisation_name", "phone", "email")


def _clean(data: dict) -> dict:
    values = {name: data.get(name) or None for name in FIELDS}
    if values["name"]:
        values["name"] = values["name"].strip()
    if values["email"]:
        values["email"] = values["email"].lower()
    if not values["name"]:
        raise InvalidInput("name", _("Enter the name."))
    if values["relation"] not in RELATIONS:
        raise InvalidInput("relation", _("Choose how this person is related to the young person."))
    if not values["phone"] and not values["email"]:
        raise InvalidInput("phone", _("Give a phone number or an email address, or both."))
    return values


def add_external_contact(actor: Actor, access: CaseAccess, data: dict) -> ExternalContact:
    values = _clean(data)
    contact = ExternalContact(case_id=access.case.id, **values)
    db.session.add(contact)
    db.session.flush()
    record_change(
        actor,
        "contact.add",
        "external_contact",
        contact.id,
        case_id=access.case.id,
        relation=contact.relation,
    )
    return contact


def update_external_contact(actor: Actor, access: CaseAccess, contact: ExternalContact, data: dict) -> None:
    values = _clean(data)
    changed = sorted(name for name, value in values.items() if getattr(contact, name) != value)
    if not changed:
        return  # saving the form unchanged records nothing
    for name in changed:
        setattr(contact, name, values[name])
    # The names of the changed fields, not their values: the audit trail should not copy personal data.
    record_change(
        actor, "contact.edit", "external_contact", contact.id, case_id=access.case.id, fields=changed
    )


def remove_external_contact(actor: Actor, access: CaseAccess, contact: ExternalContact) -> None:
    contact.removed_at = now_utc()
    record_change(actor, "contact.remove", "external_contact", contact.id, case_id=access.case.id)

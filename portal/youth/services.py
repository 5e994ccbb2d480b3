"""Writes from the young person's pages: the week plan, "I need help", consent withdrawal and change
requests, and the language. Each writes its audit event (and outbox rows) in the request's transaction."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.audit.events import record_change
from portal.cases.models import Consent
from portal.cases.services import withdraw_consent
from portal.db import now_utc
from portal.extensions import db
from portal.orgs.models import User
from portal.outbox.models import Channel, MessageKind
from portal.outbox.services import emit
from portal.policy import Actor, CaseAccess
from portal.timeline.models import EntryKind, Visibility
from portal.timeline.services import record_entry
from portal.validation import InvalidInput
from portal.youth.models import WeekTask

TASK_MAX = 200
REQUEST_MAX = 1000


# --- the week ----------------------------------------------------------------------------------------
def add_task(actor: Actor, access: CaseAccess, text: str, day: date | None, monday: date) -> WeekTask:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput("text", _("Write what the task is."))
    if len(text) > TASK_MAX:
        raise InvalidInput("text", _("Keep it to %(max)s characters.", max=TASK_MAX))
    if day is not None and not (monday <= day <= monday + timedelta(days=6)):
        raise InvalidInput("day", _("Choose a day in this week, or no day for the to-do list."))
    task = WeekTask(case_id=access.case.id, day=day, text=text, created_by_id=actor.user_id)
    db.session.add(task)
    db.session.flush()
    record_change(actor, "week.add", "week_task", task.id, case_id=access.case.id, day=str(day or ""))
    return task


def set_done(actor: Actor, access: CaseAccess, task: WeekTask, done: bool) -> bool:
    """Tick a task off (or back on); False when it already was so (a repeated click changes nothing)."""
    if (task.done_at is not None) == done:
        return False
    task.done_at, task.done_by_id = (now_utc(), actor.user_id) if done else (None, None)
    record_change(actor, "week.done" if done else "week.undone", "week_task", task.id, case_id=access.case.id)
    return True


# --- telling the case manager ------------------------------------------------------------------------
def _notify(user: User | None, key: str, case_id: int) -> bool:
    """A notice (no case content) to a staff member by mail, and by SMS when they have a phone.
    False when this key was used already (a double click)."""
    if user is None or not user.active:
        return False
    sent = emit(MessageKind.NOTICE, Channel.EMAIL, f"{key}:mail", case_id=case_id, user_id=user.id)
    if user.phone:
        emit(MessageKind.NOTICE, Channel.SMS, f"{key}:sms", case_id=case_id, user_id=user.id)
    return sent is not None


def _to_hub(actor: Actor, access: CaseAccess, body: str) -> None:
    # For the hub's eyes (and the young person's own): nobody else on the team reads it.
    record_entry(
        actor,
        access.case.id,
        kind=EntryKind.NOTE,
        body=body,
        visibility=Visibility.CASE_MANAGER,
        shared_with_young_person=True,
    )


def _hub_language(access: CaseAccess) -> str:
    return access.case.case_manager.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def ask_for_help(actor: Actor, access: CaseAccess) -> bool:
    """Tell the case manager the young person needs help. Once per minute: a double click sends one."""
    minute = now_utc().strftime("%Y%m%d%H%M")
    if not _notify(access.case.case_manager, f"help:{access.case.id}:{minute}", access.case.id):
        return False
    with force_locale(_hub_language(access)):  # the hub reads the timeline entry
        body = _('%(name)s pressed "I need help" in Soffa.', name=access.case.young_person.name)
    _to_hub(actor, access, body)
    record_change(actor, "help.ask", "case", access.case.id, case_id=access.case.id)
    return True


def withdraw(actor: Actor, access: CaseAccess, consent: Consent) -> bool:
    """The young person withdraws a consent: it stops working on the next request; the hub is told."""
    if consent.withdrawn_at is not None:
        return False
    withdraw_consent(actor, access, consent)
    with force_locale(_hub_language(access)):
        body = _(
            "%(name)s withdrew the consent for %(organisation)s.",
            name=access.case.young_person.name,
            organisation=consent.organisation.name,
        )
    record_entry(
        actor,
        access.case.id,
        kind=EntryKind.CONSENT_CHANGE,
        body=body,
        visibility=Visibility.CASE_MANAGER,
        shared_with_young_person=True,
    )
    _notify(access.case.case_manager, f"consent-withdrawn:{consent.id}", access.case.id)
    return True


def ask_for_change(actor: Actor, access: CaseAccess, text: str) -> bool:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("text", _("Write what you would like to change."))
    if len(text) > REQUEST_MAX:
        raise InvalidInput("text", _("Keep it to %(max)s characters.", max=REQUEST_MAX))
    minute = now_utc().strftime("%Y%m%d%H%M")
    if not _notify(access.case.case_manager, f"consent-ask:{access.case.id}:{minute}", access.case.id):
        return False
    with force_locale(_hub_language(access)):
        intro = _("%(name)s asks for a change to who may see what:", name=access.case.young_person.name)
    _to_hub(actor, access, f"{intro}\n{text}")
    record_change(actor, "consent.change_ask", "case", access.case.id, case_id=access.case.id)
    return True


# --- language ----------------------------------------------------------------------------------------
def set_locale(user: User, locale: str) -> None:
    if user.locale == locale:
        return
    before, user.locale = user.locale, locale
    record_change(Actor.of(user), "user.locale", "user", user.id, before=before, after=locale)

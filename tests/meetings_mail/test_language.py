"""Each recipient's texts in their own language: a small Swedish catalogue proves the locale is forced per
message (the real sv/da catalogues are made later from the English source strings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from portal import create_app
from portal.extensions import babel, db
from portal.meetings.messages import build
from portal.outbox.models import OutboxMessage
from tests.factories import Factory
from tests.meetings_mail.conftest import only_event, parse_ics

SWEDISH = {
    "Hello %(name)s,": "Hej %(name)s,",
    "Invitation: %(title)s, %(date)s": "Inbjudan: %(title)s, %(date)s",
    "Details in Soffa: %(link)s": "Detaljer i Soffa: %(link)s",
    "Meeting %(when)s, %(where)s. Answer: %(link)s": "Möte %(when)s, %(where)s. Svara: %(link)s",
}


@pytest.fixture(scope="module")
def swedish_app(tmp_path_factory):
    """An app of its own (in-memory database) whose translations are the catalogue above."""
    directory = tmp_path_factory.mktemp("translations")
    catalog = Catalog(locale="sv")
    for english, swedish in SWEDISH.items():
        catalog.add(english, swedish)
    (directory / "sv" / "LC_MESSAGES").mkdir(parents=True)
    with (directory / "sv" / "LC_MESSAGES" / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI="sqlite://", BABEL_TRANSLATION_DIRECTORIES=str(directory)
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(autouse=True)
def own_translation_cache():
    """Flask-Babel caches translations on the one Babel object by locale alone, whatever the app: this
    app's catalogue must not be answered from the test app's cache, nor be left in it."""
    domain = babel.domain_instance
    saved, domain.cache = domain.cache, {}
    yield
    domain.cache = saved


@pytest.fixture(scope="module")
def messages(swedish_app):
    make = Factory(swedish_app)
    manager = make.user("case_manager", name="Maria Lind")
    case = make.case(manager=manager)
    meeting = make.meeting(
        case, manager, starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    )
    rows = {
        "sv-email": make.participant(meeting, name="Sara Ek", email="sara@example.org", locale="sv"),
        "en-email": make.participant(meeting, name="Ali Mentor", email="ali@example.org", locale="en"),
        "sv-sms": make.participant(meeting, name="Sam", email=None, phone="+46701234567", locale="sv"),
    }
    return {
        key: make._save(
            OutboxMessage(
                kind="invite",
                channel=key.split("-")[1],
                dedupe_key=f"language:{key}",
                meeting_id=meeting.id,
                participant_id=participant.id,
                meeting_sequence=0,
            )
        )
        for key, participant in rows.items()
    }


def mail(app, message):
    with app.app_context():
        out = build(message)
    return BytesParser(policy=policy.default).parsebytes(out.message.as_bytes())


def test_each_recipient_gets_their_own_language(swedish_app, messages):
    swedish, english = mail(swedish_app, messages["sv-email"]), mail(swedish_app, messages["en-email"])
    assert swedish["Subject"].startswith("Inbjudan: ")
    assert english["Subject"].startswith("Invitation: ")
    swedish_text = next(p for p in swedish.walk() if p.get_content_type() == "text/plain").get_content()
    english_text = next(p for p in english.walk() if p.get_content_type() == "text/plain").get_content()
    assert swedish_text.startswith("Hej Sara Ek,")
    assert english_text.startswith("Hello Ali Mentor,")
    calendar = next(p for p in swedish.walk() if p.get_content_type() == "application/ics").get_content()
    assert only_event(parse_ics(calendar))["DESCRIPTION"].startswith("Detaljer i Soffa: ")


def test_the_forced_language_ends_with_the_message(swedish_app, messages):
    with swedish_app.app_context():
        swedish_sms = build(messages["sv-sms"])
        english = build(messages["en-email"])  # same app context, right after the Swedish one
    assert swedish_sms.text.startswith("Möte ")
    assert english.message["Subject"].startswith("Invitation: ")

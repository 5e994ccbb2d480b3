"""vCard 4.0 downloads: the serializer (escaping, folding) and the route (who, which contacts, headers)."""

from __future__ import annotations

import pytest

from portal.audit.models import AccessLogEntry
from portal.cases.contacts.vcard import Card, download_name, escape_text, fold, serialize
from tests.policy.rows import LOGIN
from tests.policy.rows_contacts import CONTACTS_READ
from tests.policy.world import RELATIONS, build_world


def _lines(text: str) -> list[str]:
    """Unfold (RFC 6350 section 3.2) and split into content lines."""
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_escaping_of_backslash_comma_semicolon_and_newline():
    assert escape_text("a\\b,c;d\ne") == "a\\\\b\\,c\\;d\\ne"
    assert escape_text("x\r\ny\rz") == "x\\ny\\nz"
    assert escape_text("bell\x07 and tab\t") == "bell and tab\t"  # controls a text value may not hold


def test_a_name_with_semicolon_and_comma_is_escaped_in_every_property():
    card = Card(
        "user:1", "Berg, Alva; Jr", "Skola; Norra, Gy", "Mentor; extra", "+46701234567", "a@example.org"
    )
    lines = _lines(serialize(card))
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:4.0"] and lines[-1] == "END:VCARD"
    assert "FN:Berg\\, Alva\\; Jr" in lines
    assert "N:Jr;Berg\\, Alva\\;;;;" in lines  # the last word as family name, components escaped
    assert "ORG:Skola\\; Norra\\, Gy" in lines
    assert "TITLE:Mentor\\; extra" in lines
    assert "TEL;VALUE=uri;TYPE=cell:tel:+46701234567" in lines
    assert "EMAIL:a@example.org" in lines


def test_optional_properties_are_left_out_and_a_single_name_is_a_family_name():
    lines = _lines(serialize(Card("external:3", "Boendestödet", email="b@example.org")))
    assert "N:Boendestödet;;;;" in lines
    assert not [line for line in lines if line.startswith(("ORG", "TITLE", "TEL"))]


def test_a_phone_that_is_not_a_number_stays_as_text():
    lines = _lines(serialize(Card("external:4", "A B", phone="ring; växeln")))
    assert "TEL;TYPE=cell:ring\\; växeln" in lines


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    name = "Åsa Öberg-Lindqvist " * 8  # multi-byte letters across the fold points
    text = serialize(Card("user:9", name.strip(), organisation="Ö" * 100))
    physical_lines = text.split("\r\n")
    assert len(physical_lines) > 6  # folding happened
    assert all(len(physical.encode("utf-8")) <= 75 for physical in physical_lines)
    assert f"FN:{name.strip()}" in _lines(text)
    assert f"ORG:{'Ö' * 100}" in _lines(text)
    folded = fold("X" * 200)
    assert [len(part) for part in folded.split("\r\n")] == [75, 75, 52]  # continuations: a space + 74
    # 37 two-octet letters fill 74 octets; the 38th would straddle the limit, so it starts the next line.
    assert [len(part.encode("utf-8")) for part in fold("é" * 40).split("\r\n")] == [74, 7]
    assert fold("short") == "short"


def test_the_same_person_keeps_one_uid():
    first = [line for line in _lines(serialize(Card("user:5", "A B"))) if line.startswith("UID:")]
    again = [line for line in _lines(serialize(Card("user:5", "A B C"))) if line.startswith("UID:")]
    other = [line for line in _lines(serialize(Card("external:5", "A B"))) if line.startswith("UID:")]
    assert first == again != other


def test_download_names_are_plain_ascii():
    assert download_name(Card("user:1", "Åsa Öberg")) == "Asa_Oberg.vcf"
    assert download_name(Card("user:1", '"; \r\n')) == "contact.vcf"


def test_the_hub_vcard_is_a_utf8_attachment(client, world):
    client.login(world.mentor.email)
    response = client.get(f"/cases/{world.case.id}/contacts/user/{world.hub.id}.vcf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=Hanna_Hub.vcf"
    lines = _lines(response.get_data(as_text=True))
    assert "FN:Hanna Hub" in lines and "ORG:Åkerby kommun" in lines and "TITLE:Case manager" in lines
    assert "TEL;VALUE=uri;TYPE=cell:tel:+46701111111" in lines
    assert f"EMAIL:{world.hub.email}" in lines
    assert not [line for line in lines if "Young Person" in line]  # nothing about the case itself


def test_team_member_deputy_and_external_cards_carry_their_role(client, world):
    client.login(world.hub.email)
    base = f"/cases/{world.case.id}/contacts"
    deputy = _lines(client.get(f"{base}/user/{world.deputy.id}.vcf").get_data(as_text=True))
    mentor = _lines(client.get(f"{base}/user/{world.mentor.id}.vcf").get_data(as_text=True))
    guardian = _lines(client.get(f"{base}/external/{world.guardian.id}.vcf").get_data(as_text=True))
    assert "TITLE:Deputy case manager" in deputy
    assert "TITLE:Mentor" in mentor and "ORG:Norra gymnasiet" in mentor
    assert "FN:Greta Guardian" in guardian and "TITLE:Guardian" in guardian
    assert "EMAIL:greta@example.org" in guardian


def test_a_user_not_on_this_case_has_no_vcard_here(client, make, world):
    stranger = make.user("staff", org=world.school)  # same organisation, not on the team
    removed = make.user("staff", org=world.school)
    client.login(world.hub.email)
    membership = make.member(world.case, removed)
    assert client.post(f"/cases/{world.case.id}/contacts/team/{membership.id}/remove").status_code == 302
    other_hub = make.user("case_manager")
    make.case(manager=other_hub)
    base = f"/cases/{world.case.id}/contacts/user"
    for user in (stranger, removed, other_hub):
        assert client.get(f"{base}/{user.id}.vcf").status_code == 404
    assert client.get(f"{base}/999999.vcf").status_code == 404
    assert client.get(f"{base}/{world.mentor.id}.vcf").status_code == 200


def test_a_vcard_download_is_an_access_logged_read(client, world, count_rows):
    client.login(world.mentor.email)
    before = count_rows(AccessLogEntry, AccessLogEntry.user_id == world.mentor.id)
    client.get(f"/cases/{world.case.id}/contacts/external/{world.guardian.id}.vcf")
    after = count_rows(
        AccessLogEntry, AccessLogEntry.user_id == world.mentor.id, AccessLogEntry.section == "contacts"
    )
    assert after == before + 1


@pytest.mark.parametrize("whose", ["hub", "deputy", "staff_consent"])
def test_user_vcards_follow_the_contact_list_rule_for_every_relation(app, make, db_connection, whose):
    """The access-table row for user vCards: the shared world's URL templates have no user ids."""
    world = build_world(make)
    url = f"/cases/{world.case.id}/contacts/user/{world.users[whose].id}.vcf"
    wrong = []
    for relation in RELATIONS:
        savepoint = db_connection.begin_nested()
        try:
            client = app.test_client()
            if relation != "anonymous":
                assert client.login(world.users[relation].email).status_code == 302
            status = client.get(url).status_code
            if status != CONTACTS_READ[relation]:
                wrong.append(f"{relation}: expected {CONTACTS_READ[relation]}, got {status}")
        finally:
            savepoint.rollback()
    assert CONTACTS_READ["anonymous"] == LOGIN
    assert not wrong, "\n".join(wrong)

"""vCard 4.0 (RFC 6350) for one contact, written here rather than with a library.

vobject, the maintained Python vCard package, writes vCard 3.0 only (4.0 support is an open issue and an
unmerged pull request as of its 0.9.9 release), and the few properties a contact card needs are simple
enough to serialise and test in one small module: escaping (section 3.4), folding (3.2), CRLF lines.

The card carries the contact's own details only, never the young person's name or anything else about
the case: a phone's address book is often synced to a cloud outside the portal's control.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from werkzeug.utils import secure_filename

from portal.phone import normalise_phone

MAX_OCTETS = 75  # per line, without the CRLF (RFC 6350 section 3.2)
PRODID = "-//Soffa//Contact list//EN"
UID_NAMESPACE = uuid.UUID("5f0d7a52-7c1e-4a63-9a59-1c0a5e3b9d41")  # fixed: the same person keeps one UID
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # controls a vCard text value may not hold


@dataclass(frozen=True)
class Card:
    key: str  # stable identity inside Soffa, e.g. "user:12" or "external:7"; becomes the UID
    full_name: str
    organisation: str | None = None
    title: str | None = None  # the role in the case or the relation to the young person
    phone: str | None = None
    email: str | None = None


def escape_text(value: str) -> str:
    """Backslash first, then comma and semicolon; line breaks become \\n (RFC 6350 section 3.4)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _NOT_TEXT.sub("", value)
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line longer than 75 octets; each continuation starts with one space (which counts).

    The split falls between characters, never inside a multi-octet UTF-8 sequence.
    """
    pieces: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def split_name(full_name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is taken as the family name; one word is a family name alone."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    return words[-1], " ".join(words[:-1])


def serialize(card: Card) -> str:
    family, given = split_name(card.full_name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"PRODID:{PRODID}",
        f"UID:urn:uuid:{uuid.uuid5(UID_NAMESPACE, card.key)}",
        f"FN:{escape_text(card.full_name)}",
        f"N:{escape_text(family)};{escape_text(given)};;;",
    ]
    if card.organisation:
        lines.append(f"ORG:{escape_text(card.organisation)}")
    if card.title:
        lines.append(f"TITLE:{escape_text(card.title)}")
    if card.phone:
        e164 = normalise_phone(card.phone)
        if e164:
            lines.append(f"TEL;VALUE=uri;TYPE=cell:tel:{e164}")
        else:  # kept as free text rather than dropped: a person can still read and dial it
            lines.append(f"TEL;TYPE=cell:{escape_text(card.phone)}")
    if card.email:
        lines.append(f"EMAIL:{escape_text(card.email)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def download_name(card: Card) -> str:
    """An ASCII file name safe in a Content-Disposition header, e.g. "Asa_Berg.vcf"."""
    return f"{secure_filename(card.full_name) or 'contact'}.vcf"

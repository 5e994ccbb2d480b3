"""Who lives in the demo municipality: its organisations, its staff and the names of its young people.

Everything here is fictional. Emails are under @demo.soffa.se (the seed refuses to run on a database
holding any other account); contact addresses use example.org, which can never reach anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.orgs.models import OrgKind, Role

DEMO_DOMAIN = "demo.soffa.se"
DEMO_PASSWORD = "soffa-demo-2026"  # noqa: S105 - published in the README; demo databases only
CONTACT_DOMAIN = "example.org"  # reserved (RFC 2606): a demo email to a guardian can never be delivered


@dataclass(frozen=True, slots=True)
class OrgSpec:
    key: str
    name: str
    kind: OrgKind


@dataclass(frozen=True, slots=True)
class StaffSpec:
    key: str
    name: str
    role: Role
    org: str  # OrgSpec.key
    case_role: str | None = None  # what they are on a team (None: admin and case managers)
    email: str | None = None  # None: derived from the name


ORGANISATIONS = (
    OrgSpec("school", "Åkerby gymnasium", OrgKind.SCHOOL),
    OrgSpec("social", "Åkerby socialtjänst", OrgKind.SOCIAL_SERVICES),
    OrgSpec("headspace", "headspace Åkerby", OrgKind.YOUTH_NGO),
    OrgSpec("jobs", "Arbetsförmedlingen Åkerby", OrgKind.JOB_CENTRE),
    OrgSpec("health", "Elevhälsan Åkerby", OrgKind.HEALTH),
    OrgSpec("kaa", "Åkerby kommun – KAA-teamet", OrgKind.MUNICIPALITY),  # noqa: RUF001 - Swedish typography
    OrgSpec("nova", "Fritidsgården Nova", OrgKind.OTHER),
)

# The accounts the README lists keep fixed emails; the rest are first.last@demo.soffa.se.
STAFF = (
    StaffSpec("admin", "Karin Åberg", Role.ADMIN, "kaa", email=f"admin@{DEMO_DOMAIN}"),
    # Case managers sit in the municipal team for young people who left school (KAA).
    StaffSpec("anna", "Anna Lind", Role.CASE_MANAGER, "kaa"),
    StaffSpec("mikael", "Mikael Sundberg", Role.CASE_MANAGER, "kaa"),
    StaffSpec("fatima", "Fatima Hassan", Role.CASE_MANAGER, "kaa"),
    StaffSpec("johan", "Johan Strand", Role.STAFF, "kaa", "study_adviser"),
    StaffSpec("erik", "Erik Holm", Role.STAFF, "school", "mentor"),
    StaffSpec("lena", "Lena Björk", Role.STAFF, "school", "mentor"),
    StaffSpec("ahmed", "Ahmed Yusuf", Role.STAFF, "school", "mentor"),
    StaffSpec("petra", "Petra Wikström", Role.STAFF, "school", "study_adviser"),
    StaffSpec("sofia", "Sofia Lundin", Role.STAFF, "health", "kurator"),
    StaffSpec("maria", "Maria Engström", Role.STAFF, "health", "school_nurse"),
    StaffSpec("sara", "Sara Ek", Role.STAFF, "social", "social_worker"),
    StaffSpec("daniel", "Daniel Öberg", Role.STAFF, "social", "social_worker"),
    StaffSpec("nils", "Nils Hedlund", Role.STAFF, "jobs", "job_coach"),
    StaffSpec("amina", "Amina Warsame", Role.STAFF, "jobs", "job_coach"),
    StaffSpec("kevin", "Kevin Lindh", Role.STAFF, "nova", "youth_worker"),
    StaffSpec("jonas", "Jonas Berg", Role.VOLUNTEER, "headspace", "volunteer"),
    StaffSpec("tove", "Tove Dahl", Role.VOLUNTEER, "headspace", "volunteer"),
)

SWEDISH_FIRST = (
    "Alva", "Elsa", "Ella", "Wilma", "Ebba", "Saga", "Agnes", "Alice", "Olivia", "Astrid", "Nora", "Selma",
    "Ines", "Hanna", "Tilde", "Linnea", "Amira", "Liam", "William", "Noah", "Hugo", "Elias", "Lucas", "Adam",
    "Isak", "Leo", "Viktor", "Albin", "Melvin", "Omar", "Theo", "Axel", "Filip", "Ali",
)  # fmt: skip
SWEDISH_LAST = (
    "Andersson", "Karlsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
    "Pettersson", "Jonsson", "Hansson", "Bengtsson", "Lindqvist", "Berglund", "Sandberg", "Forsberg",
    "Sjöberg", "Wallin", "Lundgren", "Mohammed", "Hussein", "Nyström", "Falk", "Åström",
)  # fmt: skip
DANISH_FIRST = ("Ida", "Clara", "Sofie", "Mathilde", "Magnus", "Mads", "Rasmus", "Frederik", "Emil", "Asger")
DANISH_LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Rasmussen", "Christensen", "Møller", "Madsen")
GUARDIAN_FIRST = ("Helena", "Camilla", "Jessica", "Malin", "Peter", "Thomas", "Mattias", "Mette", "Henrik")

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e", " ": "."})


def email_for(name: str, domain: str = DEMO_DOMAIN) -> str:
    return f"{name.lower().translate(_ASCII)}@{domain}"


def staff_email(spec: StaffSpec) -> str:
    return spec.email or email_for(spec.name)


class PhoneBook:
    """Hands out numbers from the range PTS reserves for fiction (070-174 06 05 to 070-174 06 99),
    so a demo SMS can never reach a real person. None once the range is used up."""

    def __init__(self) -> None:
        self._next = 5

    def take(self) -> str | None:
        if self._next > 99:
            return None
        number = f"+467017406{self._next:02d}"
        self._next += 1
        return number

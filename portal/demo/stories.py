"""The hand-written cases behind the accounts the README lists, so each demo login has a story.

- Maja (a young person with a login) has Anna Lind as her hub and a full team with valid consents.
- Erik Holm (mentor) is on Maja's case with consent, on Elias's without any consent yet, and on
  Wilma's where the school's consent has expired: three ways the basic view and the full view differ.
- Oliver withdrew his social-services consent himself; his job coach was replaced (a removed team member).

What people did in each case since (plan, timeline, meetings, week) is in maja.py and story_work.py.
"""

from __future__ import annotations

from datetime import timedelta

from portal.demo.people import CONTACT_DOMAIN
from portal.demo.plan import CasePlan, ConsentPlan, ContactPlan, Draw, MemberPlan
from portal.demo.work.maja import maja_work
from portal.demo.work.oliver import oliver_work
from portal.demo.work.others import elias_work, freja_work, wilma_work
from portal.demo.work.steps import Calendar

ALL_SCOPES = ("plan", "timeline", "contacts", "meetings")

# In Swedish, like everything the demo's (Swedish-speaking) staff write in it: Åkerby is a Swedish municipality.
PURPOSES = {
    "school": "Anpassa studierna och följa upp närvaron tillsammans med mentorn",
    "health": "Samordna stödet från elevhälsan med planen",
    "social": "Samordna stödet från socialtjänsten med planen",
    "jobs": "Planera vägen till arbete eller utbildning med Arbetsförmedlingen",
    "kaa": "Studie- och yrkesvägledning på vägen tillbaka till studier",
    "nova": "Fritidsaktiviteter och en vecka med fasta tider",
    "headspace": "Stöd av en volontär från headspace",
}


def consent(draw: Draw, org: str, scopes, given_days_ago: int, **fields) -> ConsentPlan:
    fields.setdefault("form", "written")
    fields.setdefault("given_by", "young_person")
    fields.setdefault("expires_on", draw.today + timedelta(days=300))
    return ConsentPlan(
        org=org, scopes=tuple(scopes), purpose=PURPOSES[org], given_on=draw.days_ago(given_days_ago), **fields
    )


def story_cases(draw: Draw) -> list[CasePlan]:
    return [_maja(draw), _oliver(draw), _freja(draw), _elias(draw), _wilma(draw)]


def _maja(draw: Draw) -> CasePlan:
    young = draw.young("Maja Nilsson", 17, has_login=True)
    return CasePlan(
        young=young,
        track="in_school_at_risk",
        status="active",
        manager="anna",
        deputy="mikael",
        opened_on=draw.days_ago(60),
        members=(
            MemberPlan("erik", "mentor", draw.days_ago(58)),
            MemberPlan("sofia", "kurator", draw.days_ago(58)),
            MemberPlan("jonas", "volunteer", draw.days_ago(40)),
        ),
        consents=(
            consent(draw, "school", ("plan", "contacts", "meetings"), 58, given_by="guardian"),
            consent(draw, "health", ALL_SCOPES, 58, given_by="guardian"),
            consent(draw, "headspace", ("contacts", "meetings"), 40, form="oral"),
        ),
        contacts=(
            ContactPlan(young.guardian_name or "Guardian", "guardian", None, young.guardian_phone),
            ContactPlan(
                "Lisa Marklund", "psychologist", "BUP Åkerby", draw.phones.take(), f"bup@{CONTACT_DOMAIN}"
            ),
        ),
        work=maja_work(Calendar(draw.today), young),
    )


def _oliver(draw: Draw) -> CasePlan:
    return CasePlan(
        young=draw.young("Oliver Johansson", 19, has_login=True),
        track="left_school",
        status="active",
        manager="anna",
        opened_on=draw.days_ago(150),
        members=(
            MemberPlan("johan", "study_adviser", draw.days_ago(148)),
            MemberPlan("amina", "job_coach", draw.days_ago(148), removed_on=draw.days_ago(30)),
            MemberPlan("nils", "job_coach", draw.days_ago(30)),
            MemberPlan("kevin", "youth_worker", draw.days_ago(100)),
            MemberPlan("sara", "social_worker", draw.days_ago(120)),
        ),
        consents=(
            consent(draw, "kaa", ALL_SCOPES, 148, expires_on=None),
            consent(draw, "jobs", ("plan", "meetings"), 148),
            consent(draw, "nova", ("contacts", "meetings"), 100, form="oral"),
            # Oliver withdrew it himself, from his own page (his timeline has the entry).
            consent(
                draw,
                "social",
                ("plan", "timeline"),
                120,
                withdrawn_on=draw.days_ago(10),
                withdrawn_by="young_person",
            ),
        ),
        contacts=(ContactPlan("Boendestödet", "housing_support", "Åkerby kommun", draw.phones.take(), None),),
        work=oliver_work(Calendar(draw.today)),
    )


def _freja(draw: Draw) -> CasePlan:
    # Referred last week: the team is forming and no consent has been recorded yet.
    return CasePlan(
        young=draw.young("Freja Sørensen", 16, "da", has_login=True),
        track="in_school_at_risk",
        status="referred",
        manager="mikael",
        opened_on=draw.days_ago(6),
        members=(MemberPlan("lena", "mentor", draw.days_ago(5)),),
        work=freja_work(Calendar(draw.today)),
    )


def _elias(draw: Draw) -> CasePlan:
    return CasePlan(
        young=draw.young("Elias Lindqvist", 16),
        track="in_school_at_risk",
        status="referred",
        manager="anna",
        opened_on=draw.days_ago(3),
        members=(MemberPlan("erik", "mentor", draw.days_ago(3)),),
        work=elias_work(Calendar(draw.today)),
    )


def _wilma(draw: Draw) -> CasePlan:
    return CasePlan(
        young=draw.young("Wilma Falk", 18),
        track="in_school_at_risk",
        status="paused",
        manager="anna",
        opened_on=draw.days_ago(420),
        members=(
            MemberPlan("erik", "mentor", draw.days_ago(418)),
            MemberPlan("maria", "school_nurse", draw.days_ago(400)),
        ),
        consents=(
            consent(draw, "school", ("plan", "timeline"), 400, expires_on=draw.days_ago(35)),
            consent(draw, "health", ("plan",), 400, expires_on=None),
        ),
        work=wilma_work(Calendar(draw.today)),
    )

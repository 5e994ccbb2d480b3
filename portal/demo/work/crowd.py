"""A light sprinkle of work in the crowd's cases, so lists, plans and timelines are never empty.

Each case draws from a random source of its own, seeded with the young person's name: the crowd's
people (drawn from the shared source in crowd.py) stay exactly as they were, and the same case gets
the same work on every run. Every case gets the referral and a contact attempt; cases past referral
get a goal or two with their actions, a follow-up or two and, when closed or paused, the reason.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from portal.demo.people import STAFF
from portal.demo.plan import SEED, CasePlan
from portal.demo.work.steps import (
    Action,
    ActionMarked,
    Agreed,
    Calendar,
    Goal,
    GoalMarked,
    Note,
    Step,
    Written,
)

FIRST_NAME = {spec.key: spec.name.split()[0] for spec in STAFF}

GOALS = {
    "in_school_at_risk": (
        ("education", "Du får godkänt i alla kurser den här terminen."),
        ("education", "Du har högst 10 % frånvaro resten av terminen."),
        ("health", "Du sover minst sju timmar de flesta nätter."),
        ("daily_structure", "Du kommer i tid till skolan varje dag."),
        ("relationships", "Du har någon i skolan att prata med när det känns tungt."),
        ("leisure", "Du har en aktivitet på fritiden som du tycker om."),
    ),
    "left_school": (
        ("work", "Du har en praktik eller ett extrajobb."),
        ("education", "Du börjar på Komvux eller folkhögskola."),
        ("economy", "Du har en budget och koll på dina räkningar."),
        ("housing", "Du har ett eget boende eller ett andrahandskontrakt."),
        ("daily_structure", "Du har något att gå till varje vardag."),
        ("health", "Du har en fast kontakt på vårdcentralen."),
    ),
}
ACTIONS = {
    "education": (
        "Du och {owner} går igenom vilka uppgifter som saknas.",
        "Du och {owner} gör en studieplan.",
    ),
    "work": ("Du och {owner} skriver ett CV.", "Du och {owner} letar praktikplatser tillsammans."),
    "economy": ("Du och {owner} gör en budget.", "{owner} hjälper dig att ansöka om CSN."),
    "housing": ("Du och {owner} går igenom hur du söker bostad i Åkerby.",),
    "health": (
        "Du och {owner} pratar om sömn och stress varannan vecka.",
        "{owner} hjälper dig att boka en tid.",
    ),
    "daily_structure": (
        "Du och {owner} gör ett veckoschema.",
        "{owner} ringer dig på morgonen första veckan.",
    ),
    "relationships": ("Du och {owner} ses en stund varje vecka.",),
    "leisure": ("Du provar en aktivitet på Fritidsgården Nova med {owner}.",),
}
FOLLOW_UPS = (
    "Uppföljningssamtal med {first}. Det går åt rätt håll, men morgnarna är fortfarande svåra.",
    "Träffade {first} på Ungdomsporten. Vi gick igenom planen tillsammans.",
    "{first} har hållit alla tider den här veckan.",
    "Samtal med {first} och en vårdnadshavare om hur veckorna ser ut hemma.",
    "{first} hörde av sig själv och ville boka en ny tid. Bra tecken.",
)
ANCHOR_NOTES = {  # by track: the anchor is a mentor in school, a study adviser or job coach outside it
    "in_school_at_risk": (
        "Kort avstämning med {first} efter lektionen. Frånvaron har minskat.",
        "{first} missade två lektioner den här veckan. Vi har pratat om det.",
    ),
    "left_school": (
        "Vi gick igenom lediga praktikplatser tillsammans. {first} vill prova handel.",
        "{first} och jag tittade på Komvux utbud inför nästa termin.",
    ),
}
ATTEMPTS = (
    ("phone", "Ringde {first}, inget svar. Skickar sms."),
    ("sms", "Sms till {first} med förslag på en tid."),
)
CLOSING = {
    "completed_education": "{first} har tagit examen. Ärendet avslutas.",
    "continuing_education": "{first} har börjat på Komvux. Ärendet avslutas.",
    "work": "{first} har fått jobb. Ärendet avslutas.",
    "moved": "{first} har flyttat från kommunen. Ärendet avslutas.",
    "declined": "{first} vill inte ha fortsatt stöd just nu. Ärendet avslutas.",
    "other": "Ärendet avslutas efter samtal med {first}.",
}


def crowd_work(case: CasePlan, today: date) -> tuple[Step, ...]:
    rng = random.Random(f"{SEED}:work:{case.young.name}")  # noqa: S311 - not security
    cal = Calendar(today)
    first = case.young.name.split()[0]
    end = min(case.closed_on or today, today - timedelta(days=1))  # nothing today: it may be later than now
    hub = case.manager
    channel, attempt = rng.choice(ATTEMPTS)
    steps: list[Step] = [
        Note(cal.on(case.opened_on, "10:00"), hub, _referral(case, first), visibility="case_manager"),
        Note(
            cal.on(min(case.opened_on + timedelta(days=1), end), "13:30"),
            hub,
            attempt.format(first=first),
            channel=channel,
        ),
    ]
    if case.status == "referred":
        return tuple(steps)
    span = (end - case.opened_on).days
    plan_day = case.opened_on + timedelta(days=min(14, span // 3))
    steps += _plan(rng, cal, case, plan_day, end)
    for _ in range(rng.randint(1, 2)):
        day = _between(rng, plan_day, end)
        body = rng.choice(FOLLOW_UPS).format(first=first)
        steps.append(Note(cal.on(day, "11:30"), hub, body, shared=rng.random() < 0.25))
    anchor = case.members[0]
    day = _between(rng, max(plan_day, anchor.added_on), end)
    visibility = "team" if _timeline_consent(case, anchor.staff, day) else "case_manager"
    steps.append(
        Note(
            cal.on(day, "15:10"),
            anchor.staff,
            rng.choice(ANCHOR_NOTES[case.track]).format(first=first),
            visibility,
        )
    )
    if case.status == "closed":
        steps.append(Note(cal.on(end, "11:00"), hub, CLOSING[case.outcome or "other"].format(first=first)))
    elif case.status == "paused":
        body = f"Ärendet pausas på {first}s önskan. Vi hörs igen om en månad."
        steps.append(Note(cal.on(end, "11:00"), hub, body))
    return tuple(steps)


def _plan(rng: random.Random, cal: Calendar, case: CasePlan, plan_day: date, end: date) -> list[Step]:
    hub = case.manager
    owners = [hub] + [m.staff for m in case.members if m.added_on <= plan_day and m.removed_on is None]
    steps: list[Step] = []
    for number, (area, text) in enumerate(rng.sample(GOALS[case.track], rng.randint(1, 2))):
        goal = f"g{number}"
        steps.append(Goal(cal.on(plan_day, f"14:0{number}"), hub, goal, area, text))
        for index, template in enumerate(rng.sample(ACTIONS[area], rng.randint(1, len(ACTIONS[area])))):
            owner = rng.choice(owners)
            key = f"{goal}a{index}"
            due = plan_day + timedelta(days=rng.randint(14, 90))
            body = template.format(owner=FIRST_NAME[owner])
            steps.append(
                Action(cal.on(plan_day, f"14:{number}{index + 1}"), hub, Agreed(goal, key, body, owner, due))
            )
            status = _final_status(rng, case.status)
            if status != "planned":
                marked = min(_between(rng, plan_day + timedelta(days=1), min(due, end)), end)
                # The hub marks it: partners may only while their organisation holds the plan consent.
                steps.append(ActionMarked(cal.on(marked, "16:00"), hub, key, status))
        if case.status == "closed" and rng.random() < 0.6:
            steps.append(GoalMarked(cal.on(end, "10:30"), hub, goal, "reached"))
    if rng.random() < 0.5:
        steps.append(Written(cal.on(plan_day, "14:30"), hub))
    return steps


def _final_status(rng: random.Random, status: str) -> str:
    if status == "closed":
        return rng.choice(("done", "done", "dropped"))
    return rng.choice(("planned", "in_progress", "in_progress", "done", "dropped"))


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _timeline_consent(case: CasePlan, staff: str, day: date) -> bool:
    """Whether the staff member's organisation held a valid timeline consent on `day` (else they write to
    the hub only). The same rule the builder checks through the timeline service."""
    org = next(spec.org for spec in STAFF if spec.key == staff)
    return any(
        consent.org == org
        and "timeline" in consent.scopes
        and consent.given_on <= day
        and consent.withdrawn_on is None
        and (consent.expires_on is None or consent.expires_on >= day)
        for consent in case.consents
    )


def _referral(case: CasePlan, first: str) -> str:
    if case.track == "left_school":
        return f"{first} har varken studerat eller arbetat sedan i våras. Kontakt efter KAA:s brev."
    return f"Remiss från skolan: {first} har hög frånvaro och behöver stöd för att klara terminen."

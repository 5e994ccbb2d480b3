"""Maja's two months with her team: the work behind the README's accounts (Anna, Erik, Jonas, Maja).

Maja (17) has missed the first lesson most mornings. Anna Lind is her hub; Erik Holm (mentor), Sofia
Lundin (kurator) and Jonas Berg (headspace volunteer) are on the team. They wrote her plan with her at a
network meeting about five weeks ago and meet again in a few days. Erik's school holds consent for the
plan but not the timeline, so his notes go to Anna; Jonas, a volunteer, writes to Anna too.
Plan texts speak to Maja ("Du ..."): she reads the same goals and steps on her own page.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.demo.plan import YoungPlan
from portal.demo.work.maja_lately import PLACE, next_meeting, since_the_plan, this_week
from portal.demo.work.steps import (
    GUARDIAN,
    YOUNG,
    Agreed,
    Answer,
    Calendar,
    CallMeeting,
    Goal,
    Note,
    Record,
    Step,
    Written,
)


def maja_work(cal: Calendar, young: YoungPlan) -> tuple[Step, ...]:
    mum = (young.guardian_name or "Helena Nilsson").split()[0]
    first = cal.workday_before(38)  # the network meeting where the plan was written
    return (
        *_before_the_plan(cal, mum, first),
        *_the_plan(cal, mum, first),
        *since_the_plan(cal, mum, first),
        *next_meeting(cal, mum),
        *this_week(cal),
    )


def _before_the_plan(cal: Calendar, mum: str, first: date) -> list[Step]:
    return [
        Note(
            cal.ago(60, "09:10"),
            "anna",
            "Remiss från elevhälsan, kurator Sofia Lundin. Maja går andra året på Samhällsvetenskaps"
            "programmet och har 41 % frånvaro den här terminen, mest första lektionen. Hon sover dåligt sedan "
            f"i somras och har kontakt med BUP. Maja och hennes mamma {mum} har sagt ja till att träffa "
            "en samordnare.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(59, "13:30"), "anna", "Ringde Maja, inget svar. Skickar sms i stället.", channel="phone"
        ),
        Note(
            cal.ago(59, "13:40"),
            "anna",
            "Sms till Maja: presenterade mig och föreslog att vi ses i skolans bibliotek i veckan.",
            channel="sms",
        ),
        Note(
            cal.ago(57, "10:45"),
            "anna",
            "Första samtalet med Maja, i skolans bibliotek. Hon vill gå ut gymnasiet men orkar inte morgnarna, "
            "och i matten har hon tappat. Hon vill ha med mentor Erik Holm och kurator Sofia Lundin. Vi tar "
            f"in samtycke från Maja och {mum} innan vi delar något.",
        ),
        Note(
            cal.ago(56, "16:20"),
            "erik",
            f"Ringde {mum} om frånvaron förra veckan. Morgnarna är tuffa hemma, Maja somnar sent. Jag "
            "skickar veckoschemat hem varje fredag från och med nu.",
            visibility="case_manager",
            channel="phone",
        ),
        Note(
            cal.ago(52, "11:00"),
            "anna",
            f"Brev hem till Maja och {mum}: vad samtycket gäller, vilka som är med i teamet och vem som gör vad.",
            channel="letter",
        ),
        Note(
            cal.ago(50, "15:00"),
            "sofia",
            "Elevhälsan internt: stödsamtal med Maja om sömn och oro. Hon träffar psykolog Lisa Marklund på "
            "BUP varannan vecka. Ingen akut oro. Vi ses varannan tisdag.",
            visibility="agency",
        ),
        CallMeeting(
            cal.ago(45, "09:30"),
            "anna",
            "first",
            "Nätverksmöte om Majas plan",
            cal.on(first, "14:00"),
            90,
            PLACE,
            (YOUNG, GUARDIAN, "anna", "erik", "sofia"),
            "1. Hur går det i skolan?\n2. Sömn och morgnar\n3. Vad vill Maja göra på fritiden?\n"
            "4. Vi skriver planen tillsammans",
        ),
        Answer(cal.ago(45, "09:31"), "first", "anna", "accepted"),
        Answer(cal.ago(44, "08:05"), "first", "erik", "accepted"),
        Answer(cal.ago(44, "09:12"), "first", "sofia", "accepted"),
        Answer(cal.ago(44, "19:40"), "first", YOUNG, "accepted"),
        Answer(cal.ago(43, "12:15"), "first", GUARDIAN, "accepted"),
        Note(
            cal.ago(40, "17:30"),
            "jonas",
            "Första träffen med Maja på headspace. Vi pratade om vad hon tycker om att göra. Hon klättrade "
            "förut och vill gärna börja igen.",
            visibility="case_manager",
        ),
    ]


def _the_plan(cal: Calendar, mum: str, first: date) -> list[Step]:
    def due(days: int) -> date:
        return first + timedelta(days=days)

    return [
        Goal(
            cal.on(first, "15:20"),
            "anna",
            "school",
            "education",
            "Du får godkänt i alla kurser i årskurs 2, även i matte 2b.",
        ),
        Goal(
            cal.on(first, "15:22"), "anna", "sleep", "health", "Du sover bättre och orkar med hela skoldagen."
        ),
        Goal(
            cal.on(first, "15:24"),
            "anna",
            "mornings",
            "daily_structure",
            "Du kommer i tid till första lektionen minst fyra dagar i veckan.",
        ),
        Goal(
            cal.on(first, "15:26"),
            "anna",
            "free",
            "leisure",
            "Du har något roligt varje vecka som inte handlar om skolan.",
        ),
        Written(cal.on(first, "15:30"), "anna"),
        Record(
            cal.on(first, "16:30"),
            "anna",
            "first",
            f"Med på mötet: Maja, {mum} (mamma), Erik Holm (mentor), Sofia Lundin (kurator) och Anna Lind "
            "(samordnare).\n\nMaja berättade att morgnarna är det svåraste: hon somnar efter ett och hör inte "
            "väckarklockan. I skolan saknas uppgifter i historia och svenska, och matte 2b känns omöjlig. "
            "Hon vill börja klättra igen, gärna med Jonas från headspace.\n\nVi skrev planen tillsammans: "
            "fyra mål och de steg som står i planen. Nästa möte om ungefär fem veckor.",
            (
                Agreed(
                    "school",
                    "missing",
                    "Du och Erik går igenom vilka uppgifter i historia och svenska som saknas och gör en plan.",
                    "erik",
                    due(14),
                ),
                Agreed(
                    "school",
                    "math",
                    "Du går till mattestugan på tisdagar kl. 15–16 och får hjälp med matte 2b.",  # noqa: RUF001 - Swedish typography
                    "erik",
                    cal.day(40),
                ),
                Agreed(
                    "sleep",
                    "talks",
                    "Du träffar Sofia varannan tisdag och pratar om sömn och oro.",
                    "sofia",
                    cal.day(30),
                ),
                Agreed(
                    "sleep",
                    "bup",
                    "Sofia och Lisa Marklund på BUP stämmer av hur sömnen går (det har du sagt ja till).",
                    "sofia",
                    cal.day(-5),  # not done yet: overdue
                ),
                Agreed(
                    "mornings",
                    "schedule",
                    "Du och Anna gör ett veckoschema med fasta tider för att lägga dig och gå upp.",
                    "anna",
                    due(21),
                ),
                Agreed(
                    "mornings",
                    "late_start",
                    "Du provar att börja senare på måndagar i fyra veckor.",
                    "erik",
                    due(28),
                ),
                Agreed(
                    "free",
                    "card",
                    "Anna tar reda på om fritidskortet kan betala ditt klätterkort.",
                    "anna",
                    due(10),
                ),
            ),
        ),
        Note(
            cal.after(first, 1, "08:45"),
            "anna",
            "Hej Maja! Tack för mötet i går. Det här kom vi överens om: du går till mattestugan på tisdagar, "
            "du träffar Sofia varannan tisdag och du och jag gör ett veckoschema för morgnarna. Ring eller "
            "sms:a mig om något känns svårt. /Anna",
            shared=True,
        ),
    ]

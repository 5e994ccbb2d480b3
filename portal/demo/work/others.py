"""The work in the smaller stories.

- Freja (referred last week): no consent yet, so no plan; her hub tries to reach her and has called a
  first talk with her and her mentor.
- Elias (referred three days ago): the referral, the mentor's note to the hub, two contact attempts.
- Wilma (paused for a job): a plan from last year with a goal reached, and the school's consent lapsing.
"""

from __future__ import annotations

from portal.demo.work.steps import (
    YOUNG,
    Action,
    ActionMarked,
    Agreed,
    Answer,
    Calendar,
    CallMeeting,
    Goal,
    GoalMarked,
    Note,
    Step,
    Written,
)


def freja_work(cal: Calendar) -> tuple[Step, ...]:
    return (
        Note(
            cal.ago(6, "10:30"),
            "mikael",
            "Remiss från mentor Lena Björk: Freja flyttade från Köpenhamn i somras och har varit borta mycket "
            "de senaste veckorna. Hon pratar danska och förstår svenska bra.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(5, "14:00"),
            "lena",
            "Freja var i skolan i dag men gick hem efter lunch. Hon säger att hon inte känner någon i klassen.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(4, "09:15"),
            "mikael",
            "Sms till Freja: presenterade mig och frågade om vi kan ses. Skrev att hon gärna får svara på danska.",
            channel="sms",
        ),
        CallMeeting(
            cal.ago(3, "11:00"),
            "mikael",
            "first_talk",
            "Första samtal med Freja",
            cal.on(cal.workday_after(2), "13:00"),
            45,
            "Åkerby gymnasium, elevhälsans samtalsrum",
            (YOUNG, "mikael", "lena"),
        ),
        Answer(cal.ago(3, "11:01"), "first_talk", "mikael", "accepted"),
        Answer(cal.ago(3, "15:20"), "first_talk", "lena", "accepted"),
        Note(
            cal.ago(2, "16:00"),
            "mikael",
            "Ringde Freja. Hon har sett kallelsen och tänker komma, kanske med sin mamma.",
            channel="phone",
        ),
    )


def elias_work(cal: Calendar) -> tuple[Step, ...]:
    return (
        Note(
            cal.ago(3, "11:00"),
            "anna",
            "Remiss från mentor Erik Holm: Elias har inte varit i skolan på två veckor och svarar inte när "
            "skolan ringer. Pappa har hört av sig till skolan och är orolig.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(2, "15:30"),
            "erik",
            "Elias kom till skolan i dag och pratade en stund med mig. Han vill träffa samordnaren, men "
            "första gången utan pappa.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(1, "10:00"), "anna", "Ringde Elias, inget svar. Lämnade ett meddelande.", channel="phone"
        ),
        Note(
            cal.ago(1, "10:05"),
            "anna",
            "Brev hem till Elias: vad Soffa är, vad samtycke betyder och ett förslag på tid för ett första samtal.",
            channel="letter",
        ),
    )


def wilma_work(cal: Calendar) -> tuple[Step, ...]:
    return (
        Note(
            cal.ago(418, "10:00"),
            "anna",
            "Remiss från skolan: Wilma har haft långa perioder av frånvaro på grund av migrän och ligger "
            "efter i flera kurser.",
            visibility="case_manager",
        ),
        Goal(cal.ago(398, "14:00"), "anna", "exam", "education", "Du tar examen från gymnasiet."),
        Goal(
            cal.ago(398, "14:02"),
            "anna",
            "health",
            "health",
            "Du har en fast kontakt i vården som du litar på.",
        ),
        Action(
            cal.ago(398, "14:05"),
            "anna",
            Agreed(
                "exam",
                "pace",
                "Du och Erik gör en studieplan med färre kurser per termin.",
                "erik",
                cal.day(-370),
            ),
        ),
        Action(
            cal.ago(398, "14:07"),
            "anna",
            Agreed(
                "exam", "summer", "Du läser in Engelska 6 på distans under sommaren.", "erik", cal.day(-300)
            ),
        ),
        Action(
            cal.ago(398, "14:09"),
            "anna",
            Agreed(
                "health",
                "clinic",
                "Maria hjälper dig att boka en tid på vårdcentralen.",
                "maria",
                cal.day(-380),
            ),
        ),
        Written(cal.ago(398, "14:15"), "anna"),
        ActionMarked(cal.ago(382, "10:00"), "maria", "clinic", "done"),
        ActionMarked(cal.ago(372, "12:00"), "erik", "pace", "done"),
        GoalMarked(cal.ago(330, "09:00"), "anna", "health", "reached"),
        ActionMarked(cal.ago(290, "13:00"), "erik", "summer", "dropped"),
        Note(
            cal.ago(290, "13:05"),
            "erik",
            "Wilma har klarat alla kurser i vårens studieplan. Engelska 6 på distans blev för mycket "
            "i sommar: hon läser den i höst i stället.",
        ),
        Goal(
            cal.ago(60, "10:00"),
            "anna",
            "pause",
            "daily_structure",
            "Du har en plan för tiden du pausar skolan.",
        ),
        Action(
            cal.ago(60, "10:05"),
            "anna",
            Agreed("pause", "calls", "Du och Anna hörs i telefon en gång i månaden.", "anna", cal.day(40)),
        ),
        ActionMarked(cal.ago(60, "10:06"), "anna", "calls", "in_progress"),
        Note(
            cal.ago(60, "10:30"),
            "anna",
            "Wilma har fått jobb på ett äldreboende och vill pausa skolan till vårterminen. Vi pausar ärendet "
            "och hörs en gång i månaden.",
        ),
        Note(
            cal.ago(34, "09:00"),
            "anna",
            "Skolans samtycke gick ut i går. Erik ser bara grundvyn tills Wilma har lämnat ett nytt samtycke. "
            "Jag frågar henne när vi hörs nästa gång.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(20, "16:00"),
            "anna",
            "Månadssamtal med Wilma. Jobbet går bra. Hon funderar på att läsa klart på Komvux i stället.",
            channel="phone",
        ),
    )

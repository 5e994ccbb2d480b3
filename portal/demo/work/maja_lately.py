"""Maja's last five weeks: the steps taken since her plan was written, the follow-up meeting in a few
days (called a week ago; most have answered) and her week, part of it already ticked off."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from portal.demo.work.steps import (
    GUARDIAN,
    YOUNG,
    Action,
    ActionMarked,
    Agreed,
    Answer,
    Calendar,
    CallMeeting,
    Note,
    Redact,
    Step,
    Task,
)

PLACE = "Åkerby gymnasium, grupprum 2 vid biblioteket"


def since_the_plan(cal: Calendar, mum: str, first: date) -> list[Step]:
    booked, moved = (format_date(first + timedelta(days=d), "d MMMM", locale="sv") for d in (9, 16))
    return [
        Action(
            cal.after(first, 2, "10:00"),
            "anna",
            Agreed(
                "free",
                "climbing",
                "Du och Jonas klättrar på Klätterverket varannan onsdag.",
                "jonas",
                cal.day(60),
            ),
        ),
        Note(
            cal.after(first, 3, "10:15"),
            "sofia",
            f"Maja har fått en ny tid hos Lisa Marklund på BUP den {booked} kl. 15.00.",
            shared=True,
            key="bup_time",
        ),
        Note(
            cal.after(first, 3, "16:40"),
            "sofia",
            f"Rättelse: tiden hos BUP är den {moved} kl. 15.00, inte den {booked}. BUP flyttade den.",
            shared=True,
            corrects="bup_time",
        ),
        Note(
            cal.after(first, 5, "18:30"),
            "jonas",
            f"Maja berättade mycket om hur {mum} mår och om hennes sjukskrivning och läkarbesök. Skriver det "
            "här så att Anna vet.",
            visibility="case_manager",
            key="about_mum",
        ),
        Redact(
            cal.after(first, 6, "09:10"),
            "anna",
            "about_mum",
            "Uppgifter om en anhörigs hälsa hör inte hemma i Majas akt. Jonas och jag har pratat om vad "
            "som ska skrivas här.",
        ),
        ActionMarked(cal.after(first, 7, "11:00"), "anna", "card", "done"),
        ActionMarked(cal.after(first, 8, "17:00"), "anna", "climbing", "in_progress"),
        ActionMarked(cal.after(first, 9, "15:40"), "erik", "missing", "in_progress"),
        ActionMarked(cal.after(first, 10, "16:10"), "erik", "math", "in_progress"),
        ActionMarked(cal.after(first, 10, "16:30"), "sofia", "talks", "in_progress"),
        Note(
            cal.after(first, 12, "18:00"),
            "anna",
            f"Hembesök hos Maja och {mum}. Vi gjorde veckoschemat tillsammans: mobilen laddas i köket från "
            "kl. 22.30, väckarklockan står i hallen och frukost kl. 7.15.",
            channel="visit",
        ),
        ActionMarked(cal.after(first, 12, "18:10"), "anna", "schedule", "done"),
        ActionMarked(cal.after(first, 13, "15:00"), "erik", "missing", "done"),
        Note(
            cal.ago(11, "15:30"),
            "erik",
            "Frånvaron de senaste två veckorna är 12 %, ned från 41 %. Maja har lämnat in historieuppgiften "
            "och svenskaanalysen.",
            visibility="case_manager",
        ),
        ActionMarked(cal.ago(9, "10:00"), "erik", "late_start", "dropped"),
        Note(
            cal.ago(9, "10:05"),
            "erik",
            "Sovmorgon på måndagar gick inte att ordna: schemat kan inte flyttas. Maja klarar morgnarna "
            "bättre ändå.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(8, "13:00"),
            "anna",
            "Maja, Erik berättar att din frånvaro har gått ned från 41 % till 12 %. Vad bra! Sovmorgon på "
            "måndagar gick inte att ordna, men du klarar morgnarna ändå. /Anna",
            visibility="case_manager",
            shared=True,
        ),
    ]


def next_meeting(cal: Calendar, mum: str) -> list[Step]:
    return [
        CallMeeting(
            cal.ago(7, "09:00"),
            "anna",
            "follow_up",
            "Uppföljning av Majas plan",
            cal.on(cal.workday_after(3), "10:00"),
            60,
            PLACE,
            (YOUNG, GUARDIAN, "anna", "erik", "sofia", "jonas"),
            "1. Hur fungerar veckoschemat?\n2. Matte 2b inför provet\n3. Sommarjobb eller feriepraktik?",
        ),
        Answer(cal.ago(7, "09:01"), "follow_up", "anna", "accepted"),
        Answer(cal.ago(6, "08:12"), "follow_up", "erik", "accepted"),
        Answer(cal.ago(6, "20:14"), "follow_up", YOUNG, "accepted"),
        Answer(cal.ago(5, "11:30"), "follow_up", "sofia", "tentative"),
        Answer(cal.ago(4, "17:45"), "follow_up", "jonas", "declined"),
        Note(
            cal.ago(3, "10:00"),
            "anna",
            "Pratade med Maja i telefon inför uppföljningsmötet. Hon vill prata om sommarjobb och frågade "
            "om Jonas kan komma ändå.",
            channel="phone",
        ),
        Note(
            cal.ago(3, "12:00"),
            "anna",
            f"{mum} har inte svarat på kallelsen till uppföljningen. Jag ringer henne innan mötet.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(2, "14:30"),
            "sofia",
            "Stödsamtal med Maja: hon somnar före midnatt de flesta kvällar nu. Vi fortsätter varannan tisdag.",
        ),
    ]


def this_week(cal: Calendar) -> list[Step]:
    """Maja planned her week on Sunday evening; Anna added two things on Friday. What was planned up to
    today is ticked off (the builder ticks at the time planned, or a minute ago when that is still to come)."""
    monday = cal.monday
    sunday_evening = cal.after(monday, -1, "19:30")
    friday = cal.after(monday, -3, "15:00")

    def ticked(day: date, clock: str = "17:00"):
        return cal.on(day, clock) if day <= cal.today else None

    tuesday, wednesday, thursday = (monday + timedelta(days=d) for d in (1, 2, 3))
    return [
        Task(
            friday,
            "anna",
            "Ta med busskortet och hämta fritidskortet i receptionen",
            thursday,
            ticked(thursday),
        ),
        Task(friday, "anna", "Fyll i ansökan om feriepraktik på kommunens webbplats", None),
        Task(
            sunday_evening,
            YOUNG,
            "Första lektionen kl. 8.20: gå hemifrån 7.45",
            monday,
            ticked(monday, "08:30"),
        ),
        Task(sunday_evening, YOUNG, "Mattestugan kl. 15", tuesday, ticked(tuesday, "16:05")),
        Task(sunday_evening, YOUNG, "Klättring med Jonas kl. 17", wednesday, ticked(wednesday, "19:00")),
        Task(sunday_evening, YOUNG, "Mobilen laddas i köket från kl. 22.30", None, ticked(monday, "22:35")),
    ]

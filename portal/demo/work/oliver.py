"""Oliver (19, left school, five months in): a plan across work, studies, money and leisure, a meeting
behind him and one ahead, a job coach who took over from another, and the consent he withdrew himself."""

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
    Note,
    Record,
    Step,
    Withdrawn,
    Written,
)


def oliver_work(cal: Calendar) -> tuple[Step, ...]:
    review = cal.workday_before(20)
    return (
        Note(
            cal.ago(150, "10:00"),
            "anna",
            "Oliver, 19, hoppade av Fordonsprogrammet i årskurs 2 och har varken studerat eller arbetat sedan "
            "dess. Han bor i egen lägenhet med boendestöd. Han hörde av sig själv efter KAA:s brev.",
            visibility="case_manager",
        ),
        Note(
            cal.ago(149, "14:00"),
            "anna",
            "Pratade med Oliver. Han vill ha jobb först och plugga sen. Vi ses på Ungdomsporten i veckan.",
            channel="phone",
        ),
        Goal(
            cal.ago(140, "10:10"),
            "anna",
            "work",
            "work",
            "Du har ett jobb eller en praktik minst 20 timmar i veckan.",
        ),
        Goal(
            cal.ago(140, "10:12"),
            "anna",
            "studies",
            "education",
            "Du har en plan för att läsa klart gymnasiet.",
        ),
        Goal(
            cal.ago(140, "10:14"),
            "anna",
            "money",
            "economy",
            "Du har koll på dina pengar och kan betala hyran.",
        ),
        Goal(
            cal.ago(140, "10:16"),
            "anna",
            "free",
            "leisure",
            "Du tränar eller gör något med andra varje vecka.",
        ),
        Action(
            cal.ago(140, "10:20"),
            "anna",
            Agreed(
                "studies",
                "courses",
                "Du och Johan går igenom vilka kurser du behöver för en examen.",
                "johan",
                cal.day(-120),
            ),
        ),
        Action(
            cal.ago(140, "10:24"),
            "anna",
            Agreed(
                "money",
                "autogiro",
                "Hyran dras automatiskt från ditt konto (Anna och boendestödet).",
                "anna",
                cal.day(-90),
            ),
        ),
        Written(cal.ago(140, "10:30"), "anna"),
        Note(
            cal.ago(139, "09:00"),
            "anna",
            "Oliver, här är planen vi skrev i går. Säg till om något inte stämmer. /Anna",
            shared=True,
        ),
        ActionMarked(cal.ago(125, "13:00"), "johan", "courses", "done"),
        Note(
            cal.ago(118, "11:00"),
            "sara",
            "Socialtjänsten: Oliver har ansökt om försörjningsstöd för nästa månad. Jag hjälper honom med budgeten.",
            visibility="case_manager",
        ),
        Action(
            cal.ago(118, "11:10"),
            "anna",
            Agreed(
                "money",
                "budget",
                "Du och Sara gör en budget och går igenom ansökan om försörjningsstöd.",
                "sara",
                cal.day(-100),
            ),
        ),
        Action(
            cal.ago(100, "15:00"),
            "anna",
            Agreed(
                "free",
                "floorball",
                "Du spelar innebandy på Fritidsgården Nova på torsdagskvällar.",
                "kevin",
                cal.day(60),
            ),
        ),
        Note(
            cal.ago(96, "21:00"),
            "kevin",
            "Oliver var på innebandyn i kväll för första gången. Han kände två av killarna sedan tidigare.",
            visibility="case_manager",
        ),
        ActionMarked(cal.ago(95, "09:00"), "anna", "floorball", "in_progress"),
        ActionMarked(cal.ago(92, "10:00"), "anna", "budget", "done"),
        ActionMarked(cal.ago(85, "10:00"), "anna", "autogiro", "done"),
        Action(
            cal.ago(60, "14:00"),
            "anna",
            Agreed(
                "studies",
                "komvux",
                "Du söker till Komvux på Åkerby lärcentrum inför vårterminen.",
                "johan",
                cal.day(14),
            ),
        ),
        Note(
            cal.ago(29, "10:30"),
            "nils",
            "Jag har tagit över efter Amina Warsame som Olivers jobbcoach. Vi ses varannan vecka på "
            "Arbetsförmedlingen.",
            visibility="case_manager",
        ),
        Action(
            cal.ago(28, "09:00"),
            "anna",
            Agreed("work", "cv", "Du och Nils skriver ett CV och ett personligt brev.", "nils", cal.day(-15)),
        ),
        CallMeeting(
            cal.ago(27, "09:15"),
            "anna",
            "review",
            "Uppföljning: praktik och Komvux",
            cal.on(review, "13:00"),
            60,
            "Ungdomsporten, Åkerby bibliotek",
            (YOUNG, "anna", "nils", "johan"),
        ),
        Answer(cal.ago(27, "09:16"), "review", "anna", "accepted"),
        Answer(cal.ago(26, "10:00"), "review", "nils", "accepted"),
        Answer(cal.ago(25, "18:20"), "review", YOUNG, "accepted"),
        Answer(cal.ago(24, "08:30"), "review", "johan", "tentative"),
        ActionMarked(cal.ago(23, "16:00"), "nils", "cv", "done"),
        Record(
            cal.on(review, "15:00"),
            "anna",
            "review",
            "Med på mötet: Oliver, Nils Hedlund (Arbetsförmedlingen) och Anna Lind. Johan kunde inte komma.\n\n"
            "CV:t är klart. Oliver vill prova handel och får en praktikplats på ICA Kvantum i fyra veckor. "
            "Komvux-ansökan gör han med Johan innan sista ansökningsdag.",
            (
                Agreed(
                    "work", "internship", "Praktik på ICA Kvantum Åkerby i fyra veckor.", "nils", cal.day(21)
                ),
            ),
        ),
        ActionMarked(cal.ago(12, "08:00"), "nils", "internship", "in_progress"),
        ActionMarked(cal.ago(11, "14:00"), "johan", "komvux", "in_progress"),
        Withdrawn(cal.ago(10, "09:00"), "social"),
        Note(
            cal.ago(9, "11:00"),
            "anna",
            "Pratade med Oliver om samtycket till socialtjänsten. Han vill sköta den kontakten själv, och "
            "Sara Ek ser inte längre planen. Det är helt okej, Oliver: säg till om du ändrar dig. /Anna",
            visibility="case_manager",
            shared=True,
        ),
        CallMeeting(
            cal.ago(5, "13:00"),
            "anna",
            "check_in",
            "Avstämning: praktiken på ICA",
            cal.on(cal.workday_after(9), "15:00"),
            45,
            "Ungdomsporten, Åkerby bibliotek",
            (YOUNG, "anna", "nils"),
        ),
        Answer(cal.ago(5, "13:01"), "check_in", "anna", "accepted"),
        Answer(cal.ago(4, "16:40"), "check_in", YOUNG, "tentative"),
        Note(
            cal.ago(3, "08:30"),
            "anna",
            "Sms till Oliver: påminnelse om Komvux-ansökan, sista dag om två veckor.",
            channel="sms",
        ),
    )

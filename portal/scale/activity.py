"""The plan of each case (goals with actions) and its meetings with participants."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from portal.meetings.models import Meeting, Participant
from portal.plans.models import Goal, Plan, PlanAction
from portal.scale.cases import BuiltCase
from portal.scale.region import Region
from portal.scale.text import ACTION_TEXTS, GOAL_TEXTS
from portal.scale.writer import Writer

PARTSTATS = ("needs_action", "accepted", "accepted", "tentative", "declined")


def build_plan(writer: Writer, rng: random.Random, case: BuiltCase) -> None:
    hub_id, hub_org = case.hub
    written = case.opened + timedelta(days=rng.randint(0, 30))
    writer.add(
        Plan.__table__,
        {
            "id": writer.new_id(Plan.__table__),
            "case_id": case.id,
            "written_with_young_person_on": written.date() if rng.random() < 0.7 else None,
            "written_confirmed_by_id": hub_id,
            "created_at": case.opened,
        },
    )
    owners = [(hub_id, hub_org), *((m.user_id, m.org_id) for m in case.members)]
    for area in rng.sample(sorted(GOAL_TEXTS), rng.randint(1, 3)):
        goal_id = writer.new_id(Goal.__table__)
        writer.add(
            Goal.__table__,
            {
                "id": goal_id,
                "case_id": case.id,
                "life_area": area,
                "text": GOAL_TEXTS[area],
                "status": rng.choice(("open", "open", "open", "reached", "dropped")),
                "created_at": written,
                "created_by_id": hub_id,
            },
        )
        for _ in range(rng.randint(1, 3)):
            owner_id, owner_org = rng.choice(owners)
            status = rng.choice(("planned", "in_progress", "done", "done", "dropped"))
            due = written + timedelta(days=rng.randint(7, 120))
            writer.add(
                PlanAction.__table__,
                {
                    "id": writer.new_id(PlanAction.__table__),
                    "goal_id": goal_id,
                    "case_id": case.id,
                    "text": rng.choice(ACTION_TEXTS),
                    "owner_id": owner_id,
                    "owner_organisation_id": owner_org,
                    "due_on": due.date(),
                    "status": status,
                    "done_on": due.date() if status == "done" else None,
                    "created_at": written,
                    "updated_at": written,
                },
            )


def build_meetings(writer: Writer, rng: random.Random, case: BuiltCase, region: Region) -> None:
    hub_id = case.hub[0]
    span = max(1, int((case.until - case.opened).total_seconds() // 3600))
    for _ in range(rng.choice((0, 1, 1, 1, 2, 3))):
        starts = case.opened + timedelta(hours=rng.randint(0, span + 24 * 30))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        meeting_id = writer.new_id(Meeting.__table__)
        cancelled = rng.random() < 0.05
        writer.add(
            Meeting.__table__,
            {
                "id": meeting_id,
                "case_id": case.id,
                "uid": f"scale-{meeting_id}@soffa",
                "sequence": 0,
                "status": "cancelled" if cancelled else "scheduled",
                "title": "Uppföljningsmöte",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1),
                "timezone": "Europe/Stockholm",
                "place": "Kommunhuset, rum 3",
                "video_url": None,
                "agenda": "Hur går det i skolan? Nästa steg i planen.",
                "organizer_id": hub_id,
                "record_entry_id": None,
                "created_at": min(starts, datetime.now(UTC)) - timedelta(days=7),
                "cancelled_at": starts - timedelta(days=1) if cancelled else None,
            },
        )
        invited = [hub_id, *(m.user_id for m in rng.sample(case.members, min(3, len(case.members))))]
        for user_id in invited:
            writer.add(Participant.__table__, _participant(writer, rng, meeting_id, user_id, region, case))
        writer.add(Participant.__table__, _participant(writer, rng, meeting_id, None, region, case))


def _participant(writer, rng, meeting_id, user_id, region: Region, case: BuiltCase) -> dict:
    partstat = rng.choice(PARTSTATS)
    return {
        "id": writer.new_id(Participant.__table__),
        "meeting_id": meeting_id,
        "user_id": user_id,
        "external_contact_id": None,
        "is_young_person": user_id is None,
        "name": region.names[user_id] if user_id else case.young_name,
        "email": f"user-{user_id}@example.org" if user_id else None,
        "phone": None if user_id else case.young_phone,
        "locale": "sv",
        "partstat": partstat,
        "responded_at": case.opened if partstat != "needs_action" else None,
        "removed_at": None,
        "created_at": case.opened,
    }

"""The one shared plan of a case: goals in life areas, each with actions that have an owner and a due date."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import Organisation, User, enum_values


class LifeArea(StrEnum):
    EDUCATION = "education"
    WORK = "work"
    HEALTH = "health"
    HOUSING = "housing"
    ECONOMY = "economy"
    RELATIONSHIPS = "relationships"
    LEISURE = "leisure"
    DAILY_STRUCTURE = "daily_structure"


class GoalStatus(StrEnum):
    OPEN = "open"
    REACHED = "reached"
    DROPPED = "dropped"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Plan(db.Model):
    """One per case. Holds what belongs to the plan as a whole: when it was written with the young person."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), unique=True)
    written_with_young_person_on: Mapped[date | None]
    written_confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class Goal(db.Model):
    __tablename__ = "plan_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    life_area: Mapped[str] = mapped_column(sa.String(30))
    text: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(20), default=GoalStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (
        sa.CheckConstraint(sa.column("life_area").in_(enum_values(LifeArea)), name="life_area"),
        sa.CheckConstraint(sa.column("status").in_(enum_values(GoalStatus)), name="status"),
    )


class PlanAction(db.Model):
    """A step towards a goal. The owner (a person and their organisation) updates its status."""

    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_goal.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case_file.id"), index=True)  # for access checks
    text: Mapped[str] = mapped_column(sa.String(500))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    owner_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20), default=ActionStatus.PLANNED.value)
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, onupdate=now_utc)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    owner_organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(sa.column("status").in_(enum_values(ActionStatus)), name="status"),)

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status in ("planned", "in_progress")

"""The outbox: every message Soffa sends is first a row, written in the same transaction as the change
that causes it. Workers deliver rows; the database, not Redis, is the truth about what was sent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, now_utc
from portal.extensions import db
from portal.orgs.models import enum_values


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class MessageKind(StrEnum):
    INVITE = "invite"  # METHOD:REQUEST, first time
    UPDATE = "update"  # METHOD:REQUEST, SEQUENCE raised (moved in time or place)
    CANCEL = "cancel"  # METHOD:CANCEL: the meeting is cancelled, or this participant was removed
    REMINDER = "reminder"  # 24 h mail / 2 h SMS; re-checks the meeting when it runs
    NOTICE = "notice"  # a short message to a person, e.g. "the young person asks for help"
    SIGN_IN = "sign_in"  # a one-time sign-in link (mail) or code (SMS)
    ACTIVATION = "activation"  # an invitation to activate a new account
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind of message: a link to choose a new password


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    channel: Mapped[str] = mapped_column(sa.String(10))
    # Exactly one message per purpose: emitting the same key twice is a no-op (idempotent callers).
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting_participant.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    sign_in_token_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sign_in_token.id"))  # links and codes
    meeting_sequence: Mapped[int | None]  # the meeting version the message was made for
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last handed to a queue
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a worker holds it until then
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # permanent: will not be retried
    skipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # stale (meeting moved/cancelled)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (
        # What the relay looks for every minute: unsettled messages that are due.
        sa.Index("ix_outbox_pending", "sent_at", "failed_at", "skipped_at", "not_before"),
        sa.CheckConstraint(sa.column("kind").in_(enum_values(MessageKind)), name="kind"),
        sa.CheckConstraint(sa.column("channel").in_(enum_values(Channel)), name="channel"),
    )

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        if self.failed_at:
            return "failed"
        if self.skipped_at:
            return "skipped"
        return "queued"

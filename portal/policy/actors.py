"""Who is acting: a signed-in user, an anonymous visitor, or the system (background jobs)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.orgs.models import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    organisation_id: int | None
    role: str | None

    @classmethod
    def of(cls, user) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.anonymous()
        return cls(user_id=user.id, organisation_id=user.organisation_id, role=user.role)

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user_id=None, organisation_id=None, role=None)

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id=None, organisation_id=None, role="system")

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

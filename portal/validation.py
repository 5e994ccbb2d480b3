"""The one way a service refuses input it cannot accept: the view shows the message next to the field (422)."""

from __future__ import annotations


class InvalidInput(Exception):
    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def attach_to(self, form) -> None:
        """Put the message on the form field (or the form itself) so the template shows it in place."""
        target = getattr(form, self.field, None) if self.field else None
        if target is not None:
            target.errors = [*target.errors, self.message]
        else:
            form.form_errors.append(self.message)

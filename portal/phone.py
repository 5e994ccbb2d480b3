"""Phone numbers in one form (E.164), so tel:/sms: links and SMS providers get what they expect."""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "SE"


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 for a valid number, None for anything that is not one."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

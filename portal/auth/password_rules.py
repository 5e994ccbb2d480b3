"""The one set of rules for a new password, wherever it is chosen: on My account, at activation, by anyone.

OWASP ASVS 5.0 level 2 (V6.2): at least 8 characters; at least 64 accepted (we take up to 128, so a
passphrase fits and a megabyte of "password" never reaches the hasher); any character, spaces included,
nothing trimmed or truncated; no composition rules (no "one digit, one capital"); common passwords
refused; and nothing that is simply the account's own address. Length counts characters, not bytes.

The list of common passwords is zxcvbn's (the PyPI package ships Dropbox's frequency lists offline:
30,000 passwords from real leaks). It is compared lowercased, so "Password1" is as refused as "password1".
"""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _

from portal.validation import InvalidInput

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def _common_passwords() -> frozenset[str]:
    # Imported on first use: the lists are large, and most requests never set a password.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    return password.lower() in _common_passwords()


def check_new_password(password: str, *, email: str, field: str = "password") -> None:
    """Raise InvalidInput(field, why) when this password may not be chosen by the owner of `email`."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(field, _("Use at least %(count)s characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        raise InvalidInput(field, _("Use at most %(count)s characters.", count=MAX_LENGTH))
    if is_common(password):
        raise InvalidInput(
            field, _("This password is one of the most common ones, so it is guessed first. Choose another.")
        )
    address = email.strip().lower()
    if password.strip().lower() in {address, address.split("@")[0]}:
        raise InvalidInput(field, _("Your password must not be your email address."))

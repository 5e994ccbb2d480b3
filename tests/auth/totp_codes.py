"""TOTP codes for test sign-ins that respect the server's rule that a time step works only once per user.

The server accepts the step before the current one, the current one and the one after (clock drift),
each at most once per user, and never a step at or before the last one it accepted (User.totp_last_step).
So the code is made for the earliest step the server will still take, read from the database the app
uses: a test that rolls a savepoint back (the access table signs the same people in once per route)
gets its steps back with it. Only a fourth sign-in of one user within one 30-second step waits for the
clock, and then only until the next step begins.
"""

from __future__ import annotations

import time

import pyotp
import sqlalchemy as sa

STEP = 30
MARGIN_SECONDS = 5


def _last_step(app, email: str) -> int | None:
    from portal.extensions import db
    from portal.orgs.models import User

    with app.app_context():
        query = sa.select(User.totp_last_step).where(User.email == email.strip().lower())
        return db.session.execute(query).scalar_one_or_none()


def next_code(app, email: str, secret: str) -> str:
    while True:
        now = time.time()
        now_step = int(now) // STEP
        last = _last_step(app, email)
        step = now_step - 1 if last is None else max(now_step - 1, last + 1)
        # The server still takes step s until (s + 2) * STEP; keep a margin so a slow request never
        # reaches it after the clock moved on (the earliest step then stops working).
        while step <= now_step + 1 and (step + 2) * STEP - now < MARGIN_SECONDS:
            step += 1
        if step <= now_step + 1:
            return pyotp.TOTP(secret).generate_otp(step)
        time.sleep(max(0.05, (now_step + 1) * STEP - now))

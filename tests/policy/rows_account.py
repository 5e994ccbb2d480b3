"""Access-table rows for My account (own sessions, password, recovery codes), activation and password reset
links and the administrator's actions on a user's sign-in (end their sessions, send an invitation or a
password reset link)."""

from tests.policy.rows import ADMIN_ONLY, LOGIN, PUBLIC, row
from tests.policy.world import RELATIONS

# Everyone who is signed in runs their own account, the young person and the administrator included:
# it is not a case page.
OWN_ACCOUNT = {**dict.fromkeys(RELATIONS, 200), "anonymous": LOGIN}
OWN_ACCOUNT_FORM = {**dict.fromkeys(RELATIONS, 422), "anonymous": LOGIN}  # an empty form is refused
OWN_ACCOUNT_DONE = {**dict.fromkeys(RELATIONS, 302), "anonymous": LOGIN}  # done, back to My account
# Nobody's session has this id: a session not one's own (or none) does not exist for the asker.
NO_SUCH_SESSION = {**dict.fromkeys(RELATIONS, 404), "anonymous": LOGIN}
# Activation is for people not signed in yet: a made-up link, or no link in this browser, is refused
# the same to everyone (400), with the way to a new invitation (or a new reset link).
BAD_LINK = dict.fromkeys(RELATIONS, 400)
ADMIN_DONE = {**ADMIN_ONLY, "admin": 302}  # done, back to the user's page
# Forgot your password? is for anyone, signed in or not; an empty form is refused the same to all.
EMPTY_PUBLIC_FORM = dict.fromkeys(RELATIONS, 422)
# New recovery codes: for whoever has two-step sign-in (the administrator and the case managers here);
# anyone else is sent back to My account, which says there are none.
#                          anon   admin hub  dep  stC  stN  voC  voN  yp   oCM  oYP  same other
NEW_RECOVERY_CODES = row(LOGIN, 422, 422, 422, 302, 302, 302, 302, 302, 422, 302, 302, 302)

ROWS = {
    "auth.my_account": ("GET", "/account", OWN_ACCOUNT),
    "auth.end_session#post": ("POST", "/account/sessions/999999999/end", NO_SUCH_SESSION),
    "auth.end_other_sessions#post": ("POST", "/account/sessions/end-others", OWN_ACCOUNT_DONE),
    "auth.change_password#post": ("POST", "/account/password", OWN_ACCOUNT_FORM),
    "auth.open_activation": ("GET", "/activate/not-a-real-link", BAD_LINK),
    "auth.activate": ("GET", "/activate", BAD_LINK),
    "auth.activate#post": ("POST", "/activate", BAD_LINK),
    "auth.new_recovery_codes#post": ("POST", "/account/recovery-codes/new", NEW_RECOVERY_CODES),
    "auth.forgot_password": ("GET", "/password/forgot", PUBLIC),
    "auth.forgot_password#post": ("POST", "/password/forgot", EMPTY_PUBLIC_FORM),
    "auth.forgot_password_sent": ("GET", "/password/forgot/sent", PUBLIC),
    "auth.open_password_reset": ("GET", "/password/reset/not-a-real-link", BAD_LINK),
    "auth.reset_password": ("GET", "/password/reset", BAD_LINK),
    "auth.reset_password#post": ("POST", "/password/reset", BAD_LINK),
    "orgs.end_user_sessions#post": ("POST", "/admin/users/{user}/end-sessions", ADMIN_DONE),
    "orgs.invite_user#post": ("POST", "/admin/users/{user}/invite", ADMIN_DONE),
    "orgs.send_password_reset#post": ("POST", "/admin/users/{user}/send-password-reset", ADMIN_DONE),
}

"""CSRF: every non-GET needs the token, as a form field or (htmx) as the X-CSRFToken header."""

from __future__ import annotations

from flask.testing import FlaskClient


def _signed_in(client) -> bool:
    return client.get("/cases/").status_code == 200


def test_a_form_post_without_a_token_is_refused_and_changes_nothing(client, make):
    client.login(make.user("staff").email)

    response = client.post("/logout", csrf=False)

    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
    assert _signed_in(client), "a forged logout ended the session"


def test_a_form_post_with_the_token_in_the_form_works(client, make):
    client.login(make.user("staff").email)
    token = client.csrf_token()

    response = client.post("/logout", csrf=False, data={"csrf_token": token})

    assert response.status_code == 302
    assert not _signed_in(client)


def test_htmx_post_without_the_header_is_refused(client, make):
    client.login(make.user("staff").email)

    response = client.post("/logout", csrf=False, htmx=True)

    assert response.status_code == 400
    assert response.headers.get("HX-Retarget") == "#messages"  # the message goes to the message region
    assert _signed_in(client)


def test_htmx_post_with_a_wrong_token_is_refused(client, make):
    client.login(make.user("staff").email)

    response = client.post("/logout", htmx=True, headers={"X-CSRFToken": "not-the-token"})

    assert response.status_code == 400
    assert _signed_in(client)


def test_htmx_post_with_the_right_token_works(client, make):
    client.login(make.user("staff").email)

    response = client.post("/logout", htmx=True)  # SoffaClient sends the page's token as X-CSRFToken

    assert response.status_code == 302
    assert not _signed_in(client)


def test_a_token_from_another_browser_is_refused(app, client, make):
    user = make.user("staff")
    client.login(user.email)
    other: FlaskClient = app.test_client()
    other.login(user.email)

    response = client.post("/logout", headers={"X-CSRFToken": other.csrf_token()})

    assert response.status_code == 400
    assert _signed_in(client)


def test_sign_in_itself_needs_the_token(client, make):
    """Login CSRF: a foreign site must not sign the browser in to an account of its choosing."""
    user = make.user("staff")

    response = client.login(user.email, csrf=False)

    assert response.status_code == 400
    assert not _signed_in(client)

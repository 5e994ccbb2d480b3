"""Drive a sign-in: Soffa's side with the Flask test client, the provider's side over real HTTP."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit

import requests

SOFFA = "http://localhost/"


def through_provider(authorize_url: str, sub: str, **login) -> str:
    """Follow the provider's redirects, sign in `sub` at its interaction, return the URL back to Soffa."""
    http = requests.Session()
    url = authorize_url
    for _ in range(10):
        if url.startswith(SOFFA):
            return url
        if re.fullmatch(r"/interaction/[^/]+", urlsplit(url).path):
            url = f"{url}/login?{urlencode({'sub': sub, **login})}"
        answer = http.get(url, allow_redirects=False, timeout=10)
        assert answer.status_code in (302, 303), f"{url}: {answer.status_code} {answer.text[:500]}"
        url = urljoin(url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back to Soffa")


def start(client, name: str = "alpha"):
    response = client.get(f"/login/oidc/{name}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, sub: str, name: str = "alpha", **login):
    """The whole flow; returns Soffa's answer to the callback."""
    back = through_provider(start(client, name), sub, **login)
    return client.get(callback_path(back))

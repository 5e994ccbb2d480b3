"""A short name for the browser behind a session ("Firefox on Windows"), from its User-Agent header.

Only for people to recognise their own sessions on My account: the header is whatever the browser says,
so it proves nothing and decides nothing. Order matters, because browsers name their ancestors too
(Edge says "Chrome" and "Safari"; Chrome says "Safari").
"""

from __future__ import annotations

BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)
RAW_LIMIT = 40  # an unrecognised header is shown cut to this length


def _first(user_agent: str, table) -> str | None:
    return next((name for marker, name in table if marker in user_agent), None)


def describe(user_agent: str | None) -> str | None:
    """'Browser on system', one of the two, the start of an unknown header, or None when there is none."""
    user_agent = (user_agent or "").strip()
    if not user_agent:
        return None
    browser, system = _first(user_agent, BROWSERS), _first(user_agent, SYSTEMS)
    if browser and system:
        return f"{browser} · {system}"
    if browser or system:
        return browser or system
    return user_agent if len(user_agent) <= RAW_LIMIT else user_agent[: RAW_LIMIT - 1] + "…"

"""URLs are built once per process (portal/web/urls.py) and are still exactly Flask's: per mount point,
external ones with their host, query values and anchors included."""

from __future__ import annotations

from flask import Flask, url_for

CASES = [
    ("cases.overview", {"case_id": 7}),
    ("timeline.timeline", {"case_id": 7, "before": "abc", "kind": None, "org": 3}),
    ("timeline.timeline", {"case_id": 7, "_anchor": "entry-9"}),
    ("timeline.correct_entry", {"case_id": 7, "entry_id": 12}),
    ("static", {"filename": "css/soffa.css"}),
    ("cases.my_cases", {"after": 40}),
    ("cases.my_cases", {"tag": ["a", "b"]}),  # a list: not a key, built each time
]


def test_the_same_urls_as_flask_builds_twice_and_per_mount_point(app):
    for script_root in ("", "/soffa"):
        with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
            for endpoint, values in CASES:
                expected = Flask.url_for(app, endpoint, **values)
                assert expected.startswith(f"{script_root}/")
                assert url_for(endpoint, **values) == expected  # built
                assert url_for(endpoint, **values) == expected  # remembered


def test_external_urls_keep_their_host(app):
    with app.test_request_context("/", base_url="https://soffa.example.se"):
        assert url_for("cases.overview", case_id=7) == "/cases/7"
        assert url_for("cases.overview", case_id=7, _external=True) == "https://soffa.example.se/cases/7"
    with app.test_request_context("/", base_url="https://other.example.dk"):
        assert url_for("cases.overview", case_id=7, _external=True) == "https://other.example.dk/cases/7"

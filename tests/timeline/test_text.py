"""Notes are plain text: everything escaped, http(s) addresses made links, line breaks kept."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from portal.timeline.text import linkify

REL = 'rel="noopener noreferrer nofollow"'


def test_plain_text_is_escaped():
    assert linkify("<b>bold</b> & 'quoted' \"too\"") == (
        "&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39; &#34;too&#34;"
    )


def test_the_result_is_markup_so_jinja_does_not_escape_it_twice():
    assert isinstance(linkify("a & b"), Markup)
    assert isinstance(linkify(""), Markup) and linkify(None) == ""


def test_a_script_stays_text():
    out = linkify('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out


@pytest.mark.parametrize("scheme", ["http", "https", "HTTPS"])
def test_web_addresses_become_links(scheme):
    out = linkify(f"See {scheme}://skolverket.se/gymnasium?a=1&b=2 today")
    assert out == (
        f'See <a href="{scheme}://skolverket.se/gymnasium?a=1&amp;b=2" {REL}>'
        f"{scheme}://skolverket.se/gymnasium?a=1&amp;b=2</a> today"
    )


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/file",
        "www.example.org",
        "https://",
        "mailto:someone@example.org",
    ],
)
def test_nothing_but_http_and_https_becomes_a_link(text):
    assert "<a" not in linkify(text)


def test_a_javascript_address_hidden_before_an_http_one_is_not_part_of_the_link():
    out = linkify("javascript:https://example.org/x")
    assert 'href="https://example.org/x"' in out
    assert 'href="javascript' not in out


def test_an_address_cannot_break_out_of_its_attribute():
    out = linkify('https://example.org/"onmouseover="alert(1)')
    assert out.startswith(f'<a href="https://example.org/" {REL}>https://example.org/</a>')
    assert "&#34;onmouseover=&#34;alert(1)" in out


def test_angle_brackets_end_an_address():
    out = linkify("<https://example.org/a><script>")
    assert f'&lt;<a href="https://example.org/a" {REL}>https://example.org/a</a>&gt;&lt;script&gt;' == out


@pytest.mark.parametrize(
    ("text", "url", "after"),
    [
        ("Read https://example.org/page.", "https://example.org/page", "."),
        ("(see https://example.org/page)", "https://example.org/page", ")"),
        (
            "https://sv.wikipedia.org/wiki/Gymnasium_(Sverige)!",
            "https://sv.wikipedia.org/wiki/Gymnasium_(Sverige)",
            "!",
        ),
        ("Is it https://example.org/?", "https://example.org/", "?"),
    ],
)
def test_sentence_punctuation_after_an_address_is_not_part_of_it(text, url, after):
    out = linkify(text)
    assert f'<a href="{url}" {REL}>{url}</a>{after}' in out


def test_line_breaks_are_kept():
    assert linkify("one\r\ntwo\nthree\rfour") == "one<br>\ntwo<br>\nthree<br>\nfour"


def test_several_links_and_text_between_them():
    out = linkify("a https://a.se b\nhttps://b.se")
    assert (
        out
        == f'a <a href="https://a.se" {REL}>https://a.se</a> b<br>\n<a href="https://b.se" {REL}>https://b.se</a>'
    )

"""Printed values escaped to plain text (portal/web/template_output.py) make the same pages as Jinja's own
escape(): every kind of value, in every place a template prints one."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, UndefinedError
from markupsafe import Markup, escape

from portal.web.template_output import EscapedTextOutput, TemplateEnvironment, escaped_text


class RendersItself:
    def __html__(self):
        return "<b>trusted</b>"

    def __str__(self):
        return "<i>not used</i>"


class PrintsMarkupLike:
    def __str__(self):
        return "<script>alert(\"x\")</script> & 'quotes'"


VALUES = [
    "plain words",
    "<script>alert(\"x\")</script> & 'quotes'",
    "åäö æø <ü>",
    "",
    Markup("<em>already safe</em> &amp;"),
    RendersItself(),
    PrintsMarkupLike(),
    42,
    3.5,
    None,
    True,
    ["<a>", Markup("<b>")],
    {"<k>": "<v>"},
]

TEMPLATES = {
    "print": "{{ value }}|{{ value ~ '<' }}|{{ value|string }}|{{ value|safe }}|{{ '<b>' }}",
    "macro": (
        "{% macro show(v) %}<p>{{ v }}</p>{% endmacro %}"
        "{{ show(value) }}|{% set block %}<q>{{ value }}</q>{% endset %}{{ block }}|{{ block|length }}"
    ),
    "caller": (
        "{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}{% call wrap() %}{{ value }}&{% endcall %}"
    ),
    "loop": "{% for v in [value, '<x>', value] %}{{ loop.index }}:{{ v }};{% endfor %}",
    "autoescape_off": "{% autoescape false %}{{ value }}{% endautoescape %}|{{ value }}",
    "autoescape_volatile": "{% autoescape flag %}{{ value }}{% endautoescape %}|{{ value }}",
    "include": "{% include 'print' %}",
}


class Ours(EscapedTextOutput, Environment):
    """A plain Jinja environment with the portal's output (Flask's needs an app)."""


def _environment(environment_class) -> Environment:
    return environment_class(loader=DictLoader(TEMPLATES), autoescape=True)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__ + ":" + str(v)[:12])
@pytest.mark.parametrize("flag", [True, False])
def test_pages_are_those_of_jinjas_own_escaping(name, value, flag):
    ours = _environment(Ours).get_template(name).render(value=value, flag=flag)
    jinjas = _environment(Environment).get_template(name).render(value=value, flag=flag)
    assert ours == jinjas


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__ + ":" + str(v)[:12])
def test_escaped_text_holds_what_escape_holds_as_plain_text(value):
    text = escaped_text(value)
    assert str(text) == str(escape(value))
    if not hasattr(value, "__html__"):
        assert type(text) is str  # no Markup made: the point of it


def test_a_missing_value_prints_nothing_and_a_strict_one_still_fails():
    assert _environment(Ours).from_string("[{{ missing }}]").render() == "[]"
    strict = Ours(autoescape=True, undefined=StrictUndefined)
    with pytest.raises(UndefinedError):
        strict.from_string("{{ missing }}").render()


def test_templates_without_autoescaping_print_values_as_they_are():
    plain = Ours(autoescape=False)
    assert plain.from_string("{{ value }}").render(value="<b>&") == "<b>&"


def test_the_portal_compiles_printed_values_to_escaped_text(app):
    """The wiring: without it the comparisons above would still pass, on Jinja's own code."""
    assert isinstance(app.jinja_env, TemplateEnvironment)
    assert "environment.escaped_text(" in app.jinja_env.compile("{{ value }}", raw=True)
    assert isinstance(app.jinja_env.overlay(autoescape=False), TemplateEnvironment)  # the mail's text parts

"""Escaping what a template prints, without making a Markup object of each value on the way out.

With autoescaping, Jinja compiles `{{ value }}` to `escape(value)`: markupsafe escapes the text in C, then
wraps it in a Markup object (a Python __new__ per value) only for it to be joined into the page's string
at once. A timeline page prints about 400 values, My cases as many: the wrapping was 4-8 % of their time.
Here the compiled templates call `escaped_text`, which escapes by the same rules (the same C function, an
object's own __html__ trusted as markupsafe trusts it) and returns the plain text, which is all the
output needs. Everything else (macros and `{% set %}` blocks returning Markup, `|safe`, filters, the
`{% autoescape %}` tag, templates that do not autoescape) is compiled by Jinja's own code.

Jinja offers this as Environment.code_generator_class; _output_child_pre is the step of its code
generator that writes what wraps a printed value. tests/platform/test_template_output.py renders values
of every kind with both generators and compares the pages, so a change in either library shows there.
"""

from __future__ import annotations

from flask.templating import Environment
from jinja2.compiler import CodeGenerator

# markupsafe's C escaping of a str, the function its escape() calls; not re-exported, so imported from its
# module. Where it is missing (a pure-Python build), escape() does the same, wrapped.
try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - every wheel of markupsafe 3 for CPython has the C module
    from markupsafe import escape as _escape_markup

    def _escape_inner(text: str) -> str:
        return str(_escape_markup(text))


def escaped_text(value) -> str:
    """What markupsafe.escape(value) holds, as a plain str (a value that renders itself, Markup among them,
    is passed on as its __html__ gives it)."""
    if value.__class__ is str:  # most printed values: no __html__ to look up
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:  # Markup, or an object that renders itself: trusted, as markupsafe trusts it
        return html()
    return _escape_inner(str(value))


class _PlainOutputGenerator(CodeGenerator):
    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            # `environment` is a global of every compiled template (Jinja's own code calls its getattr).
            self.write("environment.escaped_text(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)


class EscapedTextOutput:
    """Mixed into a Jinja environment: its templates print values through escaped_text."""

    code_generator_class = _PlainOutputGenerator
    escaped_text = staticmethod(escaped_text)


class TemplateEnvironment(EscapedTextOutput, Environment):
    """Flask's template environment, with printed values escaped to plain text."""

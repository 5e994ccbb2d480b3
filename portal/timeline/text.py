"""Notes are plain text: everything is escaped, http(s) addresses become links, line breaks stay.

Nothing else is rendered (no Markdown, no HTML): what a partner types is shown exactly as typed, so a
pasted script or tag is text on every reader's screen.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Only http and https: a "javascript:" or "data:" address can never become a link, because the pattern
# never matches it. Whitespace, quotes and angle brackets end an address.
URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
# Punctuation that usually ends the sentence around an address rather than the address itself.
TRAILING = ".,;:!?"


def _split_trailing(url: str) -> tuple[str, str]:
    """ "https://x.se/a)." -> ("https://x.se/a", ")."): a ")" stays only when the address opened one."""
    end = len(url)
    while end > 0 and (url[end - 1] in TRAILING or _unbalanced_close(url[:end])):
        end -= 1
    return url[:end], url[end:]


def _unbalanced_close(url: str) -> bool:
    return url.endswith(")") and url.count("(") < url.count(")")


def _link(url: str) -> Markup:
    return Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>').format(url)


def linkify(text: str | None) -> Markup:
    """Escape `text`, turn http(s) addresses into links and line breaks into <br>."""
    if not text:
        return Markup("")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "://" not in text:  # most notes hold no address: no search, one escape
        return escape(text).replace("\n", Markup("<br>\n"))
    parts: list[Markup] = []
    position = 0
    for match in URL.finditer(text):
        url, rest = _split_trailing(match.group(0))
        parts.append(escape(text[position : match.start()]))
        # An address that is only a scheme ("https://") is not a link.
        parts.append(_link(url) if len(url) > url.index("://") + 3 else escape(url))
        parts.append(escape(rest))
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts).replace("\n", Markup("<br>\n"))

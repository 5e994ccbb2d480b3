"""URLs built once per process: Flask's url_for with a memo of the paths it has built.

A page builds 15-20 URLs (navigation, case tabs, forms, the links of each entry). Werkzeug builds each by
matching the endpoint's rule and converting its values again, about 10 µs a URL: 5 % of a case page. A path
depends only on the endpoint, the values and the mount point (script root): the same arguments give the
same path for as long as the process runs, so the built paths are kept (a bounded number of them).

Left to Flask as they are: external URLs (mail, SMS: host and scheme), URLs relative to the current
blueprint (".name"), anything built outside a request, and values that cannot be a dictionary key.
"""

from __future__ import annotations

from flask import Flask
from flask.globals import _cv_request

KEEP = 20_000  # paths; a region's case pages build a few per case


class MemoisedUrls(Flask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._built_paths: dict[tuple, str] = {}

    def url_for(self, endpoint: str, /, **values) -> str:
        context = _cv_request.get(None)
        if (
            context is None
            or endpoint[:1] == "."
            or values.get("_external")
            or values.get("_scheme") is not None
        ):
            return super().url_for(endpoint, **values)
        try:
            key = (context.request.script_root, endpoint, *sorted(values.items()))
            path = self._built_paths.get(key)
        except TypeError:  # a value that cannot be a key (a list of query values): built each time
            return super().url_for(endpoint, **values)
        if path is None:
            path = super().url_for(endpoint, **values)
            if len(self._built_paths) >= KEEP:
                self._built_paths.clear()  # rare; starting over is cheaper than keeping an order of use
            self._built_paths[key] = path
        return path

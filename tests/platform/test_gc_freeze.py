"""A warm worker freezes what it has built, once per mark, after the response has gone out."""

from __future__ import annotations

import gc

import pytest
from flask import Flask

from portal.web.gc_freeze import freeze_when_warm


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # leave the rest of the run as it found it


def test_freezes_at_each_mark_after_the_response_is_closed(unfrozen, monkeypatch):
    freezes = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (freezes.append(len(freezes)), real_freeze()))
    app = Flask(__name__)
    app.add_url_rule("/", "page", lambda: "ok")
    freeze_when_warm(app, at=(2, 4))
    client = app.test_client()
    when = []
    for number in range(1, 6):
        response = client.get("/")
        before_close = len(freezes)
        response.close()  # the server closes the body after sending it: the freeze happens here
        when.append((number, before_close, len(freezes)))
    assert when == [(1, 0, 0), (2, 0, 1), (3, 1, 1), (4, 1, 2), (5, 2, 2)]
    assert gc.get_freeze_count() > 0


def test_garbage_is_collected_before_the_freeze(unfrozen):
    app = Flask(__name__)
    app.add_url_rule("/", "page", lambda: "ok")
    freeze_when_warm(app, at=(1,))

    class Node:
        pass

    cycle = Node()
    cycle.self = cycle
    del cycle  # unreachable, held only by its own reference: only the collector frees it
    client = app.test_client()
    client.get("/").close()
    assert not any(type(o).__name__ == "Node" and o.__module__ == __name__ for o in gc.get_objects())
    gc.unfreeze()
    assert not any(type(o).__name__ == "Node" and o.__module__ == __name__ for o in gc.get_objects())

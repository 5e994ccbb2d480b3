"""A timeline row's leading values fill an EntryView by position (portal/timeline/queries.py): the
statement's first columns must be the view's first fields, in the same order, for every reader's rule."""

from __future__ import annotations

from dataclasses import fields

import pytest

from portal.policy.visibility import EntryRule
from portal.timeline.entry_views import EntryView
from portal.timeline.queries import LEADING_FIELDS, entries_select


@pytest.mark.parametrize("rule", list(EntryRule))
def test_the_leading_columns_are_the_views_leading_fields(rule):
    columns = [column.name for column in entries_select(rule).selected_columns]
    names = [field.name for field in fields(EntryView)]
    assert columns[:LEADING_FIELDS] == names[:LEADING_FIELDS]
    # What follows in the view is worked out from the rest of the row, not read from it by position.
    assert names[LEADING_FIELDS] == "redaction"
    assert not set(columns[LEADING_FIELDS:]) & set(names)

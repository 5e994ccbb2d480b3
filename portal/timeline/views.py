"""The timeline of a case: one stream of entries, newest first, in pages; notes added in place.

Which entries a reader sees is decided by visibility.entry_rule (through the queries) and nowhere
here. One URL gives the page or, for htmx, its fragment: without a cursor the list (after a filter
change), with a cursor the next page's entries (appended by "show more").
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.policy import Action, CaseAccess, can, current_actor, requires, reveal
from portal.policy.visibility import allowed_visibilities, may_correct, may_share_with_young_person
from portal.timeline import cursor, queries, services
from portal.timeline.blank_form import blank_note_fields
from portal.timeline.display import entry_displays
from portal.timeline.entry_views import Filters, WrittenEntry
from portal.timeline.forms import FilterForm, NoteForm, RedactionForm, optional_int
from portal.timeline.labels import KIND_LABELS
from portal.timeline.text import linkify
from portal.validation import InvalidInput
from portal.web.events import Event
from portal.web.htmx import is_htmx, render_page_or_fragment

bp = Blueprint("timeline", __name__, url_prefix="/cases/<int:case_id>/timeline")
bp.add_app_template_filter(linkify, "linkify")


@bp.route("")
@requires(Action.TIMELINE_VIEW, case_arg="case_id")
def timeline(case_id: int, access: CaseAccess):
    filters = _filters()
    page = queries.timeline_page(access, filters)
    shown = entry_displays(access, page.entries, _correctable(access, page.entries))
    context = {
        "access": access,
        "case": access.case,
        "entries_page": replace(page, entries=shown),
        "filters": filters,
        "in_place": True,
    }
    if not is_htmx():
        # The filters are opened on demand (GET /filters below); a page with filters in use shows them open.
        asked = request.args.get("filters") == "open"
        context["filters_open"] = filters.kind or filters.organisation_id is not None or asked
        if context["filters_open"]:
            context["filter_form"] = _filter_form(access, request.args)
        if can(Action.ENTRY_ADD, access):
            context.update(_note_context(access, form=None), in_place=True)
    # htmx: with a cursor, the next entries ("show more" appends them); without, the list (a filter change).
    fragment = "timeline/_entries.html" if filters.before is not None else "timeline/_list.html"
    return render_page_or_fragment("timeline/timeline.html", fragment, **context)


@bp.route("/filters")
@requires(Action.TIMELINE_VIEW, case_arg="case_id")
def filters(case_id: int, access: CaseAccess):
    """The filter form, loaded when the reader opens "Filter": its organisation choices cost a query that
    most views of the timeline do not need. Without JavaScript, the timeline with the filters open."""
    if not is_htmx():
        return redirect(url_for("timeline.timeline", case_id=case_id, filters="open"))
    return render_template(
        "timeline/_filters.html", case=access.case, filter_form=_filter_form(access, formdata=None)
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(Action.ENTRY_ADD, case_arg="case_id")
def new_entry(case_id: int, access: CaseAccess):
    """Add a note. The timeline page posts here with htmx; this page is also the way in for writers who
    may not read the timeline (staff without the timeline consent write to the case manager)."""
    if request.method == "GET":
        return _render_note_form(access, form=None)
    form = _note_form(access)
    if form.validate():
        try:
            entry = services.add_note(current_actor(), access, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            return _after_note(access, entry)
    return _render_note_form(access, form, status=422)


@bp.route("/<int:entry_id>/correct", methods=["GET", "POST"])
@requires(Action.ENTRY_ADD, case_arg="case_id")
def correct_entry(case_id: int, entry_id: int, access: CaseAccess):
    original = queries.visible_entry(access, entry_id) or abort(404)  # not visible: does not exist for them
    if not may_correct(access, original):
        abort(403)  # visible, but not theirs to correct
    reveal(access, Action.TIMELINE_VIEW)  # the page shows the entry being corrected
    if request.method == "GET":
        defaults = {
            "kind": original.kind,
            "channel": original.channel or "",
            "shared_with_young_person": original.shared_with_young_person,
        }
        if original.visibility in {v.value for v in allowed_visibilities(access)}:
            defaults["visibility"] = original.visibility
        form = _note_form(access, formdata=None, **defaults)
        return render_template("timeline/correct.html", **_entry_page(access, original, form))
    form = _note_form(access)
    if form.validate():
        try:
            entry = services.correct_entry(current_actor(), access, original, form.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("Your correction was added."), "success")
            return _redirect_to_entry(access, entry.id)
    return render_template("timeline/correct.html", **_entry_page(access, original, form)), 422


@bp.route("/<int:entry_id>/redact", methods=["GET", "POST"])
@requires(Action.ENTRY_REDACT, case_arg="case_id")
def redact_entry(case_id: int, entry_id: int, access: CaseAccess):
    entry = queries.visible_entry(access, entry_id) or abort(404)
    reveal(access, Action.TIMELINE_VIEW)  # the page shows the entry being removed
    if request.method == "GET":
        form = RedactionForm(formdata=None)
        return render_template("timeline/redact.html", **_entry_page(access, entry, form))
    form = RedactionForm()
    if form.validate():
        try:
            services.redact_entry(current_actor(), access, entry.id, form.reason.data)
        except InvalidInput as error:
            error.attach_to(form)
        else:
            flash(_("The content of the entry was removed."), "success")
            return _redirect_to_entry(access, entry.id)
    return render_template("timeline/redact.html", **_entry_page(access, entry, form)), 422


def _filters() -> Filters:
    """Filters and cursor from the query string; anything malformed is refused with 400 (ignoring a bad
    cursor would restart at the newest entry, and "show more" would append the first page again).

    Read here rather than through FilterForm: every view of the timeline reads them, and building the
    form cost more than reading the page's 25 entries. The form is built only to be shown (_filter_form).
    """
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KIND_LABELS:
        abort(400)
    try:
        organisation_id = optional_int(request.args.get("org"))
        token = request.args.get("before")
        before = cursor.decode(token) if token else None
    except ValueError:  # not a number, or cursor.BadCursor
        abort(400)
    return Filters(kind, organisation_id, before)


def _filter_form(access: CaseAccess, formdata) -> FilterForm:
    form = FilterForm(formdata)
    form.set_organisations(queries.author_organisations(access))
    return form


def _note_form(access: CaseAccess, **kwargs) -> NoteForm:
    allowed = allowed_visibilities(access)
    if allowed:
        kwargs.setdefault("visibility", allowed[0].value)  # the most private is the default
    form = NoteForm(**kwargs)
    form.set_choices(allowed)
    return form


def _note_context(access: CaseAccess, form: NoteForm | None) -> dict:
    """form None: an empty form, its fields ready-made (blank_form.py)."""
    return {
        "access": access,
        "case": access.case,
        "note_form": form,
        "blank_note_fields": blank_note_fields(access) if form is None else None,
        "may_share": may_share_with_young_person(access),
        "in_place": is_htmx(),  # a form that came through htmx keeps working in place
    }


def _render_note_form(access: CaseAccess, form: NoteForm | None, status: int = 200):
    return render_page_or_fragment(
        "timeline/new_entry.html", "timeline/_note_form.html", status=status, **_note_context(access, form)
    )


def _after_note(access: CaseAccess, entry: WrittenEntry):
    """htmx: a fresh form, and the new entry put at the top of the list; otherwise back to a page."""
    entry_id = entry.id
    may_read = can(Action.TIMELINE_VIEW, access)
    confirmation = _("Your note was added.") if may_read else _("Your note was sent to the case manager.")
    if not is_htmx():
        flash(confirmation, "success")
        return _redirect_to_entry(access, entry_id)
    context = _note_context(access, form=None)
    if reveal(access, Action.TIMELINE_VIEW):  # the answer shows the new entry: a read, logged
        # Shown from what was just written, not read back: the author of a note always sees it (every
        # EntryRule that reads the timeline includes one's own entries) and a new note has no corrections.
        author = current_user.organisation
        added = queries.written_entry(entry, current_user.name, author.name if author else None)
        context["added"] = entry_displays(access, [added], _correctable(access, [added]))[0]
    else:
        context["confirmation"] = confirmation
    return render_page_or_fragment(
        "timeline/new_entry.html",
        "timeline/_note_added.html",
        trigger=[Event.TIMELINE_CHANGED],
        **context,
    )


def _redirect_to_entry(access: CaseAccess, entry_id: int):
    if not can(Action.TIMELINE_VIEW, access):
        # Writing to the case manager does not open the timeline: confirm on the small page instead.
        return redirect(url_for("timeline.new_entry", case_id=access.case.id))
    return redirect(url_for("timeline.timeline", case_id=access.case.id, _anchor=f"entry-{entry_id}"))


def _entry_page(access: CaseAccess, entry, form) -> dict:
    """The correction and redaction pages: the entry concerned, then the form."""
    return {
        "access": access,
        "case": access.case,
        "entry": entry_displays(access, [entry], correctable=set())[0],
        "form": form,
        "may_share": may_share_with_young_person(access),
    }


def _correctable(access: CaseAccess, entries) -> set[int]:
    return {e.id for e in entries if e.redaction is None and may_correct(access, e)}

"""Application factory: extensions, blueprints, error handlers, CLI and template globals."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request, url_for

from config import BASE_DIR, config_for
from portal.web.template_output import TemplateEnvironment
from portal.web.urls import MemoisedUrls

log = logging.getLogger("soffa")


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = MemoisedUrls(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.jinja_environment = (
        TemplateEnvironment  # printed values escaped to plain text (its docstring says why)
    )
    config_class = config_for(config_name)
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.validate(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).parent.mkdir(exist_ok=True)

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    _init_extensions(app)
    _register_blueprints(app)
    _register_request_cycle(app)
    _register_templates(app)
    _register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    import portal.models  # noqa: F401 - registers every table before migrations or queries need them
    from portal.auth.sessions import load_session_user
    from portal.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
    from portal.i18n import select_locale, select_timezone
    from portal.idle_ping import ping_after_idle
    from portal.sqlite_checkpoints import checkpoint_in_background

    db.init_app(app)
    with app.app_context():
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            checkpoint_in_background(app, db.engine)  # the log is copied out of the requests' way
        else:
            # A pooled PostgreSQL connection may have been dropped (a restart, a proxy's idle timeout): one
            # that sat idle is tested before use (portal/idle_ping.py). A SQLite file cannot drop one.
            ping_after_idle(db.engine, app.config["DB_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.request_loader(lambda _request: load_session_user())
    login_manager.unauthorized_handler(_unauthorized)


def _unauthorized():
    from flask import redirect

    from portal.web.htmx import is_htmx, redirect_for_htmx

    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if is_htmx():
        # An expired session on an htmx call: reload into the sign-in page, never swap it into a region.
        return redirect_for_htmx(url_for("auth.login"), status=401)
    return redirect(login_url)


def _register_blueprints(app: Flask) -> None:
    from portal.auth.views import bp as auth_bp
    from portal.cases.contacts.views import bp as contacts_bp
    from portal.cases.views import bp as cases_bp
    from portal.meetings.views import bp as meetings_bp
    from portal.orgs.views import bp as orgs_bp
    from portal.plans.views import bp as plans_bp
    from portal.timeline.views import bp as timeline_bp
    from portal.web.views import bp as web_bp
    from portal.youth.views import bp as youth_bp

    blueprints = (
        web_bp,
        auth_bp,
        cases_bp,
        orgs_bp,
        plans_bp,
        contacts_bp,
        timeline_bp,
        meetings_bp,
        youth_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def _register_request_cycle(app: Flask) -> None:
    from portal.audit.access_log import keep_after_rollback
    from portal.extensions import db
    from portal.outbox import relay
    from portal.web.errors import register_error_handlers, render_error
    from portal.web.headers import apply_security_headers

    register_error_handlers(app)
    # after_request functions run last-registered first: commit, then headers on whatever the answer is.
    app.after_request(apply_security_headers)

    @app.after_request
    def commit_once(response):
        """One commit per request, after the view has built its answer and before it leaves.

        An error answer rolls back. A failed commit (e.g. the access-log write) replaces the
        answer with an error page, so no case data leaves without its log row.
        """
        # 401 also commits: it is how a sign-in ends (an expired session row must be saved as ended).
        if response.status_code >= 400 and response.status_code != 401:
            db.session.rollback()
            try:
                keep_after_rollback()
            except Exception:
                db.session.rollback()
                log.exception("access log write failed; the answer is withheld")
                return app.make_response(render_error(500))
            return response
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("commit failed; the answer is withheld")
            return app.make_response(render_error(500))
        # Only now may outbox messages leave: hand what this request emitted to the queue (never raises).
        relay.after_commit()
        return response


def _register_templates(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, get_locale

    from portal import template_i18n
    from portal.cases.labels import label
    from portal.policy import Action, can
    from portal.web.csrf_tokens import csrf_token
    from portal.web.navigation import main_nav

    app.jinja_env.globals.update(
        can=can,
        Action=Action,
        csrf_token=csrf_token,  # signed once per session (portal/web/csrf_tokens.py)
        get_locale=get_locale,
        label=template_i18n.per_page(label),
        main_nav=main_nav,
    )
    # Flask-WTF also hands its generate_csrf to every template through a context processor; this later one
    # takes its place.
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime)
    template_i18n.install(app)  # the same, resolved once per page (portal/template_i18n.py)

    app.jinja_env.autoescape = True


def _register_cli(app: Flask) -> None:
    from portal.commands import register_commands

    register_commands(app)

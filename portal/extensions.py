"""Bare extension objects; create_app() binds them. Import from here, never construct elsewhere."""

from authlib.integrations.flask_client import OAuth
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx

from portal.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
# No default limits: only the routes that need one (sign-in) carry a limit.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# OpenID providers are registered from the configuration by portal/auth/oidc.py.
oauth = OAuth()

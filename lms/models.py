"""Every model, imported in one place so Alembic and the tests see the whole schema."""
from .auth.models import AccountToken, LoginAttempt, Organisation, User, UserRole
from .learning.models import ModuleProgress

__all__ = ["AccountToken", "LoginAttempt", "ModuleProgress", "Organisation", "User", "UserRole"]

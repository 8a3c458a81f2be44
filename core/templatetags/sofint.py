"""The template filters for amounts, shares, dates and Markdown: they only register `core.formatting`.

Registered as a builtin (settings TEMPLATES), so no template needs `{% load %}`.
"""

from django import template

from core import formatting
from core.markdown import render_markdown
from core.roles import user_has_admin_role

register = template.Library()

register.filter("kr", formatting.kr)
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("isodate", formatting.isodate)
register.filter("markdown", render_markdown)


@register.filter
def can_use_admin(user) -> bool:
    """Tell whether `user` may enter the admin: Django staff, or a role whose work is there (core.sites)."""
    return bool(getattr(user, "is_active", False) and (user.is_staff or user_has_admin_role(user)))

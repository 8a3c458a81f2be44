"""The template filters for amounts, shares, dates and Markdown: they only register `core.formatting`.

Registered as a builtin (settings TEMPLATES), so no template needs `{% load %}`.
"""

from django import template

from core import formatting
from core.markdown import render_markdown
from core.roles import can_use_admin

register = template.Library()

register.filter("kr", formatting.kr)
register.filter("kr_or_missing", formatting.kr_or_missing)
register.filter("number", formatting.number)
register.filter("file_size", formatting.file_size)
register.filter("percent", formatting.percent)
register.filter("isodate", formatting.isodate)
register.filter("or_empty", formatting.or_empty)
register.filter("period", formatting.period)
register.filter("markdown", render_markdown)

register.filter("can_use_admin", can_use_admin)

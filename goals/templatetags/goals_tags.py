"""A goal's wording in a list: Markdown, sanitised, without the paragraph around a one-line goal."""

import re

from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown

register = template.Library()

_ONE_PARAGRAPH = re.compile(r"^<p>(?P<inner>(?:(?!</?p>).)*)</p>$", re.DOTALL)


@register.filter
def goal_text(text: str) -> str:
    """Render `text` as safe Markdown; a single paragraph loses its <p>, so it sits in a list item as written."""
    html = str(render_markdown(text)).strip()
    match = _ONE_PARAGRAPH.match(html)
    return mark_safe(match["inner"] if match else html)  # noqa: S308 - render_markdown has sanitised it

"""The attainment badge: a colour, an icon and a word, so colour is never the only signal."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def attainment_badge(attainment) -> str:
    """Render one goal's attainment as a badge (written in Python: the matrix shows hundreds)."""
    return format_html(
        '<span class="attain attain-{colour}" title="{colour_label}: {label}">'
        '<i class="bi bi-{icon}" aria-hidden="true"></i> {label}'
        '<span class="visually-hidden"> ({colour_lower})</span></span>',
        colour=attainment.colour,
        colour_label=attainment.colour_label,
        label=attainment.label,
        icon=attainment.icon,
        colour_lower=str(attainment.colour_label).lower(),
    )

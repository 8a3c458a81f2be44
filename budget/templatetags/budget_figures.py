"""Amounts that may be missing: "uppgift saknas" for a figure not given, "minst"/"högst" for a total of some.

`{% load budget_figures %}` in the budget's tables (page, admin, plan blocks):
`{{ line.amount|kr_or_missing }}`, `{{ summary.costs_total|kr_or_missing|at_least:summary.costs_partial }}`.
"""

from django import template

from budget import figures

register = template.Library()

register.filter("number_or_missing", figures.number_or_missing)
register.filter("percent_or_missing", figures.percent_or_missing)


@register.filter
def at_least(text: str, partial: bool) -> str:
    """Prefix "minst" when the total shown leaves out figures not given (a lower bound)."""
    return figures.bounded(text, figures.AT_LEAST if partial else "")


@register.filter
def at_most(text: str, partial: bool) -> str:
    """Prefix "högst" when the figure shown is an upper bound (a result with costs not given)."""
    return figures.bounded(text, figures.AT_MOST if partial else "")

"""The publishing panel on an adopted plan's page: whether it is public, and the förbundschef's buttons."""

from django import template

from ..permissions import can_publish
from ..selectors import plan_publication

register = template.Library()


@register.inclusion_tag("publishing/_plan_panel.html", takes_context=True)
def plan_publishing_panel(context, plan):
    """Say whether the adopted `plan` is on the open web; offer to publish or withdraw it (one query)."""
    user = context["request"].user
    return {"plan": plan, "publication": plan_publication(plan), "can_publish": can_publish(user)}

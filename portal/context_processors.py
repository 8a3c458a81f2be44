from django.utils.functional import SimpleLazyObject

from governance.selectors import organisation_get


def organisation(request):
    """Give every template the förbund's profile, fetched only if a template uses it."""
    return {"organisation": SimpleLazyObject(organisation_get)}

"""Keys that users type or tamper with: whether a field can hold a sent value, before the database is asked."""

from django.core.exceptions import ValidationError


def holds(field, value) -> bool:
    """Return whether the model field `field` can hold `value` as sent (a key typed in a URL or a form)."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True

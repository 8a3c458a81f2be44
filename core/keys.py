"""Keys that users type or tamper with: a key its table cannot hold never reaches the database.

Django asks the database about sent keys in two places where a key the column cannot
hold ("x", or a number past 64 bits) raised a 500 instead of a field error: the admin's
autocomplete widgets, which look the sent values up to show a refused form again, and
`ModelMultipleChoiceField`, which filters by all sent keys at once (SQLite overflows).
"""

from django import forms
from django.contrib.admin import options, widgets
from django.core.exceptions import ValidationError


def holds(field, value) -> bool:
    """Return whether the model field `field` can hold `value` as sent (a key typed in a URL or a form)."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


def _holdable(db_field, value) -> bool:
    remote = db_field.remote_field
    opts = remote.model._meta
    return holds(opts.get_field(getattr(remote, "field_name", None) or opts.pk.name), value)


class _HoldableValuesMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if _holdable(self.field, v)], attr)


class KeyedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuse, as Django refuses a key that is no number, a key the table's column cannot hold."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or self.queryset.model._meta.pk.name)
        for sent in value if isinstance(value, list | tuple | set | frozenset) else ():
            if not isinstance(sent, list | dict) and not holds(key, sent):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": sent}
                )
        return super()._check_values(value)


class AutocompleteSelect(_HoldableValuesMixin, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_HoldableValuesMixin, widgets.AutocompleteSelectMultiple):
    pass


def install() -> None:
    """Make every ModelAdmin and inline build these widgets for its `autocomplete_fields`."""
    # The admin's module names the widgets it builds; replacing the names there covers every admin and inline.
    options.AutocompleteSelect = AutocompleteSelect
    options.AutocompleteSelectMultiple = AutocompleteSelectMultiple

"""No lost update, and nothing changed after adoption: the two refusals every editable row shares.

**Stale writes.** Every row that two people may edit at once carries a `revision`
(`Revisioned`). A form carries the revision it was opened at (`RevisionFormMixin`, a
hidden field). The service that writes the row calls `revision_claim()` inside its
transaction: the stored row is locked, a write based on any other revision (or on a row
that is gone) is refused with `StaleWriteError`, and the row gets its next revision, so
a form opened before this write is refused after it. The error carries the stored row;
`stale_write_message()` says, in one shape for every app, what is saved and what was sent.

**Adopted documents.** What the board has adopted (a budget, a plan) is locked. Each such
model has one predicate, `is_adopted`; its service checks the stored row under a lock and
raises a subclass of `DocumentLockedError`. Views, the admin, the import and the
permissions reuse that check; a `DocumentLockedError` or `StaleWriteError` that reaches
no view is answered with a Swedish 409 by `core.middleware.ConflictMiddleware`.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import formatting

RELOAD = gettext_lazy("Ladda om sidan och gör om din ändring. Ingenting av det du skickade har sparats.")


class Revisioned(models.Model):
    """A row that two people may edit at once: every write raises its revision (see `revision_claim`)."""

    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True


class DocumentLockedError(ValidationError):
    """Raised for any change to a document the board has adopted (fastställt); subclassed per document."""

    def __init__(self, message, code="locked", params=None):
        super().__init__(message, code=code, params=params)


class StaleWriteError(ValidationError):
    """Raised when a row was changed or deleted by someone else since the form that writes it was opened.

    `current` is the row as stored now (None when it is gone); `row` is the one that was sent.
    """

    def __init__(self, *, row: models.Model, current: models.Model | None):
        if current is None:
            message = _("%(row)s togs bort av någon annan medan du redigerade.") % {"row": _row_label(row)}
        else:
            message = _("%(row)s ändrades av någon annan medan du redigerade.") % {"row": _row_label(row)}
        super().__init__(message, code="conflict")
        self.row = row
        self.current = current


def _row_label(row: models.Model) -> str:
    return capfirst(str(row._meta.verbose_name))


def revision_claim(row: Revisioned, *, expected_revision: int | None) -> Revisioned | None:
    """Lock the stored `row`, refuse a write based on another revision, and set the row's next revision.

    Call it inside the writing service's transaction, after locking whatever the row
    belongs to (lock parents before rows, in that order on every path, so that two saves
    never deadlock). Return the stored row, or None for a new one. With
    `expected_revision=None` (a write that does not start from a form: the shell, an
    import) the row is locked and its revision raised, but not compared.
    """
    if row.pk is None:
        row.revision = 1
        return None
    stored = type(row)._base_manager.select_for_update(of=("self",)).filter(pk=row.pk).order_by().first()
    if stored is None:
        if expected_revision is not None:
            raise StaleWriteError(row=row, current=None)
        row.revision = 1
        return None
    if expected_revision is not None and stored.revision != expected_revision:
        raise StaleWriteError(row=row, current=stored)
    row.revision = stored.revision + 1
    return stored


def shown_value(field: models.Field, value) -> str:
    """Write a stored or sent value as the conflict message shows it: amounts in kronor, text quoted."""
    if value is None or value == "":
        return "–"
    if isinstance(value, models.Model):
        return f"”{value}”"
    if field.choices:
        return f"”{dict(field.flatchoices).get(value, value)}”"
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(field, models.BigIntegerField | models.PositiveBigIntegerField):  # amounts, in whole kronor
        return formatting.kr(value)
    if isinstance(field, models.DateField):
        return formatting.isodate(value)
    if isinstance(field, models.CharField | models.TextField):
        text = str(value)
        return f"”{text if len(text) <= 60 else text[:59] + '…'}”"
    return str(value)


def stale_write_message(*, error: StaleWriteError, sent: Mapping[str, object], deleting: bool = False) -> str:
    """Say that the row changed under the user, each saved value next to the one they sent.

    `sent` maps field names to what the user sent (a form's cleaned_data); fields that are
    not the row's own, and the revision itself, are passed over.
    """
    current = error.current
    if current is None:
        return f"{error.message} {RELOAD}"
    differences = []
    for name, value in sent.items():
        if name == "revision":  # the counter itself says nothing to the user
            continue
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form's own fields, such as DELETE
            continue
        if field.primary_key or field.many_to_many or field.one_to_many:
            continue
        saved = getattr(current, name)
        if getattr(saved, "pk", saved) == getattr(value, "pk", value):
            continue
        differences.append(
            _("%(field)s: sparat %(saved)s, du skickade %(sent)s")
            % {
                "field": capfirst(field.verbose_name),
                "saved": shown_value(field, saved),
                "sent": shown_value(field, value),
            }
        )
    if deleting:
        lead = _("%(row)s ”%(name)s” ändrades av någon annan medan du redigerade och togs inte bort") % {
            "row": _row_label(current),
            "name": current,
        }
    else:
        lead = error.message.rstrip(".")
    detail = f" ({'; '.join(differences)})" if differences else ""
    return f"{lead}{detail}. {RELOAD}"


# A revision is a PositiveIntegerField: anything outside it was never sent by one of our pages.
REVISION_MAX = 2**31 - 1
BAD_REVISION = gettext_lazy("Sidan skickades med ett felaktigt versionsnummer. Ladda om sidan och försök igen.")


def revision_parse(value: str) -> int | None:
    """Read a revision as a page of ours sends it: None when empty, else a whole number 1–REVISION_MAX.

    Raise ValueError for anything else (a tampered field).
    """
    value = value.strip()
    if value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 10 or not 1 <= int(value) <= REVISION_MAX:
        raise ValueError(value)
    return int(value)


class RevisionField(forms.CharField):
    """The hidden revision a form was opened at, as sent; checked by `RevisionFormMixin.clean_revision`.

    It is never a change of its own: whether a row was edited is judged by the other fields.
    """

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, strip=True, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class RevisionFormMixin:
    """A ModelForm that carries the revision its row was opened at, in a hidden field.

    The form checks nothing itself: the service compares `opened_revision` with the
    stored row under a lock (see `revision_claim`). A stored row posted without a
    revision is refused here, since it cannot be compared, and so is a revision that no
    page of ours sends (not a whole number from 1 up, or out of the column's range): a
    tampered field. Either is an error on the form as a whole, since the field is hidden.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Text, checked in clean_revision(): an IntegerField's own error would sit on the hidden field, unseen.
        self.fields["revision"] = RevisionField()
        self._revision_refused = False
        if self.instance.pk is not None:
            self.initial["revision"] = self.instance.revision

    def clean_revision(self) -> int | None:
        try:
            return revision_parse(self.cleaned_data.get("revision") or "")
        except ValueError:
            self._revision_refused = True
            self.add_error(None, ValidationError(BAD_REVISION, code="bad_revision"))
            return None

    def clean(self):
        cleaned_data = super().clean()
        missing = cleaned_data.get("revision") is None and not self._revision_refused
        if self.instance.pk is not None and missing:
            self.add_error(
                None,
                ValidationError(
                    _("Sidan är för gammal för att spara. Ladda om sidan och gör om din ändring."), code="conflict"
                ),
            )
        return cleaned_data

    @property
    def opened_revision(self) -> int | None:
        return self.cleaned_data.get("revision")

    def add_stale_write_error(self, error: StaleWriteError, *, deleting: bool = False) -> None:
        """Show a refused stale write on the form: the saved value next to the sent one."""
        self.add_error(
            None,
            ValidationError(
                stale_write_message(error=error, sent=self.cleaned_data, deleting=deleting), code="conflict"
            ),
        )

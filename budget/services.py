"""Writes to the budget. Each is one transaction, and none goes through on an adopted budget."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import AuditEvent
from core.services import audit_record

from .models import Budget, Contribution, CostLine, OverviewYear, budget_locked_message


class BudgetLockedError(ValidationError):
    """Raised for any change to a budget the board has adopted."""


def budget_ensure_editable(*, budget: Budget) -> None:
    """Refuse changes to an adopted budget, judged by the stored row, not the object in hand."""
    if budget.pk is None:
        return
    stored = Budget.objects.select_for_update().filter(pk=budget.pk).values_list("status", "year").first()
    if stored and stored[0] == Budget.Status.ADOPTED:
        raise BudgetLockedError(budget_locked_message(stored[1]), code="locked")


def _attribute(obj, acting_user) -> None:
    # simple-history takes the user from the request; services also run from the shell and imports.
    if acting_user is not None:
        obj._history_user = acting_user


@transaction.atomic
def budget_save(*, budget: Budget, acting_user: AbstractBaseUser | None = None) -> Budget:
    """Check and save a budget's own fields (not its status: see budget_adopt)."""
    budget_ensure_editable(budget=budget)
    if budget.pk is None:
        budget.status = Budget.Status.DRAFT
        budget.adopted_on = None
    budget.full_clean()
    _attribute(budget, acting_user)
    budget.save()
    return budget


@transaction.atomic
def budget_adopt(*, budget: Budget, adopted_on: datetime.date, acting_user: AbstractBaseUser | None = None) -> Budget:
    """Record that the board adopted the budget on `adopted_on`; from then on it is locked."""
    budget_ensure_editable(budget=budget)
    if not budget.contributions.exists():
        raise ValidationError(_("En budget utan medlemsbidrag kan inte fastställas."), code="empty")
    budget.status = Budget.Status.ADOPTED
    budget.adopted_on = adopted_on
    _attribute(budget, acting_user)
    budget.save(update_fields=["status", "adopted_on"])
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.BUDGET_ADOPTED,
        summary=_("Budget %(year)d fastställd %(date)s") % {"year": budget.year, "date": adopted_on.isoformat()},
        details={"budget": budget.pk, "year": budget.year},
    )
    return budget


@transaction.atomic
def budget_delete(*, budget: Budget, acting_user: AbstractBaseUser | None = None) -> None:
    budget_ensure_editable(budget=budget)
    _attribute(budget, acting_user)
    budget.delete()


class BudgetRowConflictError(ValidationError):
    """Raised when a row was changed or deleted by someone else since the form that writes it was opened."""

    def __init__(self, *, row: "BudgetRow", current: "BudgetRow | None"):
        if current is None:
            message = _("Raden togs bort av någon annan medan du redigerade.")
        else:
            message = _("Raden ändrades av någon annan medan du redigerade.")
        super().__init__(message, code="conflict")
        self.row = row
        self.current = current


BudgetRow = Contribution | CostLine | OverviewYear


def budget_row_ensure_current(*, row: BudgetRow, expected_revision: int | None) -> BudgetRow | None:
    """Lock the stored row and refuse a write based on any other revision than `expected_revision`.

    Return the stored row (None for a new one). With `expected_revision=None` (a write that
    does not start from a form, such as the shell) the row is locked but not compared.
    """
    if row.pk is None:
        return None
    # Lock the budget before its rows, in that order on every path, so two saves never deadlock.
    budget_ensure_editable(budget=row.budget)
    stored = type(row).objects.select_for_update(of=("self",)).filter(pk=row.pk).order_by().first()
    if stored is None:
        if expected_revision is not None:
            raise BudgetRowConflictError(row=row, current=None)
        return None
    if expected_revision is not None and stored.revision != expected_revision:
        raise BudgetRowConflictError(row=row, current=stored)
    return stored


def _ensure_row_writable(obj: BudgetRow, *, expected_revision: int | None) -> None:
    """Refuse a write to a row of an adopted budget, a move out of or into one, and a write from a stale form.

    Set the row's next revision: every write raises it, so a form opened before it is refused after it.
    """
    stored = budget_row_ensure_current(row=obj, expected_revision=expected_revision)  # locks the budget
    if stored is None:
        budget_ensure_editable(budget=obj.budget)  # a new row (locked and checked already for a stored one)
        obj.revision = 1
        return
    if stored.budget_id != obj.budget_id:
        budget_ensure_editable(budget=Budget(pk=stored.budget_id))
    obj.revision = stored.revision + 1


@transaction.atomic
def contribution_save(
    *, contribution: Contribution, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> Contribution:
    """Check and save one member's contribution for a year, unless it changed since `expected_revision`."""
    _ensure_row_writable(contribution, expected_revision=expected_revision)
    contribution.full_clean()
    _attribute(contribution, acting_user)
    contribution.save()
    return contribution


@transaction.atomic
def contribution_set(
    *, budget: Budget, member, amount: int, acting_user: AbstractBaseUser | None = None
) -> Contribution:
    """Set `member`'s contribution to `budget`, creating or updating the one row there is."""
    contribution = Contribution.objects.filter(budget=budget, member=member).first() or Contribution(
        budget=budget, member=member
    )
    contribution.amount = amount
    return contribution_save(contribution=contribution, acting_user=acting_user)


@transaction.atomic
def cost_line_save(
    *, cost_line: CostLine, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> CostLine:
    """Check and save one cost line, unless it changed since `expected_revision`."""
    _ensure_row_writable(cost_line, expected_revision=expected_revision)
    cost_line.full_clean()
    _attribute(cost_line, acting_user)
    cost_line.save()
    return cost_line


@transaction.atomic
def overview_year_save(
    *, overview_year: OverviewYear, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> OverviewYear:
    """Check and save one year of the multi-year overview, unless it changed since `expected_revision`."""
    _ensure_row_writable(overview_year, expected_revision=expected_revision)
    overview_year.full_clean()
    _attribute(overview_year, acting_user)
    overview_year.save()
    return overview_year


@transaction.atomic
def budget_row_delete(
    *, row: BudgetRow, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> None:
    """Delete a row of a draft budget, unless it changed since `expected_revision`."""
    _ensure_row_writable(row, expected_revision=expected_revision)
    _attribute(row, acting_user)
    row.delete()


def contributions_import(
    *, data: bytes, file_name: str, acting_user: AbstractBaseUser | None = None, dry_run: bool = False
):
    """Read a contribution file (CSV or XLSX) and save it whole, or nothing when any row is wrong.

    Returns django-import-export's Result; `import_messages(result)` says what was wrong.
    Raises ValidationError when the file as a whole cannot be read.
    """
    from .forms import import_max_bytes
    from .resources import ContributionResource, ImportFileError, SwedishCSV, SwedishXLSX

    if len(data) > import_max_bytes():
        raise ValidationError(_("Filen är för stor för att läsas in."), code="too_large")
    file_format = SwedishXLSX() if file_name.lower().endswith(".xlsx") else SwedishCSV()
    try:
        dataset = file_format.create_dataset(data)
    except ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from None
    return ContributionResource().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_name=file_name,
        user=acting_user,  # django-import-export's name for who imports
    )


def import_messages(result) -> list[str]:
    """Return the Swedish messages of a failed import, row by row (the header is row 1)."""
    found = [str(error.error) for error in result.base_errors]
    for line, errors in result.row_errors():
        found.extend(_("Rad %(line)s: %(error)s") % {"line": line + 1, "error": error.error} for error in errors)
    for row in result.invalid_rows:
        found.extend(row.non_field_specific_errors)
        for errors in row.field_specific_errors.values():
            found.extend(_("Rad %(line)s: %(error)s") % {"line": row.number + 1, "error": e} for e in errors)
    return found

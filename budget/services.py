"""Writes to the budget. Each is one transaction, and none goes through on an adopted budget.

The lock is judged by the stored budget, locked (`select_for_update`) until the write
commits, so that an adoption and a write never cross: whichever comes second waits for
the first. Budgets are locked before their rows, in primary-key order, on every path.
A row (a contribution, a cost line, a year of the overview) is refused when it changed
since the form that writes it was opened (`core.revisions`).
"""

import copy
import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.results import Error, Result, RowResult

from core import spreadsheets
from core.formatting import format_number
from core.history import bulk_create_with_changes, bulk_update_with_changes
from core.models import AuditEvent
from core.revisions import DocumentLockedError, revision_claim
from core.services import audit_record

from . import figures, selectors, snapshots
from .models import Budget, BudgetFollowUp, Contribution, CostLine, OverviewYear
from .parsing import ContributionLine, MemberIndex, read_contribution_lines

BudgetRow = Contribution | CostLine | OverviewYear

# The import writes new rows this many at a time (and their history with them).
IMPORT_BATCH_SIZE = 1000
# A wrong file's first lines are told one by one, the rest as a count ("… och 174 980 fel till").
IMPORT_ERRORS_LISTED = 20
# The order in which a wrong line's problems are told: the columns, then a repeated member.
PROBLEM_ORDER = ("extra", "år", "medlem", "belopp", "dubblett")


class BudgetLockedError(DocumentLockedError):
    """Raised for any change to a budget the board has adopted."""

    def __init__(self, *, year: int):
        super().__init__(_("Budgeten för %(year)s är fastställd och kan inte ändras.") % {"year": year})
        self.year = year


def _budgets_lock(budgets: QuerySet) -> list[Budget]:
    """Lock the stored rows of `budgets` until the transaction ends, in primary-key order (no two writers deadlock)."""
    return list(budgets.select_for_update().order_by("pk"))


def _refuse_adopted(budget: Budget) -> None:
    if budget.is_adopted:
        raise BudgetLockedError(year=budget.year)


def budget_ensure_editable(*, budget: Budget) -> None:
    """Refuse changes to an adopted budget, judged by the stored row (locked until the transaction ends)."""
    if budget.pk is None:
        return
    for stored in _budgets_lock(Budget.objects.filter(pk=budget.pk)):
        _refuse_adopted(stored)


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
    # The members' frame is enough: the board adopts the budget before the split among them is known.
    stored_frame = Budget.objects.filter(pk=budget.pk).values_list("income_frame", flat=True).first()
    if stored_frame is None and not budget.contributions.exists():
        raise ValidationError(_("En budget utan medlemsbidrag och utan budgetram kan inte fastställas."), code="empty")
    budget.status = Budget.Status.ADOPTED
    budget.adopted_on = adopted_on
    # What the page shows now is what was adopted: it is drawn from this from now on.
    budget.adopted_snapshot = snapshots.summary_snapshot(selectors.budget_summary_live(budget=budget))
    _attribute(budget, acting_user)
    budget.save(update_fields=["status", "adopted_on", "adopted_snapshot"])
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.BUDGET_ADOPTED,
        summary=_("Budget %(year)d fastställd %(date)s") % {"year": budget.year, "date": adopted_on.isoformat()},
        details={"budget": budget.pk, "year": budget.year},
    )
    return budget


@transaction.atomic
def budgets_snapshot_adopted() -> int:
    """Store what each adopted budget without a snapshot shows now (those adopted before snapshots were kept).

    Returns how many were stored. Budgets are locked while their snapshot is taken; the
    snapshot is written by an update, without a history row (nothing the board decided changed).
    """
    taken = 0
    for budget in _budgets_lock(Budget.objects.adopted().filter(adopted_snapshot__isnull=True)):
        snapshot = snapshots.summary_snapshot(selectors.budget_summary_live(budget=budget))
        Budget.objects.filter(pk=budget.pk).update(adopted_snapshot=snapshot)
        taken += 1
    return taken


@transaction.atomic
def budget_delete(*, budget: Budget, acting_user: AbstractBaseUser | None = None) -> None:
    budget_ensure_editable(budget=budget)
    _attribute(budget, acting_user)
    budget.delete()


# --- The budget's rows ------------------------------------------------------------------------


def _budget_row_claim(row: BudgetRow, *, expected_revision: int | None) -> None:
    """Refuse a write to a row of an adopted budget, a move out of or into one, and a write from a stale form.

    Locks the row's budget and the one it is stored in (the same unless it moves), then
    the row, and sets the row's next revision (`core.revisions.revision_claim`).
    """
    budgets = Q(pk=row.budget_id)
    if row.pk is not None:
        budgets |= Q(pk__in=type(row)._base_manager.filter(pk=row.pk).values("budget_id"))
    locked = _budgets_lock(Budget.objects.filter(budgets))
    for budget in locked:
        _refuse_adopted(budget)
    stored = revision_claim(row, expected_revision=expected_revision)
    if stored is not None and stored.budget_id not in {budget.pk for budget in locked}:
        # Moved by someone else between reading its budget and locking the row: check where it is now.
        budget_ensure_editable(budget=Budget(pk=stored.budget_id))


@transaction.atomic
def budget_row_save(
    *, row: BudgetRow, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> BudgetRow:
    """Check and save a row of a draft budget, unless it changed since `expected_revision`.

    With `expected_revision=None` (a write that does not start from a form: the shell, an
    import) the row is written whatever its revision, and its revision raised.
    """
    _budget_row_claim(row, expected_revision=expected_revision)
    row.full_clean()
    _attribute(row, acting_user)
    row.save()
    return row


@transaction.atomic
def budget_row_delete(
    *, row: BudgetRow, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> None:
    """Delete a row of a draft budget, unless it changed since `expected_revision`."""
    _budget_row_claim(row, expected_revision=expected_revision)
    _attribute(row, acting_user)
    row.delete()


@transaction.atomic
def contribution_set(
    *, budget: Budget, member, amount: int, acting_user: AbstractBaseUser | None = None
) -> Contribution:
    """Set `member`'s contribution to `budget`, creating or updating the one row there is."""
    contribution = Contribution.objects.filter(budget=budget, member=member).first() or Contribution(
        budget=budget, member=member
    )
    contribution.amount = amount
    return budget_row_save(row=contribution, acting_user=acting_user)


# --- Follow-ups --------------------------------------------------------------------------------


@transaction.atomic
def follow_up_save(
    *, follow_up: BudgetFollowUp, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> BudgetFollowUp:
    """Check and save a follow-up of a year's budget, unless it changed since `expected_revision`.

    A follow-up is written during the year the budget was adopted for, so an adopted budget
    takes one: the adoption locks what the board decided, not how the year goes.
    """
    revision_claim(follow_up, expected_revision=expected_revision)
    follow_up.full_clean()
    _attribute(follow_up, acting_user)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_delete(
    *, follow_up: BudgetFollowUp, acting_user: AbstractBaseUser | None = None, expected_revision: int | None = None
) -> None:
    revision_claim(follow_up, expected_revision=expected_revision)
    _attribute(follow_up, acting_user)
    follow_up.delete()


# --- The contribution import ----------------------------------------------------------------


def contributions_file_check_size(*, size: int) -> None:
    """Refuse a contribution file larger than `settings.BUDGET_IMPORT_MAX_BYTES`, before it is read."""
    limit = settings.BUDGET_IMPORT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Filen är för stor för att läsas in: %(size)s; största tillåtna storlek är %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def contributions_import(
    *, data: bytes, file_name: str, acting_user: AbstractBaseUser | None = None, dry_run: bool = False
) -> Result:
    """Read a contribution file (CSV or XLSX, by its name) and import it: see `contributions_dataset_import`.

    Raises ValidationError when the file as a whole cannot be read.
    """
    contributions_file_check_size(size=len(data))
    try:
        file_format = spreadsheets.format_for(file_name, max_rows=settings.BUDGET_IMPORT_MAX_ROWS)
        dataset = file_format.create_dataset(data)
    except spreadsheets.SpreadsheetError as error:
        raise ValidationError(str(error), code="unreadable") from None
    return contributions_dataset_import(dataset=dataset, file_name=file_name, acting_user=acting_user, dry_run=dry_run)


@transaction.atomic
def contributions_dataset_import(
    *, dataset, file_name: str, acting_user: AbstractBaseUser | None = None, dry_run: bool = False
) -> Result:
    """Save a contribution file's rows whole, or nothing when any row is wrong; record it in the audit trail.

    One row per member and year: a second import of a row updates it in place (raising its
    revision), and a row with the same amount is left as it is. The budgets the file names
    are locked before their adoption is checked and stay locked until the rows are written,
    so that a budget adopted meanwhile is never written to: the adoption waits. Returns
    django-import-export's Result, which the admin shows as its preview (`dry_run`, which
    writes nothing); `import_messages(result)` says what was wrong, row by row.
    """
    result = Result()
    members = MemberIndex()
    try:
        lines = read_contribution_lines(dataset, members=members)
    except spreadsheets.SpreadsheetError as error:
        result.append_base_error(Error(error))
        return result
    budgets = {
        budget.year: budget
        for budget in _budgets_lock(Budget.objects.filter(year__in={line.year for line in lines if line.year}))
    }
    # Locked too: a form opened before this import is refused after it (every write raises the revision).
    existing = {
        (row.budget_id, row.member_id): row
        for row in Contribution.objects.filter(budget__in=budgets.values()).select_for_update().order_by("pk")
    }
    before = {key: row.amount for key, row in existing.items()}
    seen: dict[tuple[int, int], int] = {}
    for line in lines:
        budget = budgets.get(line.year)
        _judge_line(line, budget=budget, seen=seen)
        if line.problems:
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            if len(result.invalid_rows) < IMPORT_ERRORS_LISTED:
                errors = "; ".join(line.problems[column] for column in PROBLEM_ORDER if column in line.problems)
                message = _("Rad %(line)s: %(errors)s.") % {"line": line.line, "errors": errors}
                result.append_invalid_row(line.line - 1, {}, ValidationError(message))
        else:
            row = _import_row(line, budget=budget, stored=existing.get((budget.pk, line.member.pk)))
            result.append_row_result(row)
            result.increment_row_result_total(row)
    # The admin's page and `import_messages` end the list with how many more there are.
    result.unlisted_errors = result.totals[RowResult.IMPORT_TYPE_INVALID] - len(result.invalid_rows)
    if result.has_validation_errors():
        return result
    # What the preview shows before the user confirms: each budget's totals and members before and after.
    result.budget_effects = figures.import_effects(
        budgets=budgets.values(),
        before=before,
        after={(row.instance.budget.pk, row.instance.member.pk): row.instance.amount for row in result.rows},
        members=members.by_pk,
    )
    if dry_run:
        return result

    created = [row.instance for row in result.rows if row.import_type == RowResult.IMPORT_TYPE_NEW]
    for start in range(0, len(created), IMPORT_BATCH_SIZE):
        contributions_create_batch(contributions=created[start : start + IMPORT_BATCH_SIZE], acting_user=acting_user)
    updated = [row.instance for row in result.rows if row.import_type == RowResult.IMPORT_TYPE_UPDATE]
    if updated:
        bulk_update_with_changes(
            updated, Contribution, ["amount", "revision"], batch_size=IMPORT_BATCH_SIZE, acting_user=acting_user
        )
    totals = {kind: count for kind, count in result.totals.items() if count}
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.IMPORT,
        summary=_("Medlemsbidrag från %(file)s: %(new)d nya, %(updated)d ändrade, %(skipped)d oförändrade")
        % {
            "file": file_name or _("fil"),
            "new": result.totals[RowResult.IMPORT_TYPE_NEW],
            "updated": result.totals[RowResult.IMPORT_TYPE_UPDATE],
            "skipped": result.totals[RowResult.IMPORT_TYPE_SKIP],
        },
        details={"file": file_name or "", "totals": totals},
    )
    return result


def _judge_line(line: ContributionLine, *, budget: Budget | None, seen: dict[tuple[int, int], int]) -> None:
    """Add to `line.problems` what is wrong with it for the budget: no budget for its year, an adopted one, a repeat."""
    if line.year is not None and budget is None:
        line.problems["år"] = _("det finns ingen budget för %(year)s") % {"year": line.year}
    elif budget is not None and budget.is_adopted:
        message = BudgetLockedError(year=budget.year).message.rstrip(".")
        line.problems["år"] = message[0].lower() + message[1:]
    if budget is not None and line.member is not None:
        key = (budget.pk, line.member.pk)
        if key in seen:
            line.problems["dubblett"] = _("%(member)s finns redan på rad %(line)s för %(year)s") % {
                "member": line.member.name,
                "line": seen[key],
                "year": budget.year,
            }
        else:
            seen[key] = line.line


def _import_row(line: ContributionLine, *, budget: Budget, stored: Contribution | None) -> RowResult:
    """Return what the import does with a good line: a new contribution, an update of `stored`, or nothing."""
    row = RowResult()
    if stored is None:
        row.import_type = RowResult.IMPORT_TYPE_NEW
        row.instance = Contribution(budget=budget, member=line.member, amount=line.amount)
        return row
    row.import_type = RowResult.IMPORT_TYPE_SKIP if stored.amount == line.amount else RowResult.IMPORT_TYPE_UPDATE
    if row.import_type == RowResult.IMPORT_TYPE_UPDATE:
        row.original = copy.copy(stored)
        stored.amount = line.amount
        stored.revision += 1  # every write raises it, a bulk one too
    stored.budget, stored.member = budget, line.member  # as the preview shows them, without a query
    row.instance = stored
    return row


def contributions_create_batch(*, contributions: list[Contribution], acting_user: AbstractBaseUser | None) -> None:
    """Write one batch of an import's new contributions, with their history (bulk writes send no signals)."""
    bulk_create_with_changes(contributions, Contribution, batch_size=len(contributions), acting_user=acting_user)


def import_messages(result: Result) -> list[str]:
    """Return the Swedish messages of a failed import: the file's own faults, then row by row (the first few)."""
    messages = [str(error.error) for error in result.base_errors] + [
        message for row in result.invalid_rows for message in row.non_field_specific_errors
    ]
    unlisted = getattr(result, "unlisted_errors", 0)
    if unlisted:
        messages.append(unlisted_errors_message(unlisted))
    return messages


def unlisted_errors_message(count: int) -> str:
    return _("… och %(count)s fel till.") % {"count": format_number(count)}


# --- Next year's budget from this year's -----------------------------------------------------


def _year_taken(year: int) -> ValidationError:
    return ValidationError(
        _("Det finns redan en budget för %(year)d. Den ändras inte: ändra den i stället för att kopiera.")
        % {"year": year},
        code="exists",
    )


@transaction.atomic
def budget_copy_to_next_year(
    *, budget: Budget, with_contributions: bool, acting_user: AbstractBaseUser | None
) -> Budget:
    """Create next year's draft budget as a copy of `budget`, as `selectors.budget_copy_preview` shows it.

    Every cost line (text with the year moved on, amount, national split, project), the
    overview moved one year on, the opening equity from `budget`'s closing figure (marked
    preliminary), and the contributions only when `with_contributions`. Refused, with nothing
    written, when the next year has a budget, also one created meanwhile (the unique year).
    """
    # Locked, so that no row of it changes while it is read (every row write locks its budget first).
    (budget,) = _budgets_lock(Budget.objects.filter(pk=budget.pk))
    preview = selectors.budget_copy_preview(budget=budget)
    if preview.existing is not None:
        raise _year_taken(preview.year)
    new = Budget(
        year=preview.year,
        status=Budget.Status.DRAFT,
        opening_equity=preview.opening_equity,
        opening_equity_on=preview.opening_equity_on,
        opening_equity_source=preview.opening_equity_source,
        equity_is_preliminary=preview.opening_equity is not None,
    )
    new.full_clean(validate_unique=False)  # a year out of range is refused in Swedish; the year's budget below
    _attribute(new, acting_user)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        # Created by someone else between the check and the save.
        raise _year_taken(preview.year) from None

    lines = [
        CostLine(
            budget=new,
            category=line.category,
            position=line.position,
            text=line.text,
            amount=line.amount,
            national_split=line.national_split,
            project=line.project,
        )
        for line in preview.lines
    ]
    overview = [
        OverviewYear(budget=new, year=row.year, **{name: getattr(row, name) for name in row.FIGURES})
        for row in preview.overview
    ]
    contributions = (
        [Contribution(budget=new, member=row.member, amount=row.amount) for row in preview.contributions]
        if with_contributions
        else []
    )
    for rows in (lines, overview, contributions):
        for row in rows:
            # The related rows are those just read: checking each again would cost a query per row.
            row.full_clean(exclude=["budget", "category", "project", "member"], validate_unique=False)
        if rows:
            bulk_create_with_changes(rows, type(rows[0]), batch_size=IMPORT_BATCH_SIZE, acting_user=acting_user)
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.BUDGET_COPIED,
        summary=_("Budget %(year)d skapad som kopia av budget %(source)d: %(lines)d kostnadsrader, %(members)s")
        % {
            "year": new.year,
            "source": budget.year,
            "lines": len(lines),
            "members": _("%(count)d medlemsbidrag") % {"count": len(contributions)}
            if with_contributions
            else _("utan medelstilldelning"),
        },
        details={
            "budget": new.pk,
            "year": new.year,
            "source": budget.pk,
            "source_year": budget.year,
            "lines": len(lines),
            "overview_years": [row.year for row in overview],
            "contributions": len(contributions),
            "opening_equity": new.opening_equity,
        },
    )
    return new

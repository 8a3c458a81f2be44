"""Import and export of member contributions and cost lines (django-import-export).

A contribution file is read the way a Swedish ekonom writes it: CSV from Excel
(`;` or `,`, UTF-8 with or without BOM, or Windows-1252) or XLSX; columns `år`,
`medlem`, `belopp` (or `year`, `member`, `amount`); members by name or
organisationsnummer; amounts such as `2.059 000 kr`. The whole file is checked
before a row is written, and any bad row rejects the file: the messages name the
spreadsheet row (the header is row 1).
"""

import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.models import AuditEvent
from core.services import audit_record
from governance.models import Member
from governance.validators import normalize_org_number

from .figures import STATE_LABEL
from .models import Budget, Contribution, CostLine, budget_locked_message

# Column names people write, folded to the resource's own.
HEADER_ALIASES = {
    "år": "år",
    "ar": "år",
    "year": "år",
    "medlem": "medlem",
    "member": "medlem",
    "belopp": "belopp",
    "amount": "belopp",
    "belopp (kr)": "belopp",
    "belopp kr": "belopp",
}
REQUIRED_HEADERS = ("år", "medlem", "belopp")
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a]+")
MINUS_SIGNS = ("-", "\u2212", "\u2013")


class ImportFileError(ValueError):
    """A fault in the file as a whole: its encoding, its columns, its size."""


# --- Reading the values -------------------------------------------------------------------


def _fold(text) -> str:
    return SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip().casefold()


def parse_amount(value) -> int:
    """Return whole kronor from an amount as people write it, or raise ValueError in Swedish.

    Accepts 2059000, "2 059 000", "2 059 000 kr", "2.059 000 kr", "2 059 000,00" with
    ordinary, non-breaking or narrow spaces, and numbers as a spreadsheet stores them.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(_("belopp saknas"))
    if isinstance(value, bool):
        raise ValueError(_("beloppet %(value)s går inte att läsa") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
        text = re.sub(r"(?i)\s*(kr\.?|kronor|sek)$", "", text).strip()
        negative = text.startswith(MINUS_SIGNS)
        if negative:
            text = text[1:].strip()
        # A separator followed by one or two digits at the end is a decimal one; every
        # other space, dot or comma groups thousands ("2.059 000", "2,059,000"), in threes.
        match = re.fullmatch(r"(.*?)(?:[.,](\d{1,2}))?", text)
        whole = match.group(1)
        if not re.fullmatch(r"\d+|\d{1,3}(?:[ .,]\d{3})+", whole):
            raise ValueError(_("beloppet ”%(value)s” går inte att läsa") % {"value": value})
        number = Decimal(re.sub(r"\D", "", whole) + "." + (match.group(2) or "0"))
        if negative:
            number = -number
    try:
        if number < 0:
            raise ValueError(_("beloppet ”%(value)s” är negativt") % {"value": value})
        if number != number.to_integral_value():
            raise ValueError(_("beloppet ”%(value)s” har ören; ange hela kronor") % {"value": value})
    except InvalidOperation:
        raise ValueError(_("beloppet ”%(value)s” går inte att läsa") % {"value": value}) from None
    return int(number)


def parse_year(value) -> int:
    """Return a year from "2018", 2018 or 2018.0, or raise ValueError in Swedish."""
    text = str(value if value is not None else "").strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(text.split(".")[0])
    if not text:
        raise ValueError(_("år saknas"))
    raise ValueError(_("året ”%(value)s” går inte att läsa") % {"value": value})


class MemberIndex:
    """Find members by name (any case and spacing) or organisationsnummer, from one query."""

    def __init__(self, members=None):
        members = list(Member.objects.all() if members is None else members)
        self.by_name = {_fold(member.name): member for member in members}
        self.by_org_number = {member.org_number: member for member in members if member.org_number}
        # The seeds write the state's agencies as one payer; Försäkringskassan pays for both.
        payer = next((m for m in members if m.kind == Member.Kind.FORSAKRINGSKASSAN), None)
        if payer is not None:
            self.by_name.setdefault(_fold(STATE_LABEL), payer)

    def find(self, value) -> Member:
        text = str(value if value is not None else "").strip()
        if not text:
            raise ValueError(_("medlem saknas"))
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"[\d\s-]+", text) and len(digits) in (10, 12):
            member = self.by_org_number.get(normalize_org_number(digits[-10:]))
            if member is not None:
                return member
            raise ValueError(_("ingen medlem har organisationsnummer %(value)s") % {"value": text})
        member = self.by_name.get(_fold(text))
        if member is None:
            raise ValueError(_("okänd medlem ”%(value)s”") % {"value": text})
        return member


# --- File formats ---------------------------------------------------------------------------


def escape_formula(value):
    """Make a text cell that a spreadsheet would run as a formula inert, as OWASP advises."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _escape_dataset(dataset: tablib.Dataset) -> None:
    rows = [[escape_formula(cell) for cell in row] for row in dataset]
    del dataset[:]
    for row in rows:
        dataset.append(row)


def decode_text(data: bytes) -> str:
    """Decode a text file as UTF-8 (with or without BOM) or else as Windows-1252, as Swedish Excel saves it."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def sniff_delimiter(text: str) -> str:
    """Return `;` or `,`, whichever splits the header line (Swedish Excel writes `;`)."""
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if header.count(";") >= header.count(",") else ","


def _require_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if not dataset.headers or not any(any(str(cell or "").strip() for cell in row) for row in dataset):
        raise ImportFileError(_("Filen innehåller inga rader att läsa in."))
    return dataset


class SwedishCSV(base_formats.CSV):
    """CSV in and out the Swedish way: any of Excel's encodings in, `;` and UTF-8 with BOM out."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        # Read bytes, so that the encoding is decided here and not by the admin's default.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        try:
            text = decode_text(in_stream)
        except UnicodeDecodeError:
            raise ImportFileError(_("Filen går inte att läsa som text (UTF-8 eller Windows-1252).")) from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise ImportFileError(_("Filen är tom."))
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
        except csv.Error:
            raise ImportFileError(_("Filen går inte att läsa som CSV.")) from None
        # Blank lines are kept as empty rows, so that row numbers in messages match the file.
        # Rows longer than the header get nameless columns, so that a stray delimiter
        # ("2,059,000" unquoted in a comma file) is reported, never silently cut off.
        width = max(len(row) for row in rows)
        dataset = tablib.Dataset(headers=rows[0] + [""] * (width - len(rows[0])))
        for row in rows[1:]:
            dataset.append(row + [""] * (width - len(row)))
        return _require_rows(dataset)

    def export_data(self, dataset, **kwargs):
        if getattr(settings, "IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT", False):
            _escape_dataset(dataset)
        # Swedish Excel opens a `;`-separated file with a BOM with åäö intact.
        return "\ufeff" + dataset.export("csv", delimiter=";")

    def get_content_type(self):
        return "text/csv; charset=utf-8"


class SwedishXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        try:
            dataset = super().create_dataset(in_stream)
        except Exception:
            raise ImportFileError(_("Filen går inte att läsa som en Excel-fil (XLSX).")) from None
        return _require_rows(dataset)

    def _escape_formulae(self, dataset):
        _escape_dataset(dataset)


FORMATS = [SwedishCSV, SwedishXLSX]


# --- Widgets ----------------------------------------------------------------------------------


class AmountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_amount(value)

    def render(self, value, obj=None, **kwargs):
        # A number, so that Excel can sum it; the import reads it back.
        return value


class BudgetYearWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Budget, field="year")

    def render(self, value, obj=None, **kwargs):
        return value.year if value else ""


class MemberWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Member, field="name")


# --- Contributions ----------------------------------------------------------------------------


class ContributionInstanceLoader(BaseInstanceLoader):
    """Load every contribution the file names in one query (the file's rows are checked by then)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = getattr(resource, "checked_keys", set())
        budget_ids = {budget_id for budget_id, _member_id in keys}
        # Locked until the import's transaction ends: a row is never written from a stale read,
        # and an admin form that names a row's old revision is refused afterwards.
        self.existing = {
            (c.budget_id, c.member_id): c
            for c in Contribution.objects.filter(budget_id__in=budget_ids)
            .select_related("budget", "member")
            .select_for_update(of=("self",))
            .order_by("pk")
        }

    def get_instance(self, row):
        budget, member = row.get("år"), row.get("medlem")
        if budget is None or member is None:
            return None
        return self.existing.get((budget.pk, member.pk))


class CheckedValueWidget(widgets.Widget):
    """Pass on a value that `before_import` has already read and checked."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return value


class ContributionResource(resources.ModelResource):
    """Member contributions: one row per member and year, updated in place on a second import."""

    year = fields.Field(attribute="budget", column_name="år", widget=BudgetYearWidget())
    member = fields.Field(attribute="member", column_name="medlem", widget=MemberWidget())
    amount = fields.Field(attribute="amount", column_name="belopp", widget=AmountWidget())

    class Meta:
        model = Contribution
        fields = ("year", "member", "amount")
        export_order = ("year", "member", "amount")
        import_id_fields = ("year", "member")
        instance_loader_class = ContributionInstanceLoader
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        use_bulk = True
        batch_size = 1000
        # No deep copy of each row for a diff: the preview lists the instance and its previous amount.
        skip_diff = True
        store_instance = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.row_errors: dict[int, list[str]] = {}
        self.checked_keys: set[tuple[int, int]] = set()
        self.acting_user = None

    def before_import(self, dataset, **kwargs):
        """Read and check the whole file; replace its cells with the members and budgets they name."""
        self.acting_user = kwargs.get("user")  # django-import-export passes the acting user as `user`
        self.row_errors = {}
        self.checked_keys = set()
        try:
            columns = self._columns(dataset.headers or [])
        except ImportFileError:
            dataset.wipe()
            raise
        unnamed = [i for i, header in enumerate(dataset.headers) if not str(header or "").strip()]
        members = MemberIndex()
        budgets = {budget.year: budget for budget in Budget.objects.all()}
        checked_rows, seen = [], {}
        for number, raw in enumerate(dataset, 1):
            line = number + 1  # the header is the spreadsheet's row 1
            values = [raw[columns[name]] if columns[name] < len(raw) else None for name in REQUIRED_HEADERS]
            if all(value is None or str(value).strip() == "" for value in values):
                continue
            errors, budget, member, amount = [], None, None, None
            stray = [str(raw[i]).strip() for i in unnamed if i < len(raw) and str(raw[i] or "").strip()]
            if stray:
                errors.append(
                    _("raden har fler kolumner än rubrikraden (”%(extra)s”); skriv belopp med komma inom citattecken")
                    % {"extra": "”, ”".join(stray)}
                )
            try:
                year = parse_year(values[0])
                budget = budgets.get(year)
                if budget is None:
                    errors.append(_("det finns ingen budget för %(year)s") % {"year": year})
                elif budget.is_adopted:
                    message = budget_locked_message(year).rstrip(".")
                    errors.append(message[0].lower() + message[1:])
            except ValueError as error:
                errors.append(str(error))
            try:
                member = members.find(values[1])
            except ValueError as error:
                errors.append(str(error))
            try:
                amount = parse_amount(values[2])
            except ValueError as error:
                errors.append(str(error))
            if budget is not None and member is not None:
                key = (budget.pk, member.pk)
                if key in seen:
                    errors.append(
                        _("%(member)s finns redan på rad %(line)s för %(year)s")
                        % {"member": member.name, "line": seen[key], "year": budget.year}
                    )
                else:
                    seen[key] = line
                    self.checked_keys.add(key)
            if errors:
                self.row_errors[len(checked_rows) + 1] = [
                    _("Rad %(line)s: %(errors)s.") % {"line": line, "errors": "; ".join(errors)}
                ]
            checked_rows.append((budget, member, amount))
        dataset.wipe()
        dataset.headers = list(REQUIRED_HEADERS)
        for row in checked_rows:
            dataset.append(row)

    def after_import(self, dataset, result, **kwargs):
        """Record a saved import in the audit trail: who, which file, what it changed."""
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        totals = {kind: count for kind, count in result.totals.items() if count}
        audit_record(
            acting_user=kwargs.get("user"),
            action=AuditEvent.Action.IMPORT,
            summary=_("Medlemsbidrag från %(file)s: %(new)d nya, %(updated)d ändrade, %(skipped)d oförändrade")
            % {
                "file": kwargs.get("file_name") or _("fil"),
                "new": result.totals.get("new", 0),
                "updated": result.totals.get("update", 0),
                "skipped": result.totals.get("skip", 0),
            },
            details={"file": kwargs.get("file_name") or "", "totals": totals},
        )

    def _columns(self, headers) -> dict[str, int]:
        found = {}
        for index, header in enumerate(headers):
            name = HEADER_ALIASES.get(_fold(header or ""))
            if name and name not in found:
                found[name] = index
        missing = [name for name in REQUIRED_HEADERS if name not in found]
        if missing:
            raise ImportFileError(
                _("Filen saknar kolumnen %(missing)s. Första raden ska ha kolumnerna år, medlem och belopp.")
                % {"missing": ", ".join(missing)}
            )
        return found

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The cells were read and checked in before_import; set them as they are.
        if field.attribute and field.column_name in row:
            setattr(instance, field.attribute, row[field.column_name])

    def before_import_row(self, row, **kwargs):
        errors = self.row_errors.get(kwargs.get("row_number"))
        if errors:
            raise ValidationError(errors)

    def get_or_init_instance(self, instance_loader, row):
        instance = instance_loader.get_instance(row)
        if instance:
            return instance, False
        return Contribution(budget=row["år"], member=row["medlem"]), True

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return instance.pk is not None and not instance._amount_changed

    def import_instance(self, instance, row, **kwargs):
        previous = instance.amount
        super().import_instance(instance, row, **kwargs)
        instance.previous_amount = previous
        instance._amount_changed = previous != instance.amount

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, Contribution, batch_size=batch_size, default_user=self.acting_user
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            # Every write raises the row's revision (see budget.services), also a bulk one.
            for instance in self.update_instances:
                instance.revision += 1
            try:
                bulk_update_with_history(
                    self.update_instances,
                    Contribution,
                    ["amount", "revision"],
                    batch_size=batch_size,
                    default_user=self.acting_user,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_queryset(self):
        return Contribution.objects.select_related("budget", "member").order_by(
            "budget__year", "member__kind", "member__name"
        )


class CostLineResource(resources.ModelResource):
    """Cost lines for export: year, category, text, budget, outcome and forecast."""

    year = fields.Field(
        attribute="budget__year", column_name="år", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    category = fields.Field(attribute="category__name", column_name="kostnadsslag")
    text = fields.Field(attribute="text", column_name="text")
    amount = fields.Field(attribute="amount", column_name="budget (kr)", widget=AmountWidget())
    outcome = fields.Field(attribute="outcome", column_name="utfall (kr)", widget=AmountWidget())
    forecast = fields.Field(attribute="forecast", column_name="prognos helår (kr)", widget=AmountWidget())

    class Meta:
        model = CostLine
        fields = ("year", "category", "text", "amount", "outcome", "forecast")
        export_order = ("year", "category", "text", "amount", "outcome", "forecast")

    def get_queryset(self):
        return (
            CostLine.objects.in_order()
            .select_related("budget")
            .order_by("budget__year", "category__position", "position", "pk")
        )

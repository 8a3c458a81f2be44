"""The contribution import and the exports: formats, encodings, amount spellings, bad files, escaping."""

import io

import openpyxl
import pytest
import tablib
from django.core.exceptions import ValidationError

from budget.models import Budget, Contribution, CostLine
from budget.parsing import parse_amount
from budget.resources import ContributionResource, CostLineResource
from budget.services import contributions_import, import_messages
from core.spreadsheets import SwedishCSV, SwedishXLSX, escape_formula
from tests.governance.factories import MemberFactory

NBSP, NNBSP = "\u00a0", "\u202f"


# --- Amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2059000",
        "2 059 000",
        "2 059 000 kr",
        "2.059 000 kr",
        "2 059 000,00",
        f"2{NBSP}059{NBSP}000",
        f"2{NNBSP}059{NNBSP}000{NNBSP}kr",
        f"2{NBSP}059{NBSP}000,00{NBSP}kr",
        "2.059.000",
        "2,059,000",
        "2059000.00",
        " 2 059 000 KR ",
        "2 059 000 kronor",
        2059000,
        2059000.0,
    ],
)
def test_amount_spellings(text):
    assert parse_amount(text) == 2_059_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "belopp saknas"),
        (None, "belopp saknas"),
        ("-5", "negativt"),
        ("\u22125 000", "negativt"),
        (-5, "negativt"),
        ("100,50", "hela kronor"),
        (100.5, "hela kronor"),
        ("två miljoner", "går inte att läsa"),
        ("12 34", "går inte att läsa"),
        ("1.2.3", "går inte att läsa"),
        ("kr", "går inte att läsa"),
    ],
)
def test_bad_amounts_say_why_in_swedish(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


# --- Happy paths ------------------------------------------------------------------------------

ROWS = [
    ("Försäkringskassan/Arbetsförmedlingen", "{a}"),
    ("Region Örebro län", "1 029 500"),
    ("Hällefors kommun", "154 425 kr"),
    ("lindesbergs KOMMUN", "525 045"),
]


@pytest.fixture
def draft_2019(demo):
    return Budget.objects.create(year=2019)


def csv_bytes(*, delimiter=";", encoding="utf-8", amount="2.059 000 kr", headers=("år", "medlem", "belopp")):
    lines = [delimiter.join(headers)]
    for name, value in ROWS:
        value = value.format(a=amount)
        if delimiter in value:
            value = f'"{value}"'
        lines.append(delimiter.join(["2019", name, value]))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def saved(budget):
    return dict(Contribution.objects.filter(budget=budget).values_list("member__name", "amount"))


EXPECTED = {
    "Försäkringskassan": 2_059_000,
    "Region Örebro län": 1_029_500,
    "Hällefors kommun": 154_425,
    "Lindesbergs kommun": 525_045,
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize(
    "amount", ["2059000", "2 059 000", "2 059 000 kr", "2.059 000 kr", "2 059 000,00", f"2{NBSP}059{NNBSP}000 kr"]
)
def test_csv_imports_in_every_encoding_delimiter_and_amount_style(draft_2019, encoding, delimiter, amount):
    if encoding == "cp1252" and NNBSP in amount:
        amount = amount.replace(NNBSP, NBSP)  # Windows-1252 has no narrow no-break space
    result = contributions_import(
        data=csv_bytes(delimiter=delimiter, encoding=encoding, amount=amount), file_name="bidrag.csv"
    )
    assert import_messages(result) == []
    assert saved(draft_2019) == EXPECTED


def test_english_headers_and_organisation_numbers(draft_2019):
    data = b"Year,Member,Amount\n2019,202100-5521,2059000\n2019,2321000164,1029500\n"
    result = contributions_import(data=data, file_name="contributions.csv")
    assert import_messages(result) == []
    assert saved(draft_2019) == {"Försäkringskassan": 2_059_000, "Region Örebro län": 1_029_500}


def xlsx_bytes(rows, headers=("år", "medlem", "belopp")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_numbers_and_text_amounts(draft_2019):
    data = xlsx_bytes(
        [
            (2019, "Försäkringskassan", 2059000),
            (2019.0, "Region Örebro län", 1029500.0),
            ("2019", "Hällefors kommun", "154 425 kr"),
            (2019, "Lindesbergs kommun", "525 045,00"),
            (None, None, None),  # an empty row at the end, as Excel leaves them
        ]
    )
    result = contributions_import(data=data, file_name="Bidrag.XLSX")
    assert import_messages(result) == []
    assert saved(draft_2019) == EXPECTED


def test_importing_the_same_file_twice_changes_nothing_the_second_time(draft_2019):
    data = csv_bytes()
    first = contributions_import(data=data, file_name="bidrag.csv")
    assert first.totals["new"] == 4
    history = Contribution.history.count()
    second = contributions_import(data=data, file_name="bidrag.csv")
    assert (second.totals["new"], second.totals["update"], second.totals["skip"]) == (0, 0, 4)
    assert saved(draft_2019) == EXPECTED
    assert Contribution.history.count() == history


def test_a_changed_amount_updates_in_place_and_is_recorded(draft_2019):
    from tests.core.factories import UserFactory

    contributions_import(data=csv_bytes(), file_name="bidrag.csv")
    user = UserFactory()
    result = contributions_import(data=csv_bytes(amount="2 100 000"), file_name="bidrag.csv", acting_user=user)
    assert (result.totals["update"], result.totals["skip"]) == (1, 3)
    assert saved(draft_2019)["Försäkringskassan"] == 2_100_000
    change = Contribution.history.filter(history_type="~").get()
    assert (change.amount, change.history_user) == (2_100_000, user)


def test_dry_run_saves_nothing(draft_2019):
    result = contributions_import(data=csv_bytes(), file_name="bidrag.csv", dry_run=True)
    assert result.totals["new"] == 4
    assert saved(draft_2019) == {}


# --- Bad files: each rejected whole, with a row-numbered Swedish message ----------------------

GOOD = "år;medlem;belopp\n2019;Nora kommun;100\n"
BAD_FILES = [
    ("unknown member", GOOD + "2019;Norra kommun;5\n", "Rad 3: okänd medlem ”Norra kommun”."),
    ("negative amount", GOOD + "2019;Hällefors kommun;-5 000\n", "Rad 3: beloppet ”-5 000” är negativt."),
    ("unreadable amount", GOOD + "2019;Hällefors kommun;fem tusen\n", "Rad 3: beloppet ”fem tusen” går inte att läsa."),
    ("öre", GOOD + "2019;Hällefors kommun;100,50\n", "Rad 3: beloppet ”100,50” har ören; ange hela kronor."),
    ("missing amount", GOOD + "2019;Hällefors kommun;\n", "Rad 3: belopp saknas."),
    ("unknown year", GOOD + "2025;Hällefors kommun;5\n", "Rad 3: det finns ingen budget för 2025."),
    ("unreadable year", GOOD + "tjugonitton;Hällefors kommun;5\n", "Rad 3: året ”tjugonitton” går inte att läsa."),
    ("missing member", GOOD + "2019;;5\n", "Rad 3: medlem saknas."),
    ("same member twice", GOOD + "2019;NORA KOMMUN;5\n", "Rad 3: Nora kommun finns redan på rad 2 för 2019."),
    (
        "same member by name and number",
        "år;medlem;belopp\n2019;Försäkringskassan;1\n2019;202100-5521;2\n",
        "Rad 3: Försäkringskassan finns redan på rad 2 för 2019.",
    ),
    (
        "unknown organisationsnummer",
        GOOD + "2019;212000-0142;5\n",
        "Rad 3: ingen medlem har organisationsnummer 212000-0142.",
    ),
    (
        "adopted budget",
        GOOD + "2018;Hällefors kommun;5\n",
        "Rad 3: budgeten för 2018 är fastställd och kan inte ändras.",
    ),
    (
        "two faults on one row",
        GOOD + "2025;Okänd;-1\n",
        "Rad 3: det finns ingen budget för 2025; okänd medlem ”Okänd”; beloppet ”-1” är negativt.",
    ),
    (
        "fault far down after good rows",
        GOOD + "".join(f"2019;Hällefors kommun;{n}\n" for n in range(1)) + "\n2019;Ljusnarsbergs kommun;x\n",
        "Rad 5: beloppet ”x” går inte att läsa.",
    ),
    (
        "unquoted comma amount in a comma file",
        "år,medlem,belopp\n2019,Nora kommun,100\n2019,Hällefors kommun,2,059,000\n",
        "Rad 3: raden har fler kolumner än rubrikraden (”059”, ”000”)",
    ),
    ("missing column", "år;medlem\n2019;Nora kommun\n", "Filen saknar kolumnen belopp."),
    ("only a header", "år;medlem;belopp\n", "Filen innehåller inga rader att läsa in."),
    ("empty file", "", "Filen är tom."),
]


@pytest.mark.parametrize(("case", "content", "message"), BAD_FILES, ids=[case for case, _c, _m in BAD_FILES])
def test_bad_file_is_rejected_whole_with_its_message(draft_2019, case, content, message):
    Contribution.objects.create(budget=draft_2019, member=MemberFactory(name="Redan inlagd"), amount=7)
    before = (list(Contribution.objects.values_list("pk", "amount")), Contribution.history.count())
    try:
        result = contributions_import(data=content.encode("utf-8"), file_name="fel.csv")
    except ValidationError as error:
        messages = error.messages
    else:
        messages = import_messages(result)
    assert any(m.startswith(message) for m in messages), messages
    assert (list(Contribution.objects.values_list("pk", "amount")), Contribution.history.count()) == before


def test_every_bad_row_is_reported_not_only_the_first(draft_2019):
    content = GOOD + "2019;Okänd A;1\n2019;Hällefors kommun;1\n2019;Okänd B;1\n"
    messages = import_messages(contributions_import(data=content.encode(), file_name="fel.csv"))
    assert messages == ["Rad 3: okänd medlem ”Okänd A”.", "Rad 5: okänd medlem ”Okänd B”."]
    assert not Contribution.objects.filter(budget=draft_2019).exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x81\x8d\x8f\x90\x9d", "fel.csv", "går inte att läsa som text"),
        (b"not a workbook", "fel.xlsx", "Excel-fil"),
        (xlsx_bytes([], headers=("år", "medlem", "belopp")), "tom.xlsx", "inga rader"),
    ],
)
def test_unreadable_files(draft_2019, data, name, message):
    with pytest.raises(ValidationError, match=message):
        contributions_import(data=data, file_name=name)


def test_file_over_the_size_limit_is_refused_before_it_is_read(draft_2019, settings, monkeypatch):
    settings.BUDGET_IMPORT_MAX_BYTES = 100

    def boom(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(SwedishCSV, "create_dataset", boom)
    with pytest.raises(ValidationError, match="för stor"):
        contributions_import(data=b"x" * 101, file_name="stor.csv")


# --- Export -----------------------------------------------------------------------------------


def test_csv_export_opens_in_swedish_excel(demo):
    data = SwedishCSV().export_data(ContributionResource().export())
    assert data.startswith("\ufeff")
    lines = data.removeprefix("\ufeff").splitlines()
    assert lines[0] == "år;medlem;belopp"
    assert "2018;Hällefors kommun;154425" in lines
    # What is exported can be imported again as it is.
    Budget.objects.filter(year=2018).update(status="utkast", adopted_on=None)
    result = contributions_import(data=data.encode("utf-8"), file_name="export.csv")
    assert import_messages(result) == []
    assert result.totals["skip"] == 12


def test_cost_lines_export_to_xlsx(demo):
    data = SwedishXLSX().export_data(CostLineResource().export())
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.values)
    assert rows[0] == ("år", "kostnadsslag", "text", "budget (kr)", "utfall (kr)", "prognos helår (kr)")
    assert len(rows) == 1 + CostLine.objects.count()
    assert rows[1][:4] == (2018, "Insatser", "Individuella insatser: Samverkansteamet", 1855250)


DANGEROUS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\tlur", "\rlur"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_escape(value):
    assert escape_formula(value) == "'" + value
    assert escape_formula("Nora kommun") == "Nora kommun"
    assert escape_formula(-168000) == -168000  # numbers stay numbers


@pytest.mark.parametrize("file_format", [SwedishCSV, SwedishXLSX])
def test_exports_escape_formula_cells(demo, file_format):
    budget = Budget.objects.get(year=2017)
    for value in DANGEROUS:
        Contribution.objects.create(budget=budget, member=MemberFactory(name=value), amount=1)
    data = file_format().export_data(ContributionResource().export())
    if file_format is SwedishXLSX:
        cells = [row[1] for row in openpyxl.load_workbook(io.BytesIO(data)).active.values]
        for value in DANGEROUS:
            # A parser without lxml reads a carriage return back as a line feed; the escape in front is what counts.
            assert {"'" + value, "'" + value.replace("\r", "\n")} & set(cells), value
    else:
        for value in DANGEROUS:
            assert f';"\'{value}";' in data or f";'{value};" in data, value
        cells = [row[1] for row in tablib.Dataset().load(data.removeprefix("\ufeff"), format="csv", delimiter=";")]
    assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)

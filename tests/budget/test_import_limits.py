"""The contribution import is bounded in work: rows, listed errors, amounts the column holds, encodings."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import AMOUNT_MAX, Budget, Contribution
from budget.services import contributions_import, import_messages
from core.spreadsheets import SpreadsheetError, bounded_rows
from governance.models import Member
from tests.helpers import NNBSP

BIGINT_MAX = 2**63 - 1  # the column's; the field's own limit is budget.models.AMOUNT_MAX


@pytest.fixture
def draft_2019(demo):
    return Budget.objects.create(year=2019)


@pytest.fixture
def members(demo):
    return Member.objects.bulk_create([Member(name=f"Gränskommun {n}", kind=Member.Kind.KOMMUN) for n in range(12)])


def csv_file(rows, *, encoding="utf-8") -> bytes:
    return "\n".join(["år;medlem;belopp", *(";".join(map(str, row)) for row in rows)]).encode(encoding)


def xlsx_file(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["år", "medlem", "belopp"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(data: bytes, file_name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        contributions_import(data=data, file_name=file_name)
    return " ".join(caught.value.messages)


def state() -> tuple:
    return list(Contribution.objects.values_list("pk", "amount")), Contribution.history.count()


# --- Rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_name", ["bidrag.csv", "bidrag.xlsx"])
def test_a_file_with_more_rows_than_the_limit_is_refused(draft_2019, members, settings, file_name):
    settings.BUDGET_IMPORT_MAX_ROWS = 10
    rows = [(2019, member.name, 1000) for member in members[:11]]
    write = xlsx_file if file_name.endswith("xlsx") else csv_file
    before = state()
    message = refusal(write(rows), file_name)
    assert message.startswith("Filen har fler än 10 rader att läsa in; dela upp den")
    assert state() == before
    # Ten rows are within it, and blank rows a spreadsheet leaves at the end are not counted.
    result = contributions_import(data=write([*rows[:10], ("", "", ""), ("", "", "")]), file_name=file_name)
    assert not import_messages(result) and result.totals["new"] == 10


def test_the_default_limit_is_5000_rows_and_said_the_swedish_way(draft_2019, settings):
    assert settings.BUDGET_IMPORT_MAX_ROWS == 5000
    message = refusal(csv_file([(2019, "Nora kommun", 1)] * 5001), "stor.csv")
    assert message.startswith(f"Filen har fler än 5{NNBSP}000 rader")


def test_reading_stops_one_row_past_the_limit():
    def rows():
        yield ["år", "medlem", "belopp"]
        for n in range(3):
            yield [2019, f"Kommun {n}", 1]
        raise AssertionError("read beyond the first row over the limit")

    with pytest.raises(SpreadsheetError, match="fler än 2 rader"):
        bounded_rows(rows(), max_rows=2)
    kept = bounded_rows(iter([["a"], [""], ["b"], [None], [" "]]), max_rows=None)
    assert kept == [["a"], [], ["b"]]  # a blank row between is kept for the row numbers; blanks at the end are not


def test_the_admin_refuses_a_file_over_the_row_limit_on_its_form(client_for, draft_2019, members, settings):
    settings.BUDGET_IMPORT_MAX_ROWS = 3
    data = xlsx_file([(2019, member.name, 1) for member in members[:4]])
    response = client_for("ekonom").post(
        "/admin/budget/contribution/import/",
        {"import_file": SimpleUploadedFile("bidrag.xlsx", data), "format": 1, "resource": 0},
    )
    assert response.status_code == 200
    assert "Filen har fler än 3 rader att läsa in" in response.content.decode()
    assert not Contribution.objects.filter(budget=draft_2019).exists()


# --- Listed errors ----------------------------------------------------------------------------


def test_only_the_first_20_errors_are_listed_then_a_count(draft_2019):
    data = csv_file([(2019, f"Okänd {n}", 1) for n in range(2, 200)])
    messages = import_messages(contributions_import(data=data, file_name="fel.csv"))
    assert len(messages) == 21
    assert messages[0] == "Rad 2: okänd medlem ”Okänd 2”."
    assert messages[19] == "Rad 21: okänd medlem ”Okänd 21”."
    assert messages[20] == "… och 178 fel till."
    assert not Contribution.objects.filter(budget=draft_2019).exists()


def test_the_admin_lists_20_errors_and_the_count_of_the_rest(client_for, draft_2019):
    data = csv_file([(2019, f"Okänd {n}", 1) for n in range(2, 1202)])
    response = client_for("ekonom").post(
        "/admin/budget/contribution/import/",
        {"import_file": SimpleUploadedFile("fel.csv", data), "format": 0, "resource": 0},
    )
    text = response.content.decode()
    assert text.count("okänd medlem") == 20
    assert f"… och 1{NNBSP}180 fel till." in text
    assert len(text) < 100_000


# --- Amounts the column holds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "amount"),
    [
        ("bidrag.csv", AMOUNT_MAX + 1),
        ("bidrag.csv", BIGINT_MAX + 1),
        ("bidrag.csv", "99 999 999 999 999 999 999 kr"),
        ("bidrag.csv", "9" * 5000),
        ("bidrag.xlsx", 1e300),
    ],
    ids=["10^12", "2^63", "grouped", "5000 digits", "xlsx float"],
)
def test_an_amount_the_column_cannot_hold_is_too_large(draft_2019, file_name, amount):
    write = xlsx_file if file_name.endswith("xlsx") else csv_file
    rows = [(2019, "Nora kommun", 100), *[("", "", "")] * 4, (2019, "Hällefors kommun", amount)]
    before = state()
    messages = import_messages(contributions_import(data=write(rows), file_name=file_name))
    assert messages == ["Rad 7: beloppet är för stort."]
    assert state() == before


def test_the_largest_amount_is_accepted(draft_2019):
    result = contributions_import(data=csv_file([(2019, "Nora kommun", AMOUNT_MAX)]), file_name="bidrag.csv")
    assert not import_messages(result)
    assert Contribution.objects.get(budget=draft_2019).amount == AMOUNT_MAX


# --- Encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(draft_2019, encoding):
    text = "år;medlem;belopp\r\n2019;Hällefors kommun;1 000 kr\r\n"
    mark = "\ufeff" if encoding.endswith("-be") else ""  # Python writes the mark itself for utf-16 and utf-32
    result = contributions_import(data=(mark + text).encode(encoding), file_name="bidrag.csv")
    assert not import_messages(result)
    assert Contribution.objects.get(budget=draft_2019).member.name == "Hällefors kommun"


@pytest.mark.parametrize(
    "data",
    [
        "år;medlem;belopp\n2019;Hällefors kommun;1\n".encode("utf-16-le"),  # no byte-order mark
        b"\x81\x8d\x8f\x90\x9d",  # neither UTF-8 nor Windows-1252
        b"\xff\xfe\x00\xd8",  # a UTF-16 mark before a broken character
    ],
    ids=["utf-16 without mark", "no encoding", "broken utf-16"],
)
def test_a_file_in_no_encoding_we_read_is_refused_as_such(draft_2019, data):
    message = refusal(data, "bidrag.csv")
    assert "fel teckenkodning" in message and "kolumn" not in message


def test_an_excel_file_sent_as_csv_is_told_so(draft_2019):
    assert "välj formatet XLSX" in refusal(xlsx_file([(2019, "Nora kommun", 1)]), "bidrag.csv")


def test_a_file_of_blank_rows_is_bounded_too(draft_2019, settings):
    settings.BUDGET_IMPORT_MAX_ROWS = 10
    data = ("år;medlem;belopp\n" + ";;\n" * 101 + "2019;Nora kommun;1\n").encode()
    assert "fler än 100 tomma rader" in refusal(data, "bidrag.csv")


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_read(draft_2019, monkeypatch):
    from core import spreadsheets

    monkeypatch.setattr(spreadsheets, "XLSX_MAX_UNPACKED_BYTES", 1000)
    assert "packas upp till för mycket" in refusal(xlsx_file([(2019, "Nora kommun", 1)]), "bidrag.xlsx")


def test_an_xlsx_without_a_stated_size_is_read_row_by_row(draft_2019, members, settings):
    """A sheet without <dimension> made openpyxl read every row before the first: 42 s for 175 000 rows."""
    import re
    import zipfile

    settings.BUDGET_IMPORT_MAX_ROWS = 3
    source = zipfile.ZipFile(io.BytesIO(xlsx_file([(2019, member.name, 1) for member in members[:4]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            target.writestr(info, data)
    assert "fler än 3 rader" in refusal(out.getvalue(), "bidrag.xlsx")
    settings.BUDGET_IMPORT_MAX_ROWS = 4
    assert contributions_import(data=out.getvalue(), file_name="bidrag.xlsx").totals["new"] == 4

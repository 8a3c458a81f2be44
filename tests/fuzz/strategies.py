"""Hypothesis strategies for what users and attackers type: path values per URL converter, form values per field."""

import datetime
import os
from urllib.parse import quote

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

# Text that has broken web apps before: empty, NUL and control characters, direction marks,
# markup, formulas, and lengths past any column.
TEXT_EDGES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\r\n\r\n",
    "\t",
    "\u202eevil",
    "\ufeff",
    "ö" * 256,
    "x" * 10_001,
    "<script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "=1+1",
    "@SUM(A1)",
    "'; DROP TABLE x; --",
    "💥🇸🇪",
    "e\u0301",
    "%s%n%(x)s",
    "[x](javascript:alert(1))",
]
NUMBER_EDGES = [
    "0",
    "-0",
    "-1",
    "1",
    "1.5",
    "1,5",
    "1 000",
    "1e3",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 30,
    "0x10",
    " 12 ",
    "١٢",
    "１２",
    "1_000",
    "abc",
    "",
]
DATE_EDGES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1999-12-31",
    "2000-01-01",
    "2100-12-31",
    "2101-01-01",
    "2018-02-30",
    "2018-13-01",
    "0000-00-00",
    "99999-01-01",
    "-2018-01-01",
    "2018-1-1",
    "1/2/2018",
    "2019-06-15",
    "idag",
    "",
]
TIME_EDGES = ["00:00", "23:59", "24:00", "25:61", "12:00:00.999999", "9:5", "13:30", "noon", ""]
BOOLEAN_EDGES = ["on", "", "false", "0", "1", "True", "ja"]
ID_EDGES = ["0", "-1", "999999999", "9223372036854775807", "9223372036854775808", "9" * 30, "abc", "1.5", "", " 1"]
# Tampered formset management counts and revision fields. A count in the thousands makes the
# formset build and show that many rows (seconds a post): only the long run sends those.
COUNT_EDGES = ["", "-1", "0", "1", "2", "60", "abc", "1e3", "9" * 20]
if os.environ.get("HYPOTHESIS_PROFILE") == "long":
    COUNT_EDGES += ["1000", "1001", "2001", "5000"]
REVISION_EDGES = ["", "0", "-1", "abc", "1e3", "1.0", "9" * 30, "9223372036854775808", "1", "2", "100"]

plain_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def text_values(max_length: int | None = None):
    edges = list(TEXT_EDGES)
    if max_length:
        edges += ["y" * max_length, "y" * (max_length + 1), "å" * (max_length + 1)]
    return st.one_of(st.sampled_from(edges), plain_text)


def number_values():
    return st.one_of(
        st.sampled_from(NUMBER_EDGES),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.integers(min_value=0, max_value=5_000_000).map(str),
        st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
    )


def date_values():
    return st.one_of(
        st.sampled_from(DATE_EDGES),
        st.dates().map(lambda day: day.isoformat()),
        st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)).map(
            lambda day: day.isoformat()
        ),
    )


def time_values():
    return st.one_of(st.sampled_from(TIME_EDGES), st.times().map(lambda t: t.isoformat()))


def choice_values(form_field):
    valid = [str(value) for value, _label in _flat_choices(form_field)]
    return st.one_of(st.sampled_from(valid or [""]), st.sampled_from(["", "x", "0", "-1", "9" * 30]), plain_text)


def _flat_choices(form_field):
    try:
        choices = list(form_field.choices)
    except Exception:  # noqa: BLE001 - a choice iterator over a broken queryset: no valid choices to offer
        return []
    flat = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend((v, lbl) for v, lbl in label)
        else:
            flat.append((getattr(value, "value", value), label))
    return flat[:50]


def field_values(name: str, form_field: forms.Field | None, current: list[str]):
    """Return a strategy for what may be posted as `name`: a list of values (several for a multiple choice)."""
    single = _single_values(name, form_field)
    multiple = isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if multiple:
        return st.lists(single, max_size=4)
    return st.one_of(single.map(lambda value: [value]), st.just([]), st.just([*current, *current]))


def _single_values(name: str, form_field):
    if name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")):
        return st.sampled_from(COUNT_EDGES)
    if name == "revision" or name.endswith("-revision"):
        return st.sampled_from(REVISION_EDGES)
    if name.endswith(("-id", "-DELETE", "-ORDER")) and form_field is None:
        return st.sampled_from(ID_EDGES + ["on"])
    if form_field is None:
        return text_values()
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return st.one_of(choice_values(form_field), st.sampled_from(ID_EDGES))
    if isinstance(form_field, forms.ChoiceField | forms.MultipleChoiceField | forms.TypedChoiceField):
        return choice_values(form_field)
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(BOOLEAN_EDGES)
    if isinstance(form_field, forms.SplitDateTimeField):
        return st.one_of(date_values(), time_values())
    if isinstance(form_field, forms.DateTimeField):
        return st.one_of(date_values(), st.sampled_from(["2019-01-01 25:00", "2019-01-01T12:00:00+25:00", "0"]))
    if isinstance(form_field, forms.DateField):
        return date_values()
    if isinstance(form_field, forms.TimeField):
        return time_values()
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return number_values()
    if isinstance(form_field, forms.CharField):
        return text_values(form_field.max_length)
    return text_values()


def upload_values(name: str):
    """A small file of garbage, text or half a spreadsheet, for a file input."""
    contents = st.one_of(
        st.binary(max_size=200),
        st.sampled_from(
            [
                b"",
                "år;medlem;belopp\n2019;Nora kommun;1000\n".encode(),
                "år;medlem;belopp\n2019;Nora kommun;99999999999999999999999\n".encode(),
                "\ufeffår;medlem;belopp\n".encode("utf-16"),
                b"PK\x03\x04garbage",
            ]
        ),
    )
    names = st.sampled_from(["bidrag.csv", "bidrag.xlsx", "x", "../../etc/passwd", "ö" * 300 + ".csv"])
    return st.builds(lambda content, filename: SimpleUploadedFile(filename, content), contents, names)


# --- Path values per URL converter ----------------------------------------------------------------

# Inserted into the path as they are: they are already URL syntax, or meant to be read as such.
RAW_PATH_EDGES = [
    "0",
    "-1",
    "1",
    "0000",
    "00001",
    "1999",
    "2000",
    "2100",
    "2101",
    "9999",
    str(10**18 - 1),
    str(10**18),
    str(10**19),
    str(10**30),
    "abc",
    "%C3%B6",
    "..",
    "../",
    "..%2F",
    "%2e%2e%2f",
    "%00",
    "%0a",
    "%ff",
    "%20",
    "%",
    "a%zz",
    "1.5",
    "1e3",
    "+1",
    "-0",
    "upp",
    "ned",
    "andelar",
    "kostnader",
]


def path_values(converter: str):
    """Return a strategy for one path segment's value, typed for the converter (year, id, slug, str, path, regex)."""
    typed = {
        "year": st.integers(min_value=0, max_value=9999).map(lambda year: f"{year:04d}"),
        "id": st.one_of(st.integers(min_value=0, max_value=10**18).map(str), st.integers(min_value=1).map(str)),
        "slug": st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True),
    }.get(converter, st.integers(min_value=-(10**20), max_value=10**20).map(str))
    return st.one_of(
        st.sampled_from(RAW_PATH_EDGES),
        typed,
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).map(lambda t: quote(t, safe="")),
        st.sampled_from(["x" * 300, "ö" * 2000, "ğ" * 5000]).map(lambda t: quote(t, safe="")),
    )


# Query keys the app's and the admin's pages read, for the query-string fuzz.
QUERY_KEYS = [
    "sedan",
    "typ",
    "klar",
    "status",
    "year",
    "kind",
    "owner",
    "next",
    "q",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "app_label",
    "model_name",
    "field_name",
    "term",
    "at__year",
    "at__month",
    "at__day",
    "starts_on__year",
    "starts_on__month",
    "action__exact",
    "year__exact",
    "period__id__exact",
]


def query_values():
    return st.one_of(st.sampled_from(RAW_PATH_EDGES + NUMBER_EDGES + DATE_EDGES), plain_text)

"""Fill in a page's form as a user would: open the page, keep what it shows, change what the user types.

The seed tests enter a whole förbund through sofint's own pages and the admin this way,
so that every field a user must fill in is one the page offers, with the defaults it shows.
"""

import re
from html import unescape
from urllib.parse import urlsplit

from tests.fuzz.harness import page_form

ERROR_PATTERNS = (
    r'<ul[^>]*class="errorlist[^"]*"[^>]*>(.*?)</ul>',
    r'<div[^>]*class="invalid-feedback[^"]*"[^>]*>(.*?)</div>',
    r'<p[^>]*class="errornote"[^>]*>(.*?)</p>',
    r'<div[^>]*class="alert alert-danger[^"]*"[^>]*>(.*?)</div>',
)


def page_errors(html: str) -> list[str]:
    """Return the error messages a refused form shows, as text."""
    found = []
    for pattern in ERROR_PATTERNS:
        for match in re.findall(pattern, html, flags=re.S):
            text = " ".join(unescape(re.sub(r"<[^>]+>", " ", match)).split())
            if text:
                found.append(text)
    return found


def submit(
    client, url: str, values: dict | None = None, *, refused: bool = False, button: dict | None = None,
    confirm: bool = False,
):  # fmt: skip
    """Post the form at `url` with the page's own values, `values` typed over them.

    A value may be a list (multiple select, several checkboxes) or None (untick, empty).
    With `confirm`, a page that shows the form again without errors (it shows what it read,
    for the user to check) is saved as shown.
    Returns the response. Unless `refused`, a page that answers with the form again (its
    errors) fails the test with what the page said.
    """
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    html = page.content.decode()
    form = page_form(html, urlsplit(url).path)
    assert form is not None, f"{url}: no form to fill in"
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    for name, value in (values or {}).items():
        assert _offered(name, form.names), f"{url}: the form has no field {name!r} (it has {sorted(form.names)})"
        if value is None or value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = ["on"]
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = [str(value)]
    data.update({name: [value] for name, value in (button or {}).items()})
    response = client.post(url, data)
    if confirm and response.status_code == 200 and not page_errors(response.content.decode()):
        # The page showed what it read (a goal's target) for the user to see before saving: save it so.
        shown = page_form(response.content.decode(), urlsplit(url).path)
        again: dict[str, list[str]] = {}
        for name, value in shown.fields:
            again.setdefault(name, []).append(value)
        again.update({name: [value] for name, value in (button or {}).items()})
        response = client.post(url, again)
    if refused:
        assert response.status_code in (200, 400, 409), f"{url}: expected a refusal, got {response.status_code}"
        return response
    if response.status_code != 302:
        raise AssertionError(f"{url} was refused ({response.status_code}): {page_errors(response.content.decode())}")
    return response


def _offered(name: str, names: set[str]) -> bool:
    """Return whether the page offers `name`: itself, or a further row of a formset it shows (its empty form)."""
    if name in names:
        return True
    row = re.fullmatch(r"(.+)-\d+-(.+)", name)
    return bool(row) and f"{row[1]}-__prefix__-{row[2]}" in names


def inline_rows(prefix: str, rows: list[dict], *, start: int = 0) -> dict:
    """Return the admin inline's fields for `rows` (prefix-N-field), and its TOTAL_FORMS."""
    values = {f"{prefix}-TOTAL_FORMS": str(start + len(rows))}
    for index, row in enumerate(rows, start=start):
        values.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return values

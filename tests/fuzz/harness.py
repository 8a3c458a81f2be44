"""What the property-based tests share: clients that turn exceptions into 500s, the no-5xx check, a
fingerprint of the database, and the forms as a browser would post them.
"""

import hashlib
import traceback
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django import forms
from django.apps import apps
from django.db import models, transaction
from django.forms.formsets import BaseFormSet
from django.test import Client

# The tally the terminal summary prints (tests/fuzz/conftest.py): requests and successful posts.
TALLY: Counter = Counter()


def client_for_role(user) -> Client:
    """Return a test client whose view exceptions become 500 responses (with `exc_info`), logged in as `user`."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def assert_no_server_error(response, *, url_name: str, what: str) -> None:
    """Fail on a 5xx, with the traceback."""
    TALLY["requests"] += 1
    if response.status_code < 500:
        return
    exc_info = getattr(response, "exc_info", None)
    text = "".join(traceback.format_exception(*exc_info)) if exc_info else "(no exception: the view answered 5xx)"
    raise AssertionError(f"{response.status_code} for {what}\n{text}")


@contextmanager
def rolled_back():
    """Run one example in a savepoint that is rolled back: every example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- Nothing written on a refused post ------------------------------------------------------------

# What a refused post may still write: django-axes records failed logins, sessions come and go.
FINGERPRINT_SKIPS = {"axes", "sessions", "contenttypes"}


def _fingerprinted_models():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in FINGERPRINT_SKIPS or model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.BinaryField)]
        yield model, columns


def db_fingerprint() -> dict[str, str]:
    """Return a hash of every row of every table (binary columns aside), by model label."""
    fingerprint = {}
    for model, columns in _fingerprinted_models():
        digest = hashlib.blake2b(digest_size=12)
        for row in model._base_manager.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
        fingerprint[model._meta.label] = digest.hexdigest()
    return fingerprint


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(label for label in before.keys() | after.keys() if before.get(label) != after.get(label))


# --- A page's form, as a browser would post it ------------------------------------------------------


@dataclass
class HtmlForm:
    method: str
    action: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) as a browser sends them
    names: set[str] = field(default_factory=set)  # every input's name, sent or not (unchecked boxes)
    files: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: list | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = HtmlForm(method=(attrs.get("method") or "get").lower(), action=attrs.get("action"))
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None:
            return
        if tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, []]
            self._options.append(self._option)
        if not name or "disabled" in attrs:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            form.names.add(name)
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "file":
                form.files.add(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.fields.append((name, attrs.get("value", "on")))
            else:
                form.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            form.names.add(name)
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "textarea":
            form.names.add(name)
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            options = [(value if value is not None else "".join(text).strip(), on) for value, on, text in self._options]
            chosen = [value for value, on in options if on]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None


def page_form(html: str, path: str) -> HtmlForm | None:
    """Return the page's POST form that posts to `path` itself (the one with most inputs)."""
    parser = _FormParser()
    parser.feed(html)
    candidates = [f for f in parser.forms if f.method == "post" and (f.action in (None, "", path, "."))]
    return max(candidates, key=lambda f: len(f.names), default=None)


def context_fields(response) -> dict[str, forms.Field]:
    """Map every input name of the page's Django forms and formsets to its form field (split widgets: name_0…)."""
    found: dict[str, forms.Field] = {}
    seen: set[int] = set()

    def add_form(form):
        if id(form) in seen:
            return
        seen.add(id(form))
        for name, form_field in form.fields.items():
            html_name = form.add_prefix(name)
            found[html_name] = form_field
            widget = form_field.widget
            for index, _sub in enumerate(getattr(widget, "widgets", ())):
                found[f"{html_name}_{index}"] = form_field

    def add_formset(formset):
        if id(formset) in seen:
            return
        seen.add(id(formset))
        add_form(formset.management_form)
        for form in formset.forms:
            add_form(form)

    for context in response.context or []:
        for layer in context.dicts:
            for value in layer.values() if isinstance(layer, dict) else ():
                for item in value if isinstance(value, list | tuple) else (value,):
                    formset = _safe_attr(item, "formset")  # the admin's InlineAdminFormSet wraps its formset
                    for candidate in (item, formset):
                        if isinstance(candidate, BaseFormSet):
                            add_formset(candidate)
                    form = _safe_attr(item, "form")  # the admin's AdminForm wraps its form
                    for candidate in (item, form):
                        if isinstance(candidate, forms.BaseForm):
                            add_form(candidate)
    return found


def _safe_attr(value, name):
    try:
        return getattr(value, name, None)
    except Exception:  # noqa: BLE001 - a lazy context value may fail to evaluate; it holds no form then
        return None

"""Reads for the audit pages: the change history as the auditor reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .history import history_models, is_long_text, word_diff
from .models import FieldChange


def person_name(user, username: str = "") -> str:
    """Return a person's full name, else the user name ("–" when no one is known: sofint itself)."""
    if user is not None:
        return user.get_full_name().strip() or user.username
    return username or "–"


def change_types() -> list[tuple[str, str]]:
    """Return the kinds of object the change history follows, as (app_label.model, Swedish name), by name."""
    types = [
        (f"{model._meta.app_label}.{model._meta.model_name}", capfirst(str(model._meta.verbose_name)))
        for model in history_models()
        if not model.__name__.startswith("Historical")
    ]
    return sorted(types, key=lambda item: item[1])


@dataclass
class ChangeRow:
    """One row of the page: who, when, what object, which field, before and after (or a word diff)."""

    change: FieldChange
    who: str
    type_name: str
    field_name: str
    before: str
    after: str
    diff: list[tuple[str, str]] = field(default_factory=list)
    # The object's whole history (a section's saved texts, else the admin's history page), or "".
    history_url: str = ""

    @property
    def kind(self) -> str:
        return self.change.kind


def change_row(change: FieldChange, *, history_url: str = "") -> ChangeRow:
    """Say one FieldChange as the page shows it; reads no database (content types are cached)."""
    model = change.content_type.model_class() if change.content_type_id else None
    model_field = None
    field_name = ""
    if model is not None and change.field:
        try:
            model_field = model._meta.get_field(change.field)
            field_name = capfirst(str(model_field.verbose_name))
        except FieldDoesNotExist:  # a field removed since
            field_name = change.field
    row = ChangeRow(
        change=change,
        who=person_name(change.user, change.username),
        type_name=capfirst(str(model._meta.verbose_name)) if model is not None else _("Flera slags uppgifter"),
        field_name=field_name,
        before=change.before,
        after=change.after,
        history_url=history_url,
    )
    if (
        change.kind == FieldChange.Kind.CHANGED
        and change.field
        and is_long_text(model_field, change.before, change.after)
    ):
        row.diff = word_diff(change.before, change.after)
    return row


def history_pages(changes) -> dict[tuple[int, str], str]:
    """Return where the whole history of each changed object is read, by (content type id, object id).

    A model with a history page of its own names it in a classmethod `history_page_urls(object_ids)`
    (one query for all of them: a section's page needs its plan); any other followed model that
    the admin shows with `core.admin.HistoryAdmin` has the admin's history page (no query).
    Deleted objects get none.
    """
    from django.contrib import admin
    from django.urls import reverse

    from .admin import HistoryAdmin

    by_type: dict[int, set[str]] = {}
    for change in changes:
        if change.content_type_id and change.object_id and change.kind != FieldChange.Kind.DELETED:
            by_type.setdefault(change.content_type_id, set()).add(change.object_id)
    pages = {}
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        if hasattr(model, "history_page_urls"):
            urls = model.history_page_urls(object_ids)
        elif isinstance(admin.site._registry.get(model), HistoryAdmin):
            opts = model._meta
            name = f"admin:{opts.app_label}_{opts.model_name}_history"
            urls = {object_id: reverse(name, args=[object_id]) for object_id in object_ids}
        else:
            continue
        pages.update({(type_id, object_id): url for object_id, url in urls.items()})
    return pages


def field_changes(*, type_key: str = "", user_id: int | None = None, since=None, until=None):
    """Return the change history's rows, newest first, filtered (one query over one table when read)."""
    changes = FieldChange.objects.select_related("user", "content_type").order_by("-at", "-pk")
    if type_key:
        app_label, _dot, model = type_key.partition(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        changes = changes.filter(content_type=content_type)
    if user_id is not None:
        changes = changes.filter(user_id=user_id)
    if since is not None:
        changes = changes.filter(at__date__gte=since)
    if until is not None:
        changes = changes.filter(at__date__lte=until)
    return changes


def changes_by_record(*, model, history_ids) -> dict[int, list[ChangeRow]]:
    """Return, by simple-history record id, what each record of `model` changed (one query for all of them)."""
    ids = [history_id for history_id in history_ids if history_id is not None]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    changes = FieldChange.objects.filter(content_type=content_type, history_id__in=ids).select_related(
        "user", "content_type"
    )
    rows: dict[int, list[ChangeRow]] = {}
    for change in changes.order_by("pk"):
        rows.setdefault(change.history_id, []).append(change_row(change))
    return rows

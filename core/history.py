"""The auditor's change history: one row per changed field, written as django-simple-history records a change.

**Design.** Every model an auditor follows carries `HistoricalRecords` (a full copy of the
row per save, as simple-history keeps it; the admin's history pages read those). Reading
"what changed, field by field, across every model" from those copies would mean one
query per historical table and a diff against each row's predecessor at read time: the
page's cost would grow with the number of models and of changes. Instead each new
historical record is compared with the one before it *when it is written*
(`post_create_historical_record`), and one `core.models.FieldChange` row is stored per
changed field (one row for a creation or a deletion, naming what was created or
removed). The page "Ändringshistorik" is then a single paginated query over one table
(with the person and the content type joined), whatever the number of changes or models.

Values are stored as the page shows them (amounts "1 855 250 kr", dates ISO, Ja/Nej,
choices by their labels, foreign keys by the name the object had then); long texts are
stored whole, and the page shows them as a word diff.

Writes that bypass `save()` (bulk_create/bulk_update) send no signal: services use
`bulk_create_with_changes` / `bulk_update_with_changes`, which write the historical
records and these rows in bulk. The demo loader's fixtures (loaddata: raw saves, no
history) get one base record each and one clear entry ("Inläst") in the change history.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import formatting

# Bookkeeping every history leaves out: counters, timestamps the row keeps itself.
NOT_TRACKED = ["revision", "updated_at", "created_at", "sequence", "uid", "position", "order"]
# A text longer than this, or of more than one line, is shown as a word diff, not whole.
LONG_TEXT = 120
# Words of unchanged text kept around a change in a word diff.
CONTEXT_WORDS = 6
CREATION_SUMMARY_MAX = 400


def tracked(*, verbose_name, excluded_fields: Sequence[str] = ()):
    """Return the `HistoricalRecords` every followed model uses: Swedish name, bookkeeping left out."""
    from simple_history.models import HistoricalRecords

    class TrackedRecords(HistoricalRecords):
        def finalize(self, sender, **kwargs):
            # simple-history refuses to exclude a field the model lacks; the model is whole only now.
            if sender is self.cls:
                names = {field.name for field in sender._meta.local_fields}
                self.excluded_fields = [name for name in self.excluded_fields if name in names]
            super().finalize(sender, **kwargs)

    return TrackedRecords(
        verbose_name=verbose_name, excluded_fields=[*NOT_TRACKED, *excluded_fields], get_user=_history_user
    )


def _history_user(instance, request=None, **kwargs):
    """Return who made the change: the request's user, else the one the row names (a section's updated_by)."""
    if request is not None and request.user.is_authenticated:
        return request.user
    return getattr(instance, "updated_by", None)


def _is_amount(field: models.Field) -> bool:
    if isinstance(field, models.BigIntegerField | models.PositiveBigIntegerField):
        return True
    return isinstance(field, models.IntegerField) and "(kr)" in str(field.verbose_name)


def value_text(field: models.Field, value, *, names: dict | None = None) -> str:
    """Write a stored value as the change history shows it ("" for empty: the page shows "–")."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        if names is not None and (field.related_model, value) in names:
            return names[(field.related_model, value)]
        related = field.related_model._base_manager.filter(pk=value).first()
        text = str(related) if related is not None else f"#{value}"
        if names is not None:
            names[(field.related_model, value)] = text
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if _is_amount(field):
        return formatting.kr(value)
    if isinstance(field, models.DateTimeField):
        return formatting.isodate(value)
    if isinstance(field, models.DateField):
        return formatting.isodate(value)
    if isinstance(field, models.TimeField):
        return value.strftime("%H.%M") if isinstance(value, datetime.time) else str(value)
    if isinstance(field, models.DecimalField) or isinstance(value, Decimal):
        return formatting.format_number(value)
    return str(value)


def _fields(history_model) -> list[models.Field]:
    # The budget's histories began before NOT_TRACKED and keep the revision: it is never a change to show.
    return [field for field in history_model.tracked_fields if not field.primary_key and field.name not in NOT_TRACKED]


def _object_url(instance) -> str:
    try:
        return instance.get_absolute_url()
    except Exception:  # noqa: BLE001 - no page, or one that needs what the row no longer has
        return ""


def _summary(record, fields, names) -> str:
    parts = []
    for field in fields:
        text = value_text(field, getattr(record, field.attname), names=names)
        if not text or isinstance(field, models.TextField) and len(text) > LONG_TEXT:
            continue
        parts.append(f"{capfirst(str(field.verbose_name))}: {text}")
    summary = "; ".join(parts)
    return summary if len(summary) <= CREATION_SUMMARY_MAX else summary[: CREATION_SUMMARY_MAX - 1] + "…"


def _previous_records(records) -> dict[int, object]:
    """Return, by history_id, the record before each of `records` (one query per historical model)."""
    previous = {}
    by_model: dict[type, list] = {}
    for record in records:
        if record.history_type == "~":
            by_model.setdefault(type(record), []).append(record)
    for history_model, rows in by_model.items():
        pk_name = history_model.instance_type._meta.pk.attname
        ids = {getattr(row, pk_name) for row in rows}
        new = {row.history_id for row in rows}
        candidates = (
            history_model.objects.filter(**{f"{pk_name}__in": ids})
            .exclude(history_id__in=new)
            .order_by(pk_name, "-history_date", "-history_id")
        )
        latest = {}
        for candidate in candidates:
            latest.setdefault(getattr(candidate, pk_name), candidate)
        # Rows of one batch follow each other too: a later row compares with the earlier one.
        for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
            key = getattr(row, pk_name)
            if key in latest:
                previous[row.history_id] = latest[key]
            latest[key] = row
    return previous


def _related_objects(records) -> dict:
    """Return every object the records' foreign keys point at, by (model, pk): one query per related model.

    So that writing the history of a batch (an import, a copied budget) reads as much for
    20 rows as for 20 000, and not one query per member or category named.
    """
    wanted: dict[type, set] = {}
    for record in records:
        for field in _fields(type(record)):
            value = getattr(record, field.attname)
            if field.is_relation and value is not None:
                wanted.setdefault(field.related_model, set()).add(value)
    related = {}
    for model, ids in wanted.items():
        found = model._base_manager.in_bulk(list(ids))
        related.update({(model, pk): obj for pk, obj in found.items()})
    return related


def _instance(record, related: dict):
    """Return the object as the record saved it, its foreign keys filled from `related` (its name reads no query)."""
    instance = record.instance
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.many_to_one:
            obj = related.get((field.related_model, getattr(instance, field.attname)))
            if obj is not None:
                field.set_cached_value(instance, obj)
    return instance


def _label(instance) -> str:
    """The object's name as the record saved it; its kind and number when its name cannot be made.

    An object saved with values not yet converted (a date still the text "2019-01-01", as a
    service or test may pass it) cannot always name itself; the history must still be written.
    """
    try:
        return str(instance)
    except (AttributeError, TypeError, ValueError):
        return f"{instance._meta.verbose_name} {instance.pk}"


def field_changes_for(records: Iterable) -> list:
    """Return the unsaved FieldChange rows that say what each historical record changed."""
    from .models import FieldChange

    records = list(records)
    if not records:
        return []
    previous = _previous_records(records)
    related = _related_objects([*records, *previous.values()])
    names = {key: str(obj) for key, obj in related.items()}
    rows = []
    for record in records:
        history_model = type(record)
        model = history_model.instance_type
        instance = _instance(record, related)
        user = record.history_user
        common = {
            "at": record.history_date,
            "user": user,
            "username": getattr(user, "username", "") or "",
            "content_type": ContentType.objects.get_for_model(model),
            "object_id": str(getattr(record, model._meta.pk.attname)),
            "object_label": _label(instance)[:300],
            "object_url": "" if record.history_type == "-" else _object_url(instance)[:300],
            "history_id": record.history_id,
        }
        fields = _fields(history_model)
        if record.history_type == "+":
            rows.append(FieldChange(kind=FieldChange.Kind.CREATED, after=_summary(record, fields, names), **common))
        elif record.history_type == "-":
            rows.append(FieldChange(kind=FieldChange.Kind.DELETED, before=_summary(record, fields, names), **common))
        else:
            before = previous.get(record.history_id)
            if before is None:  # the row was there before its history began
                rows.append(FieldChange(kind=FieldChange.Kind.CHANGED, after=_("Tidigare värden saknas."), **common))
                continue
            for field in fields:
                old, new = getattr(before, field.attname), getattr(record, field.attname)
                if old == new:
                    continue
                rows.append(
                    FieldChange(
                        kind=FieldChange.Kind.CHANGED,
                        field=field.name,
                        before=value_text(field, old, names=names),
                        after=value_text(field, new, names=names),
                        **common,
                    )
                )
    return rows


def record_field_changes(records: Iterable) -> list:
    """Store what each historical record changed, field by field (see the module's docstring)."""
    from .models import FieldChange

    return FieldChange.objects.bulk_create(field_changes_for(records))


def on_historical_record(sender, history_instance, **kwargs) -> None:
    """Receive simple-history's post_create_historical_record: store the record's field changes."""
    record_field_changes([history_instance])


def _history_rows(objs, model, *, acting_user, update: bool, when=None):
    manager = model.history
    return manager.bulk_history_create(objs, update=update, default_user=acting_user, default_date=when)


def bulk_create_with_changes(objs: Sequence[models.Model], model, *, acting_user, batch_size=None) -> list:
    """bulk_create `objs` with their historical records and change-history rows (bulk writes send no signal)."""
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    if created and created[0].pk is None:  # a database that returns no keys: read them back
        raise RuntimeError("bulk_create_with_changes needs a database that returns primary keys")
    record_field_changes(_history_rows(created, model, acting_user=acting_user, update=False))
    return created


def bulk_update_with_changes(
    objs: Sequence[models.Model], model, fields: Sequence[str], *, acting_user, batch_size=None
) -> None:
    """bulk_update `objs` with their historical records and change-history rows."""
    model.objects.bulk_update(objs, fields, batch_size=batch_size)
    record_field_changes(_history_rows(objs, model, acting_user=acting_user, update=True))


def history_models() -> list[type[models.Model]]:
    """Return every model that keeps a simple-history record (the models an auditor follows)."""
    from django.apps import apps

    return [model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")]


def base_records(*, models_: Iterable, acting_user=None) -> int:
    """Give every row of `models_` that has no history a base record; return how many got one.

    For data loaded with loaddata (raw saves, which simple-history passes over): later
    changes then have something to be compared with. No change-history rows: see `record_loaded`.
    """
    count = 0
    now = timezone.now()
    for model in models_:
        history_model = model.history.model
        pk_name = model._meta.pk.attname
        known = history_model.objects.values_list(pk_name, flat=True)
        rows = list(model._base_manager.exclude(pk__in=known))
        if rows:
            model.history.bulk_history_create(rows, default_user=acting_user, default_date=now)
            count += len(rows)
    return count


def record_loaded(*, label: str, count: int, acting_user=None):
    """Note in the change history, as one entry, that `count` rows were loaded at once (`label`)."""
    from .models import FieldChange

    return FieldChange.objects.create(
        at=timezone.now(),
        user=acting_user,
        username=getattr(acting_user, "username", "") or "",
        kind=FieldChange.Kind.LOADED,
        object_label=label,
        after=_("%(count)d poster") % {"count": count},
    )


# --- reading -----------------------------------------------------------------------------

WORD = re.compile(r"\s+|[^\s]+")


def is_long_text(field: models.Field | None, before: str, after: str) -> bool:
    """Return True when a change is shown as a word diff rather than before → after."""
    if field is not None and not isinstance(field, models.TextField):
        return False
    return any(len(text) > LONG_TEXT or "\n" in text for text in (before, after))


def word_diff(before: str, after: str, *, context: int | None = CONTEXT_WORDS) -> list[tuple[str, str]]:
    """Return the word diff of two texts as (op, text) pieces: op "equal", "insert", "delete" or "skip".

    With `context`, unchanged runs longer than twice that many words are cut to their
    ends, with a "skip" piece ("…") between.
    """
    old, new = WORD.findall(before or ""), WORD.findall(after or "")
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            keep = context * 2 if context is not None else None
            if keep is not None and len(words) > keep:
                head = words[:keep] if index > 0 else []
                tail = words[-keep:] if index < len(opcodes) - 1 else []
                if head:
                    pieces.append(("equal", "".join(head)))
                pieces.append(("skip", "…"))
                if tail:
                    pieces.append(("equal", "".join(tail)))
            else:
                pieces.append(("equal", "".join(words)))
            continue
        if tag in ("delete", "replace"):
            pieces.append(("delete", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(("insert", "".join(new[j1:j2])))
    return pieces

"""What keeps a row from being deleted: the rows elsewhere that point at it and must not lose it.

An app below cannot name what the apps above keep about its rows (a plan version sent to
a meeting, a budget line naming an insats). Their foreign keys say it themselves: a
PROTECT or RESTRICT reference is a record that needs the row. A delete service asks here
first, so the user reads which records hold the row instead of a database error.
"""

from django.db import models


def protecting_records(row: models.Model) -> list[str]:
    """Return the plural names of the kinds of records that hold `row` through a protecting foreign key.

    One query per such relation, whatever the data.
    """
    names = []
    for relation in row._meta.related_objects:
        if relation.on_delete not in (models.PROTECT, models.RESTRICT) or relation.many_to_many:
            continue
        holders = relation.related_model._base_manager.filter(**{relation.field.name: row.pk})
        if holders.exists():
            names.append(str(relation.related_model._meta.verbose_name_plural))
    return sorted(set(names))

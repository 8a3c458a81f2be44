"""Writes the whole app shares: the audit trail, a user's roles, the plain save of rows with only their own rules."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent
from .revisions import Revisioned, revision_claim
from .roles import ROLE_NAMES_CACHE


def audit_record(*, acting_user, action: str, summary: str, details: dict | None = None, at=None) -> AuditEvent:
    """Record a governance action in the audit trail (inside the caller's transaction).

    The user name is kept as text too, so the trail still says who it was if the
    account is later removed.
    """
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        user=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        username=getattr(acting_user, "username", "") or "",
        action=action,
        summary=summary[:500],
        details=details or {},
    )


@transaction.atomic
def user_roles_set(*, user, groups: Iterable[Group], acting_user) -> None:
    """Give `user` exactly the roles `groups`, recording the change in the audit trail when there is one."""
    before = set(user.groups.values_list("name", flat=True))
    user.groups.set(groups)
    user.__dict__.pop(ROLE_NAMES_CACHE, None)
    after = set(user.groups.values_list("name", flat=True))
    if before == after:
        return
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.ROLE_CHANGED,
        summary=_("%(user)s: %(before)s → %(after)s")
        % {
            "user": user.username,
            "before": ", ".join(sorted(before)) or _("ingen roll"),
            "after": ", ".join(sorted(after)) or _("ingen roll"),
        },
        details={"user": user.pk, "added": sorted(after - before), "removed": sorted(before - after)},
    )


def _attribute(row: models.Model, acting_user) -> None:
    # simple-history takes the user from the request; services also run from the shell and imports.
    if acting_user is not None:
        row._history_user = acting_user


@transaction.atomic
def row_save(*, row: models.Model, acting_user=None, expected_revision: int | None = None) -> models.Model:
    """Check and save a row whose rules are all its own (`clean()`, `Meta.constraints`).

    For the registers that have no rule across rows (people, members, target groups …);
    an app with such rules writes through a service of its own. A `Revisioned` row is
    refused when it changed since `expected_revision` (see core.revisions).
    """
    if isinstance(row, Revisioned):
        revision_claim(row, expected_revision=expected_revision)
    row.full_clean()
    _attribute(row, acting_user)
    row.save()
    return row


@transaction.atomic
def row_delete(*, row: models.Model, acting_user=None, expected_revision: int | None = None) -> None:
    """Delete a row whose rules are all its own, unless it changed since `expected_revision`."""
    if isinstance(row, Revisioned):
        revision_claim(row, expected_revision=expected_revision)
    _attribute(row, acting_user)
    row.delete()

"""Writes the whole app shares."""

from django.utils import timezone

from .models import AuditEvent


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

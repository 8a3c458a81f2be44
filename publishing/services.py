"""Writes: publishing a document on the open web and withdrawing it, each in the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import AuditEvent
from core.services import audit_record
from plans.models import Plan, PlanVersion

from .models import Publication
from .selectors import plan_publication


def plan_slug(plan: Plan) -> str:
    """Return the public address of `plan` under /publicerat/: verksamhetsplan-2018, verksamhetsplan-2007-2008."""
    years = str(plan.first_year) if plan.last_year == plan.first_year else f"{plan.first_year}-{plan.last_year}"
    return f"verksamhetsplan-{years}"


@transaction.atomic
def plan_publish(*, plan: Plan, acting_user, now=None) -> Publication:
    """Publish the adopted version of `plan` on the open web, as HTML and its stored PDF.

    Only an adopted plan is published, and only once at a time; anything else is refused
    with a Swedish message and nothing changes.
    """
    # The plan's row is the lock: two publishes at once queue here, and the second finds the first.
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    version = PlanVersion.objects.filter(plan=plan, is_adoption=True).only("pk", "number").first()
    if not plan.is_adopted or version is None:
        raise ValidationError(
            _("%(plan)s är inte fastställd. Bara en fastställd plan kan publiceras.") % {"plan": plan},
            code="not_adopted",
        )
    if plan_publication(plan) is not None:
        raise ValidationError(_("%(plan)s är redan publicerad.") % {"plan": plan}, code="published")
    publication = Publication(
        kind=Publication.Kind.PLAN, slug=plan_slug(plan), plan_version=version,
        published_at=now or timezone.now(), published_by=acting_user,
    )  # fmt: skip
    publication.full_clean()
    publication.save()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PUBLISHED,
        summary=_("%(plan)s (version %(number)d) publicerad på den öppna webbplatsen, %(path)s")
        % {"plan": plan, "number": version.number, "path": reverse("publishing:document", args=[publication.slug])},
        details={"publication": publication.pk, "plan": plan.pk, "version": version.number, "slug": publication.slug},
        at=publication.published_at,
    )
    return publication


@transaction.atomic
def plan_withdraw(*, plan: Plan, acting_user, now=None) -> Publication:
    """Withdraw the publication of `plan`: its public page and PDF answer 404 from now on.

    The row is kept with who withdrew it and when; the audit trail says so too.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    publication = plan_publication(plan)
    if publication is None:
        raise ValidationError(_("%(plan)s är inte publicerad.") % {"plan": plan}, code="not_published")
    publication.withdrawn_at = now or timezone.now()
    publication.withdrawn_by = acting_user
    publication.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PUBLICATION_WITHDRAWN,
        summary=_("Publiceringen av %(plan)s på den öppna webbplatsen är borttagen (%(path)s)")
        % {"plan": plan, "path": reverse("publishing:document", args=[publication.slug])},
        details={"publication": publication.pk, "plan": plan.pk, "slug": publication.slug},
        at=publication.withdrawn_at,
    )
    return publication

"""A document the förbundschef has published on the open part of sofint, and its withdrawal."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """Return the publications everyone may read: not withdrawn, and of a document that is adopted.

        The service publishes only adopted documents; this reads the state again, so that
        nothing not adopted is ever shown, whatever happened to the row since.
        """
        return self.filter(
            withdrawn_at__isnull=True,
            kind=Publication.Kind.PLAN,
            plan_version__is_adoption=True,
            plan_version__plan__status="faststalld",  # plans.models.Plan.Status.ADOPTED
        )


class Publication(models.Model):
    """One document made public by a deliberate act, until it is withdrawn.

    A publication points at the frozen document it shows: now the adopted version of a
    plan (`plan_version`). Other kinds (annual reports, justerade minutes) get a choice
    in `Kind`, a key of their own beside `plan_version` and a constraint saying which key
    their kind needs. A withdrawn publication is kept, with who withdrew it and when;
    publishing the same document again makes a new row at the same address (`slug`).
    """

    class Kind(models.TextChoices):
        PLAN = "verksamhetsplan", _("Verksamhetsplan")

    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.PLAN)
    # The address under /publicerat/, made from the document: verksamhetsplan-2018.
    slug = models.SlugField(_("adress"), max_length=100)
    plan_version = models.ForeignKey(
        "plans.PlanVersion", verbose_name=_("fastställd planversion"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="publications",
    )  # fmt: skip
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("publicerad av"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(_("publiceringen borttagen"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borttagen av"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicering")
        verbose_name_plural = _("publiceringar")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_one_per_address",
                violation_error_message=_("Ett annat dokument är redan publicerat på den adressen."),
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["plan_version"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_one_per_version",
                violation_error_message=_("Planen är redan publicerad."),
            ),  # fmt: skip
            models.CheckConstraint(
                condition=~Q(kind="verksamhetsplan") | Q(plan_version__isnull=False),
                name="publication_plan_has_version",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("published_at")),
                name="publication_withdrawn_after_published",
            ),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("publishing:document", args=[self.slug])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

"""Reads for the public pages and for the plan page's publishing panel, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import isodate
from plans.models import Plan, PlanVersion
from plans.selectors import Document, version_document

from .models import Publication

# The public list's heading for each kind of document, in the list's order.
KIND_HEADINGS = {Publication.Kind.PLAN: gettext_lazy("Verksamhetsplaner")}


@dataclass(frozen=True)
class PublicDocument:
    """One published document as the public list and its page name it (without its content)."""

    publication_id: int
    kind: str
    slug: str
    title: str
    subtitle: str
    status_line: str  # "Fastställd av styrelsen för Samordningsförbundet SOFINT 2018-03-23"
    published_at: datetime.datetime
    made_at: datetime.datetime  # when its stored PDF was made: the adoption
    version_id: int
    pdf_pages: int
    pdf_size: int  # bytes
    file_stem: str

    @property
    def heading(self) -> str:
        """Return the heading the public list gives documents of this kind: "Verksamhetsplaner"."""
        return str(KIND_HEADINGS[self.kind])

    @property
    def published_on(self) -> datetime.date:
        return timezone.localdate(self.published_at)

    def get_absolute_url(self) -> str:
        return reverse("publishing:document", args=[self.slug])

    @property
    def pdf_url(self) -> str:
        return reverse("publishing:document_pdf", args=[self.slug])


@dataclass(frozen=True)
class PublicListing:
    """What the public list shows, and when the set of publications last changed (for Last-Modified)."""

    documents: list[PublicDocument]
    changed_at: datetime.datetime | None  # the latest publication or withdrawal, None when there has been none


def _public_rows():
    # Neither the PDF's bytes nor the snapshot: a list (and a 304) reads only what names the document.
    return (
        Publication.objects.public()
        .select_related("plan_version__plan")
        .defer("plan_version__pdf", "plan_version__document", "plan_version__known_problems")
        .annotate(pdf_size=Length("plan_version__pdf"))
    )


def _public_document(publication: Publication) -> PublicDocument:
    version = publication.plan_version
    plan = version.plan
    return PublicDocument(
        publication_id=publication.pk,
        kind=publication.kind,
        slug=publication.slug,
        title=plan.title,
        subtitle=plan.subtitle,
        status_line=_status_line(plan),
        published_at=publication.published_at,
        made_at=version.sent_at,
        version_id=version.pk,
        pdf_pages=version.pdf_pages,
        pdf_size=publication.pdf_size or 0,
        file_stem=plan.file_stem,
    )


def _status_line(plan: Plan) -> str:
    line = _("Fastställd av styrelsen %(date)s") % {"date": isodate(plan.adopted_on)}
    return f"{line} ({plan.adoption_reference})" if plan.adoption_reference else line


def public_listing() -> PublicListing:
    """Return every document public now, newest plan first, in two queries."""
    rows = _public_rows().order_by("-plan_version__plan__first_year", "-published_at")
    documents = [_public_document(row) for row in rows]
    # Withdrawn rows count too: a withdrawal changes the list, so it moves Last-Modified on.
    latest = Publication.objects.aggregate(published=Max("published_at"), withdrawn=Max("withdrawn_at"))
    changed_at = max((stamp for stamp in latest.values() if stamp is not None), default=None)
    return PublicListing(documents, changed_at)


def public_document(slug: str) -> PublicDocument | None:
    """Return the document public now at `slug`, or None (never published, withdrawn, not adopted)."""
    row = _public_rows().filter(slug=slug).first()
    return _public_document(row) if row is not None else None


def public_document_content(document: PublicDocument) -> Document:
    """Return the frozen document as adopted: its sections, text and data blocks (one query)."""
    return version_document(PlanVersion.objects.only("document").get(pk=document.version_id))


def public_document_pdf(document: PublicDocument) -> bytes:
    """Return the PDF stored at the adoption, byte for byte (one query)."""
    return bytes(PlanVersion.objects.only("pdf").get(pk=document.version_id).pdf)


def plan_publication(plan: Plan) -> Publication | None:
    """Return the publication of `plan`'s adopted version that is public now, or None (one query)."""
    return (
        Publication.objects.filter(plan_version__plan=plan, plan_version__is_adoption=True, withdrawn_at__isnull=True)
        .select_related("published_by")
        .first()
    )

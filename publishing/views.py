"""The public pages (no login: the list, each document as HTML and its PDF) and the förbundschef's publish and withdraw.

The public pages are the same for everyone, logged in or not, and are cached by proxies:
each answers with Cache-Control public, an ETag and a Last-Modified, and a conditional
request whose copy is current gets a 304. Nothing on them reads the session, the user,
the messages or the CSRF token, so the session and CSRF middleware add neither a cookie
nor `Vary: Cookie` (tests/publishing/test_caching.py checks the headers).
"""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.downloads import content_disposition
from governance.selectors import organisation_get
from plans.models import Plan

from . import selectors, services
from .permissions import can_publish

# The templates the public pages are made from: a change to any of them makes new ETags.
PUBLIC_TEMPLATES = (
    "publishing/base_public.html",
    "publishing/public_list.html",
    "publishing/public_document.html",
    "plans/_document.html",
)


@functools.cache
def _templates_digest() -> str:
    sources = [loader.get_template(name).template.source for name in PUBLIC_TEMPLATES]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()


def _etag(*parts) -> str:
    return quote_etag(hashlib.sha256(repr(parts).encode()).hexdigest()[:32])


def _organisation_key(organisation) -> tuple:
    # What the layout shows of the förbund: renaming it changes every public page.
    return (organisation.name, organisation.short_name, organisation.org_number) if organisation else ()


def _cached(request, *, etag: str, last_modified, make) -> HttpResponse:
    """Answer 304 when the client's (or the proxy's) copy is current, else `make()` the response; both cacheable.

    Not django.views.decorators.http.condition: it computes the validators in functions of
    their own, before the view, so the page's one read would be done twice.
    """
    stamp = int(last_modified.timestamp()) if last_modified is not None else None
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is None:
        response = make()
    response.headers.setdefault("ETag", etag)
    if stamp is not None:
        response.headers.setdefault("Last-Modified", http_date(stamp))
    patch_cache_control(response, public=True, max_age=settings.SOFINT_PUBLIC_MAX_AGE)
    return response


@login_not_required
@require_safe
def document_list(request):
    """Everything the förbund has published, each as a web page and its PDF."""
    organisation = organisation_get()
    listing = selectors.public_listing()
    etag = _etag(
        "list", _templates_digest(), _organisation_key(organisation),
        [(document.publication_id, document.slug, document.title) for document in listing.documents],
    )  # fmt: skip
    context = {"organisation": organisation, "documents": listing.documents}
    return _cached(
        request, etag=etag, last_modified=listing.changed_at,
        make=lambda: render(request, "publishing/public_list.html", context),
    )  # fmt: skip


def _published_or_404(slug: str) -> selectors.PublicDocument:
    document = selectors.public_document(slug)
    if document is None:  # never published, withdrawn, not adopted, or no such address: the same answer
        raise Http404
    return document


@login_not_required
@require_safe
def document_page(request, slug):
    """A published document as an accessible web page: the frozen text and tables, its PDF beside it."""
    organisation = organisation_get()
    document = _published_or_404(slug)
    etag = _etag("page", _templates_digest(), _organisation_key(organisation), document.publication_id)

    def make():
        context = {
            "organisation": organisation,
            "published": document,
            "document": selectors.public_document_content(document),
        }
        return render(request, "publishing/public_document.html", context)

    return _cached(request, etag=etag, last_modified=document.published_at, make=make)


@login_not_required
@require_safe
def document_pdf(request, slug):
    """The published document's PDF: the bytes stored when it was adopted, never made again."""
    document = _published_or_404(slug)
    etag = _etag("pdf", document.version_id, document.pdf_size)

    def make():
        response = HttpResponse(selectors.public_document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(f"{document.file_stem}.pdf", inline=True)
        return response

    return _cached(request, etag=etag, last_modified=document.made_at, make=make)


class PublisherMixin(UserPassesTestMixin):
    """The förbundschef's pages that publish an adopted plan or withdraw its publication, after a confirmation."""

    template_name = ""

    def test_func(self):
        return can_publish(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan.objects.all(), pk=kwargs["plan_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        publication = selectors.plan_publication(self.plan)
        slug = publication.slug if publication else services.plan_slug(self.plan)
        return super().get_context_data(
            plan=self.plan,
            publication=publication,
            public_url=self.request.build_absolute_uri(reverse("publishing:document", args=[slug])),
            max_age_minutes=max(1, round(settings.SOFINT_PUBLIC_MAX_AGE / 60)),
            **kwargs,
        )


class PlanPublishView(PublisherMixin, TemplateView):
    template_name = "publishing/plan_publish.html"

    def post(self, request, plan_id):
        try:
            publication = services.plan_publish(plan=self.plan, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.plan)
        messages.success(
            request,
            _("%(plan)s är publicerad på den öppna webbplatsen: %(url)s")
            % {"plan": self.plan, "url": request.build_absolute_uri(publication.get_absolute_url())},
        )
        return redirect(self.plan)


class PlanWithdrawView(PublisherMixin, TemplateView):
    template_name = "publishing/plan_withdraw.html"

    def post(self, request, plan_id):
        try:
            services.plan_withdraw(plan=self.plan, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.plan)
        messages.success(
            request, _("Publiceringen av %(plan)s är borttagen. Den syns inte längre utan inloggning.")
            % {"plan": self.plan},
        )  # fmt: skip
        return redirect(self.plan)

import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.downloads import content_disposition
from core.revisions import DocumentLockedError, StaleWriteError, stale_write_message

from . import pdfcache, queue, selectors, services
from .changes import document_changes
from .checklist import plan_checklist
from .forms import (
    BLOCK_PREFIX,
    AdoptForm,
    PlanCreateForm,
    PlanDetailsForm,
    PlanYearsChangeForm,
    SectionAddForm,
    SectionForm,
    SendForm,
    block_formset,
)
from .models import PdfJob, Plan, PlanVersion, RenderedPdf, Section
from .pdf import PdfRenderError
from .permissions import can_edit_plan, can_edit_plans, can_view_plan_page, can_view_plans, can_view_working_copy


class PlanReaderMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_plans(self.request.user)


class PlanEditorMixin(UserPassesTestMixin):
    def test_func(self):
        return can_edit_plans(self.request.user)


class PlanMixin:
    """Fetch the plan named in the URL once; send editing views of an adopted plan back to it.

    The plan may still be adopted after this check, while the user fills in the form: the
    service then refuses the write (services.PlanLockedError), which the section page shows
    on its form and every other page as the Swedish 409 (core.middleware.ConflictMiddleware).
    """

    edits = False
    # For the pages that only a plan never sent to the board has (delete, correct its
    # years): the Swedish refusal for any other, with %(plan)s for its title.
    drafts_only = ""

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan.objects.all(), pk=kwargs["plan_id"])
        if self.edits and not can_edit_plan(request.user, self.plan):
            return locked_redirect(request, self.plan)
        if self.drafts_only and not self.plan.is_draft:
            messages.error(request, self.drafts_only % {"plan": self.plan})
            return redirect(self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            plan=self.plan, can_edit=can_edit_plans(user), can_edit_plan=can_edit_plan(user, self.plan), **kwargs
        )


PDF_FAILED = gettext_lazy(
    "PDF:en kunde inte skapas, så ingenting har sparats. Felet är loggat; försök igen om en stund "
    "eller kontakta den som sköter sofint."
)


def locked_redirect(request, plan):
    messages.error(request, services.PlanLockedError(plan).message)
    return redirect(plan)


class PlanListView(PlanReaderMixin, TemplateView):
    template_name = "plans/plan_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        working_copy = can_view_working_copy(user)
        plans = Plan.objects.annotate(version_count=Count("versions"), last_version=Max("versions__number"))
        if not working_copy:
            # A plan never sent is the förbundschef's working copy: no link leads a board member there.
            plans = plans.exclude(status=Plan.Status.DRAFT)
        return super().get_context_data(plans=plans, can_edit=can_edit_plans(user), working_copy=working_copy, **kwargs)


class PlanCreateView(PlanEditorMixin, FormView):
    template_name = "plans/plan_create.html"
    form_class = PlanCreateForm

    def form_valid(self, form):
        data = form.cleaned_data
        plan = services.plan_create(
            first_year=data["first_year"], last_year=data["last_year"], given_title=data["given_title"],
            subtitle=data["subtitle"], document_date=data["document_date"],
        )  # fmt: skip
        messages.success(self.request, _("%(plan)s är skapad.") % {"plan": plan})
        return redirect("plans:editor", plan_id=plan.pk)


class PlanDetailView(PlanReaderMixin, PlanMixin, TemplateView):
    """The plan as the board reads it: status, versions and the document itself.

    An adopted plan shows what was stored at its adoption; a plan not yet adopted shows
    its working copy to those who may read it and its latest version sent to the others
    (permissions.can_view_working_copy); a plan never sent is not shown to them.
    """

    template_name = "plans/plan_detail.html"

    def get(self, request, *args, **kwargs):
        if not can_view_plan_page(request.user, self.plan):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = selectors.plan_page(self.plan, working_copy=can_view_working_copy(self.request.user))
        # The checklist is the office's: shown on the working copy to those who may change the plan.
        show_checklist = page.tree is not None and not self.plan.is_adopted and can_edit_plans(self.request.user)
        readiness = plan_checklist(self.plan, tree=page.tree) if show_checklist else None
        # Next year's plan, when it is begun already: the page leads there instead of offering a copy.
        span = self.plan.last_year - self.plan.first_year + 1
        next_plan = Plan.objects.filter(first_year=self.plan.first_year + span).first()
        return super().get_context_data(
            page=page, document=page.document, readiness=readiness, next_plan=next_plan, **kwargs
        )


class PlanEditorView(PlanEditorMixin, PlanMixin, TemplateView):
    edits = True

    template_name = "plans/plan_editor.html"

    def get_context_data(self, **kwargs):
        tree = selectors.section_tree(self.plan)
        nodes = selectors.flatten(tree)
        form = kwargs.pop("add_form", None) or SectionAddForm(plan=self.plan, numbered_sections=nodes)
        return super().get_context_data(
            nodes=nodes, add_form=form, readiness=plan_checklist(self.plan, tree=tree), **kwargs
        )

    def post(self, request, *args, **kwargs):
        tree = selectors.flatten(selectors.section_tree(self.plan))
        form = SectionAddForm(request.POST, plan=self.plan, numbered_sections=tree)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(add_form=form))
        try:
            section = services.section_add(
                plan=self.plan,
                title=form.cleaned_data["title"],
                parent=form.cleaned_data["parent"],
                acting_user=request.user,
            )
        except services.SectionMoveError as error:
            messages.error(request, str(error))
            return redirect("plans:editor", plan_id=self.plan.pk)
        messages.success(request, _("Avsnittet %(title)s är tillagt.") % {"title": section.title})
        return redirect("plans:section", plan_id=self.plan.pk, section_id=section.pk)


class SectionEditView(PlanEditorMixin, PlanMixin, TemplateView):
    """Edit one section's text and data block; a stale save is refused, the text kept."""

    edits = True

    template_name = "plans/section_form.html"

    def get_section(self):
        return get_object_or_404(Section, pk=self.kwargs["section_id"], plan_id=self.kwargs["plan_id"])

    def get(self, request, *args, **kwargs):
        section = self.get_section()
        form = SectionForm(instance=section)
        blocks = block_formset(plan=self.plan, section=section)
        return self.render_to_response(self.get_context_data(section=section, form=form, blocks=blocks))

    def bound_blocks(self, section, data):
        """The posted blocks; a post without them (no management form) leaves the section's blocks as they are."""
        if f"{BLOCK_PREFIX}-TOTAL_FORMS" not in data:
            return None
        return block_formset(plan=self.plan, section=section, data=data)

    def post(self, request, *args, **kwargs):
        section = self.get_section()
        form = SectionForm(request.POST, instance=Section(pk=section.pk, plan=self.plan))
        blocks = self.bound_blocks(section, request.POST)
        shown_blocks = blocks or block_formset(plan=self.plan, section=section)
        valid = form.is_valid()
        if blocks is not None and not blocks.is_valid():
            valid = False
        if not valid:
            return self.render_to_response(self.get_context_data(section=section, form=form, blocks=shown_blocks))
        try:
            services.section_update(
                section=section,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                blocks=blocks.blocks() if blocks is not None else None,
                removed_numbers=blocks.removed_numbers() if blocks is not None else frozenset(),
                expected_revision=form.opened_revision,
                acting_user=request.user,
            )
        except StaleWriteError as error:
            return self.conflict_response(section, form, error, shown_blocks)
        except services.PlanLockedError as error:
            # Adopted while the user wrote: nothing is saved, but the text stays on the page to copy.
            form.add_error(None, error)
            context = self.get_context_data(section=section, form=form, blocks=shown_blocks)
            return self.render_to_response(context, status=409)
        except ValidationError as error:  # a block without its insats or meeting, caught by the service
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(section=section, form=form, blocks=shown_blocks))
        messages.success(request, _("Avsnittet är sparat."))
        return redirect("plans:section", plan_id=self.plan.pk, section_id=section.pk)

    def conflict_response(self, section, form, error: StaleWriteError, blocks):
        """Refuse a stale save with 409: the user's text on the form, the saved text beside it, who saved."""
        current = error.current
        if current is None:  # deleted meanwhile: there is nothing to save into
            form.add_stale_write_error(error)
            context = self.get_context_data(section=section, form=form, blocks=blocks)
            return self.render_to_response(context, status=409)
        # Keep the user's text and blocks on the page and base a new save on the current
        # revision, so the next save is a deliberate choice made after seeing the other text.
        data = self.request.POST.copy()
        data["revision"] = current.revision
        fresh = SectionForm(data, instance=Section(pk=section.pk, plan=self.plan))
        fresh.is_valid()
        who = (current.updated_by.get_full_name() or current.updated_by.username) if current.updated_by else "?"
        fresh.add_error(
            None,
            " ".join(
                [
                    stale_write_message(error=error, sent=form.cleaned_data),
                    _(
                        "Avsnittet har sparats av %(who)s sedan du öppnade det. Din text och dina datablock är kvar "
                        "nedan: jämför med det sparade, för över det som ska med och spara igen."
                    )
                    % {"who": who},
                ]
            ),
        )
        saved_blocks = [block.get_kind_display() for block in current.blocks.all()]
        context = self.get_context_data(
            section=current, form=fresh, conflict=current, conflict_blocks=saved_blocks, blocks=blocks
        )
        return self.render_to_response(context, status=409)

    def get_context_data(self, **kwargs):
        tree = selectors.flatten(selectors.section_tree(self.plan))
        section = kwargs["section"]
        number = next((node.number for node in tree if node.section.pk == section.pk), "")
        form = kwargs["form"]
        body = form["body"].value() or ""
        return super().get_context_data(number=number, preview_html=selectors.preview_markdown(body), **kwargs)


class SectionMoveView(PlanEditorMixin, PlanMixin, View):
    edits = True

    def post(self, request, plan_id, section_id, direction):
        if direction not in services.MOVES:
            raise Http404
        section = get_object_or_404(Section, pk=section_id, plan=self.plan)
        try:
            services.section_move(section=section, direction=direction)
        except services.SectionMoveError as error:
            messages.error(request, str(error))
        return redirect(reverse("plans:editor", kwargs={"plan_id": plan_id}) + f"#rad-{section_id}")


class SectionDeleteView(PlanEditorMixin, PlanMixin, TemplateView):
    edits = True

    template_name = "plans/section_delete.html"

    def get_context_data(self, **kwargs):
        section = get_object_or_404(Section, pk=self.kwargs["section_id"], plan=self.plan)
        return super().get_context_data(section=section, **kwargs)

    def post(self, request, plan_id, section_id):
        section = get_object_or_404(Section, pk=section_id, plan=self.plan)
        services.section_delete(section=section)
        messages.success(request, _("Avsnittet %(title)s är borttaget.") % {"title": section.title})
        return redirect("plans:editor", plan_id=plan_id)


class PlanYearsView(PlanEditorMixin, PlanMixin, FormView):
    """Correct the years of a plan that was never sent to the board."""

    edits = True
    drafts_only = gettext_lazy("%(plan)s har skickats till styrelsen, så dess år kan inte längre ändras.")

    template_name = "plans/plan_years.html"
    form_class = PlanYearsChangeForm

    def get_form_kwargs(self):
        # A copy: the form's checks must not change the plan the page names (self.plan).
        return {**super().get_form_kwargs(), "instance": Plan.objects.get(pk=self.plan.pk)}

    def form_valid(self, form):
        plan = services.plan_years_update(
            plan=self.plan,
            first_year=form.cleaned_data["first_year"],
            last_year=form.cleaned_data["last_year"],
            acting_user=self.request.user,
        )
        messages.success(self.request, _("Åren är ändrade: planen heter nu %(plan)s.") % {"plan": plan})
        return redirect(plan)


class PlanDetailsFormView(PlanEditorMixin, PlanMixin, FormView):
    """What the plan calls itself and the date on its cover, until it is adopted."""

    edits = True

    template_name = "plans/plan_details.html"
    form_class = PlanDetailsForm

    def get_form_kwargs(self):
        # A copy: the form's checks must not change the plan the page names (self.plan).
        return {**super().get_form_kwargs(), "instance": Plan.objects.get(pk=self.plan.pk)}

    def form_valid(self, form):
        plan = services.plan_details_update(
            plan=self.plan,
            given_title=form.cleaned_data["given_title"],
            subtitle=form.cleaned_data["subtitle"],
            document_date=form.cleaned_data["document_date"],
            acting_user=self.request.user,
        )
        messages.success(self.request, _("Uppgifterna är sparade: planen heter nu %(plan)s.") % {"plan": plan})
        return redirect(plan)


class PlanDeleteView(PlanEditorMixin, PlanMixin, TemplateView):
    """Delete a plan that was never sent to the board, after a confirmation."""

    edits = True
    drafts_only = gettext_lazy("%(plan)s har skickats till styrelsen och kan inte tas bort.")

    template_name = "plans/plan_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=self.plan.sections.count(), **kwargs)

    def post(self, request, plan_id):
        services.plan_delete(plan=self.plan, acting_user=request.user)
        messages.success(request, _("%(plan)s är borttagen.") % {"plan": self.plan})
        return redirect("plans:list")


class MarkdownPreviewView(PlanEditorMixin, View):
    """Render Markdown as the plan will show it, for the editor's live preview."""

    def post(self, request):
        html = selectors.preview_markdown(request.POST.get("body", ""))
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    def get(self, request):
        return HttpResponseNotAllowed(["POST"])


class PlanSendView(PlanEditorMixin, PlanMixin, FormView):
    """Send the working copy to the board as a new version, the checklist's open items acknowledged."""

    edits = True

    template_name = "plans/plan_send.html"
    form_class = SendForm

    def checklist(self):
        if not hasattr(self, "_checklist"):
            self._checklist = plan_checklist(self.plan)
        return self._checklist

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan, "problems": len(self.checklist())}

    def get_context_data(self, **kwargs):
        return super().get_context_data(readiness=self.checklist(), **kwargs)

    def form_valid(self, form):
        try:
            version = services.plan_send_to_board(
                plan=self.plan,
                acting_user=self.request.user,
                meeting=form.cleaned_data["meeting"],
                acknowledged=form.acknowledged_count(),
            )
        except PdfRenderError:
            messages.error(self.request, PDF_FAILED)
            return redirect(self.plan)
        except DocumentLockedError:
            raise  # adopted meanwhile: the Swedish 409 (core.middleware)
        except services.ProblemsNotAcknowledged as error:  # the list changed since the form was shown
            messages.error(self.request, " ".join(error.messages))
            return redirect("plans:send", plan_id=self.plan.pk)
        except ValidationError as error:  # the plan's years cannot be sent (Plan.years_problem)
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.plan)
        sent = _("Version %(number)d är skickad till styrelsen (%(pages)d sidor).") % {
            "number": version.number, "pages": version.pdf_pages,
        }  # fmt: skip
        if version.known_problems:
            sent += " " + _("Den är %(label)s; de står på planens sida.") % {
                "label": selectors.known_problems_label(len(version.known_problems))
            }
        messages.success(self.request, sent)
        return redirect(self.plan)


class PlanAdoptView(PlanEditorMixin, PlanMixin, FormView):
    edits = True

    template_name = "plans/plan_adopt.html"
    form_class = AdoptForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def form_valid(self, form):
        try:
            version = services.plan_adopt(
                plan=self.plan,
                acting_user=self.request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                meeting=form.cleaned_data["meeting"],
                reference=form.cleaned_data["reference"],
            )
        except PdfRenderError:
            messages.error(self.request, PDF_FAILED)
            return redirect(self.plan)
        except DocumentLockedError:
            raise
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.plan)
        messages.success(
            self.request,
            _("%(plan)s är fastställd och låst. Den fastställda versionen är version %(number)d.")
            % {"plan": self.plan, "number": version.number},
        )
        return redirect(self.plan)


class PlanCopyView(PlanEditorMixin, PlanMixin, View):
    def post(self, request, plan_id):
        span = self.plan.last_year - self.plan.first_year + 1
        existing = Plan.objects.filter(first_year=self.plan.first_year + span).first()
        if existing is not None:  # begun already (by someone else, or in another tab): go on with that one
            messages.info(request, _("%(plan)s finns redan; här är den.") % {"plan": existing})
            return redirect(existing)
        try:
            new_plan = services.plan_copy_to_next_year(plan=self.plan, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.plan)
        messages.success(request, _("%(plan)s är skapad som en kopia.") % {"plan": new_plan})
        return redirect("plans:editor", plan_id=new_plan.pk)


DOWNLOAD_COOKIE = "sofint_pdf_klar"
DOWNLOAD_TOKEN = re.compile(r"[A-Za-z0-9]{8,40}")
# Behind a login: no proxy keeps a PDF; the browser keeps it and asks again each time (a 304 is cheap).
PDF_CACHE_CONTROL = "private, no-cache"


def pdf_response(request, pdf: bytes, filename: str, *, etag: str = "") -> HttpResponse:
    """Return the PDF to show in the browser, or 304 when the browser has these very bytes.

    The ETag is the sha256 of the bytes unless the caller knows it (a draft: its fingerprint).
    """
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    response["ETag"] = etag or f'"{hashlib.sha256(pdf).hexdigest()}"'
    response["Cache-Control"] = PDF_CACHE_CONTROL
    return get_conditional_response(request, etag=response["ETag"], response=response)


class PlanPdfView(PlanReaderMixin, PlanMixin, View):
    """The plan's PDF: the adopted version when there is one, else the draft as it reads now.

    A draft is laid out only when its content has changed since it was last laid out
    (plans.pdfcache); a browser that has it already gets 304, and only its page count is read.
    """

    def get(self, request, plan_id):
        adopted = self.plan.versions.filter(is_adoption=True).only("pdf").first()
        if adopted is not None:
            return pdf_response(request, bytes(adopted.pdf), f"{self.plan.file_stem}.pdf")
        if not can_view_working_copy(request.user):
            raise PermissionDenied  # the board reads the versions sent to it (VersionPdfView)
        try:
            key = pdfcache.pdf_key(selectors.plan_document(self.plan))
        except PdfRenderError:
            messages.error(request, PDF_FAILED)
            return redirect(self.plan)
        pages = pdfcache.cached_pages(key) if has_etag(request, key.etag) else None
        if pages is not None:
            response = HttpResponseNotModified()
            response["ETag"], response["Cache-Control"] = key.etag, PDF_CACHE_CONTROL
        elif (kept := pdfcache.kept_pdf(key)) is not None:
            pdf, pages = kept
            response = pdf_response(request, pdf, f"{self.plan.file_stem}-utkast.pdf", etag=key.etag)
        else:
            # Not laid out yet: the render queue makes it, and the page says how far it has come.
            job = queue.request_pdf(
                plan=self.plan, fingerprint=key.fingerprint, html=key.html, title=key.document.dated_title,
                author=key.document.organisation_name, again=request.GET.get("igen") == "1",
            )  # fmt: skip
            return pdf_waiting_page(request, self.plan, job)
        token = request.GET.get("klar", "")
        if DOWNLOAD_TOKEN.fullmatch(token):
            # The page that asked for the PDF is told it is made, and how long it is (busy.js):
            # when the browser saves the file instead of showing it, that page is still there.
            response.set_cookie(
                DOWNLOAD_COOKIE, f"{token}.{pages}", max_age=60, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE, httponly=False,
            )  # fmt: skip
        return response


def pdf_status(job: PdfJob | None, pages: int | None) -> dict:
    """Return what the waiting page shows: the state, the place in the queue and the words for it."""
    if pages is not None:
        return {
            "state": "ready",
            "place": 0,
            "pages": pages,
            "text": _("PDF:en är klar: %(pages)d sidor.") % {"pages": pages},
        }
    if job is None:
        return {
            "state": "unknown",
            "place": 0,
            "pages": None,
            "text": _("PDF:en finns inte längre i kön. Ladda om sidan."),
        }
    if job.state == PdfJob.FAILED:
        timed_out = job.error.startswith(("timeout", "no layout slot"))
        text = (
            _("PDF:en tog för lång tid att göra och stoppades. Felet är loggat; försök igen om en stund.")
            if timed_out
            else _(
                "PDF:en kunde inte göras. Felet är loggat; försök igen om en stund "
                "eller kontakta den som sköter sofint."
            )
        )
        return {"state": "failed", "place": 0, "pages": None, "text": text}
    place = queue.place_in_queue(job)
    if place == 0:
        return {"state": "running", "place": 0, "pages": None, "text": _("PDF:en görs nu …")}
    return {
        "state": "queued", "place": place, "pages": None,
        "text": _("PDF:en görs … Plats i kön: %(place)d.") % {"place": place},
    }  # fmt: skip


def pdf_waiting_page(request, plan: Plan, job: PdfJob) -> HttpResponse:
    status = pdf_status(job, None)
    response = render(
        request,
        "plans/pdf_waiting.html",
        {
            "plan": plan,
            "status": status,
            "status_url": f"{reverse('plans:pdf_status', args=[plan.pk])}?f={job.fingerprint}",
            "pdf_url": reverse("plans:pdf", args=[plan.pk]),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


FINGERPRINT = re.compile(r"[0-9a-f]{64}")


class PlanPdfStatusView(PlanReaderMixin, PlanMixin, View):
    """How far the draft PDF with fingerprint ?f= has come, for the waiting page's script (JSON)."""

    def get(self, request, plan_id):
        if not can_view_working_copy(request.user):
            raise PermissionDenied
        fingerprint = request.GET.get("f", "")
        if not FINGERPRINT.fullmatch(fingerprint):
            return JsonResponse(pdf_status(None, None))
        pages = (
            RenderedPdf.objects.filter(fingerprint=fingerprint, plan=self.plan).values_list("pages", flat=True).first()
        )
        job = None
        if pages is None:
            job = PdfJob.objects.filter(fingerprint=fingerprint, plan=self.plan).first()
            if job is not None:
                queue.recover_stalled(job)
        response = JsonResponse(pdf_status(job, pages))
        response["Cache-Control"] = "no-store"
        return response


def has_etag(request, etag: str) -> bool:
    """Return True when the request's If-None-Match names `etag` (weak or strong, or "*")."""
    etags = [tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))]
    return etags == ["*"] or etag in etags


class VersionPdfView(PlanReaderMixin, PlanMixin, View):
    """A version's PDF as it was sent: its stored bytes, the same for every board member."""

    def get(self, request, plan_id, number):
        version = get_object_or_404(PlanVersion.objects.only("pdf", "number"), plan=self.plan, number=number)
        return pdf_response(request, bytes(version.pdf), f"{self.plan.file_stem}-version-{number}.pdf")


SINCE = re.compile(r"[0-9]{1,9}")


class VersionChangesView(PlanReaderMixin, PlanMixin, TemplateView):
    """What changed in version N compared with an earlier version (by default N − 1)."""

    template_name = "plans/version_changes.html"

    def get_context_data(self, **kwargs):
        versions = {version.number: version for version in self.plan.versions.select_related("meeting").defer("pdf")}
        number = self.kwargs["number"]
        if number not in versions:
            raise Http404
        since = self.request.GET.get("sedan", "")
        # ASCII digits only: "²" is a digit to str.isdigit() and no number to int().
        since = int(since) if SINCE.fullmatch(since) else number - 1
        if since not in versions or since >= number:
            raise Http404
        old, new = versions[since], versions[number]
        changes = document_changes(selectors.version_document(old), selectors.version_document(new))
        return super().get_context_data(
            version=new,
            meeting_label=selectors.version_meeting_label(self.plan, new),
            since=old,
            changes=changes,
            earlier=[v for n, v in sorted(versions.items()) if n < number],
            **kwargs,
        )


class SectionHistoryView(UserPassesTestMixin, PlanMixin, TemplateView):
    """Every saved text of one section, oldest first, with who and when and the words changed since the last.

    For those who read the change history (the auditor, the förbundschef). One query for
    every saved version (with the person), however many there are; a deleted section's
    versions are shown too.
    """

    template_name = "plans/section_history.html"

    def test_func(self):
        return self.request.user.has_perm("core.view_fieldchange")

    def get_context_data(self, **kwargs):
        versions = selectors.section_versions(plan=self.plan, section_id=self.kwargs["section_id"])
        if not versions:
            raise Http404
        return super().get_context_data(versions=versions, section=versions[-1], **kwargs)

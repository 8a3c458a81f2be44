from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.downloads import content_disposition
from core.forms import add_service_errors
from core.revisions import RELOAD, StaleWriteError, stale_write_message

from . import exports, selectors, services
from .forms import (
    CarryOverDecisionForm,
    CarryOverRowForm,
    GoalForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectYearFormSet,
    ReportForm,
    StatusForm,
    StatusHistoryForm,
    owner_formset,
)
from .models import FollowUpReport, Goal, Project, status_history_in_order
from .permissions import can_change_projects, can_view_projects
from .targets import Attainment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProjectsReadMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_projects(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=can_change_projects(self.request.user), **kwargs)


class ProjectsEditMixin(UserPassesTestMixin):
    def test_func(self):
        return can_change_projects(self.request.user)


def _stale(view, form, error: StaleWriteError):
    """Show the form again, with what the user sent, and say what someone else saved meanwhile (409)."""
    form.add_stale_write_error(error)
    return view.render_to_response(view.get_context_data(form=form), status=409)


class ProjectListView(ProjectsReadMixin, TemplateView):
    template_name = "projects/project_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.project_year_list()
        form = ProjectFilterForm(self.request.GET or None, years=years)
        filters = form.cleaned_data if form.is_valid() else {}
        owner = filters.get("owner")
        projects = selectors.project_list(
            status=filters.get("status", ""),
            year=filters.get("year"),
            kind=filters.get("kind", ""),
            owner=owner.pk if owner else None,
        )
        return super().get_context_data(
            form=form,
            projects=projects,
            year=filters.get("year"),
            current_year=timezone.localdate().year,
            years=years,
            **kwargs,
        )


class ProjectDetailView(ProjectsReadMixin, TemplateView):
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        try:
            page = selectors.project_get(project_id=self.kwargs["project_id"])
        except Project.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(page=page, project=page.project, attainments=Attainment, **kwargs)


class ProjectFormView(ProjectsEditMixin, TemplateView):
    """Create or edit a project with its money per year on one page."""

    template_name = "projects/project_form.html"

    def get_project(self) -> Project:
        if "project_id" in self.kwargs:
            return get_object_or_404(Project, pk=self.kwargs["project_id"])
        return Project()

    def get(self, request, *args, **kwargs):
        project = self.get_project()
        return self.render(
            ProjectForm(instance=project),
            ProjectYearFormSet(instance=project, prefix="years"),
            owner_formset(project),
        )

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = ProjectForm(request.POST, instance=project)
        formset = ProjectYearFormSet(request.POST, instance=project, prefix="years")
        owners = owner_formset(project, request.POST)
        # Each is validated (all errors are shown at once), then one service call saves them together.
        valid = [form.is_valid(), formset.is_valid(), owners.is_valid()]
        if all(valid):
            try:
                saved = services.project_save(
                    project=form.save(commit=False),
                    owners=owners.owners(),
                    participants=form.cleaned_data["participants"],
                    target_groups=form.cleaned_data["target_groups"],
                    years=formset.save(commit=False),
                    years_removed=formset.deleted_objects,
                    acting_user=request.user,
                    expected_revision=form.opened_revision,
                    **form.status_entry(),
                )
            except StaleWriteError as error:
                form.add_stale_write_error(error)
                return self.render(form, formset, owners, status=409)
            except ValidationError as error:
                add_service_errors(form, error, aliases={"owners": None})
            else:
                messages.success(request, _("Insatsen %(name)s är sparad.") % {"name": saved.name})
                if saved.member_warning:
                    messages.warning(request, saved.member_warning)
                return redirect(saved)
        return self.render(form, formset, owners)

    def render(self, form, formset, owners, status=200):
        project = form.instance
        context = self.get_context_data(form=form, formset=formset, owners=owners, project=project)
        return self.render_to_response(context, status=status)


class ProjectStatusView(ProjectsEditMixin, FormView):
    template_name = "projects/status_form.html"
    form_class = StatusForm

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(Project, pk=kwargs["project_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        try:
            change = services.project_change_status(
                project=self.project,
                to_status=form.cleaned_data["to_status"],
                decided_on=form.cleaned_data["decided_on"],
                meeting=form.cleaned_data["meeting"],
                decision_reference=form.cleaned_data["decision_reference"],
                note=form.cleaned_data["note"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Insatsen har nu status %(status)s.") % {"status": change.get_to_status_display().lower()}
        )
        return redirect(self.project)


class ProjectHistoryView(ProjectsEditMixin, FormView):
    """Record a status the project had before its current one, with the date and the decision."""

    template_name = "projects/history_form.html"
    form_class = StatusHistoryForm

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(Project, pk=kwargs["project_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs):
        changes = status_history_in_order(self.project.status_changes.select_related("meeting"))
        money_events = selectors.project_money_and_period_events(project=self.project)
        return super().get_context_data(project=self.project, changes=changes, money_events=money_events, **kwargs)

    def form_valid(self, form):
        try:
            change = services.project_status_history_add(
                project=self.project,
                status=form.cleaned_data["status"],
                decided_on=form.cleaned_data["decided_on"],
                meeting=form.cleaned_data["meeting"],
                decision_reference=form.cleaned_data["decision_reference"],
                note=form.cleaned_data["note"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Statusen %(status)s (%(date)s) är tillagd i historiken.")
            % {
                "status": change.get_to_status_display().lower(),
                "date": change.decided_on.isoformat() if change.decided_on else _("datum okänt"),
            },
        )
        return redirect(self.project)


class GoalFormView(ProjectsEditMixin, FormView):
    template_name = "projects/goal_form.html"
    form_class = GoalForm

    def dispatch(self, request, *args, **kwargs):
        if "goal_id" in kwargs:
            self.goal = get_object_or_404(Goal.objects.select_related("project"), pk=kwargs["goal_id"])
        else:
            project = get_object_or_404(Project, pk=kwargs["project_id"])
            self.goal = Goal(project=project, order=project.goals.count() + 1)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.goal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.goal.project, goal=self.goal, **kwargs)

    def form_valid(self, form):
        if form.reading is not None or form.read_requested:
            # What was read is shown in the fields first: the user checks it, then saves.
            return self.render_to_response(
                self.get_context_data(form=form, reading=form.reading_label, read_requested=True)
            )
        try:
            goal = services.goal_save(
                goal=form.save(commit=False), acting_user=self.request.user, expected_revision=form.opened_revision
            )
        except StaleWriteError as error:
            return _stale(self, form, error)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if goal.target_spec is not None:
            messages.success(
                self.request, _("Målet är sparat. Mätbart mål: %(target)s.") % {"target": goal.target_spec}
            )
        else:
            messages.success(self.request, _("Målet är sparat. Det har inget tal och följs upp i text."))
        if "save_add" in self.request.POST:
            return redirect("projects:goal_create", project_id=goal.project_id)
        return redirect(goal.project)


class DeleteView(ProjectsEditMixin, TemplateView):
    """Ask, then delete a project idea or a goal entered by mistake; the service says when it may not."""

    template_name = "core/delete_confirm.html"

    def get_row(self):
        raise NotImplementedError

    def refusal(self, row) -> str | None:
        raise NotImplementedError

    def delete(self, row, *, acting_user, expected_revision):
        raise NotImplementedError

    def back_url(self, row) -> str:
        raise NotImplementedError

    def done_message(self, row) -> str:
        raise NotImplementedError

    def done_url(self, row) -> str:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.row = self.get_row()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=self.row, refusal=self.refusal(self.row), back_url=self.back_url(self.row), **kwargs
        )

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("revision", "")
        try:
            self.delete(self.row, acting_user=request.user, expected_revision=int(posted) if posted.isdigit() else None)
        except StaleWriteError as error:
            messages.error(request, stale_write_message(error=error, sent={}, deleting=True))
            return redirect(self.back_url(self.row))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.back_url(self.row))
        messages.success(request, self.done_message(self.row))
        return redirect(self.done_url(self.row))


class ProjectDeleteView(DeleteView):
    extra_context = {"kind": _("insatsen"), "title": _("Ta bort insatsen?")}

    def get_row(self):
        return get_object_or_404(Project, pk=self.kwargs["project_id"])

    def refusal(self, row):
        return services.project_delete_refusal(row)

    def delete(self, row, *, acting_user, expected_revision):
        services.project_delete(project=row, acting_user=acting_user, expected_revision=expected_revision)

    def done_message(self, row):
        return _("Insatsen %(name)s är borttagen.") % {"name": row.name}

    def back_url(self, row):
        return row.get_absolute_url()

    def done_url(self, row):
        return reverse("projects:list")


class GoalDeleteView(DeleteView):
    extra_context = {"kind": _("målet"), "title": _("Ta bort målet?")}

    def get_row(self):
        return get_object_or_404(Goal.objects.select_related("project"), pk=self.kwargs["goal_id"])

    def refusal(self, row):
        return services.goal_delete_refusal(row)

    def delete(self, row, *, acting_user, expected_revision):
        services.goal_delete(goal=row, acting_user=acting_user, expected_revision=expected_revision)

    def done_message(self, row):
        return _("Målet är borttaget.")

    def back_url(self, row):
        return row.project.get_absolute_url()

    def done_url(self, row):
        return row.project.get_absolute_url()


class ReportFormView(ProjectsEditMixin, FormView):
    template_name = "projects/report_form.html"
    form_class = ReportForm

    def dispatch(self, request, *args, **kwargs):
        if "report_id" in kwargs:
            self.report = get_object_or_404(FollowUpReport.objects.select_related("project"), pk=kwargs["report_id"])
        else:
            project = get_object_or_404(Project, pk=kwargs["project_id"])
            today = timezone.localdate()
            self.report = FollowUpReport(project=project, period_start=today.replace(month=1, day=1), period_end=today)
        self.goals = list(self.report.project.goals.all())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        results = {}
        if self.report.pk:
            results = {result.goal_id: result.value for result in self.report.results.all()}
        return {**super().get_form_kwargs(), "instance": self.report, "goals": self.goals, "results": results}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.report.project, report=self.report, **kwargs)

    def form_valid(self, form):
        try:
            report = services.report_save(
                report=form.save(commit=False),
                values=form.goal_values(),
                acting_user=self.request.user,
                expected_revision=form.opened_revision,
            )
        except StaleWriteError as error:
            return _stale(self, form, error)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Rapporten är sparad."))
        return redirect(report)


class ReportDetailView(ProjectsReadMixin, TemplateView):
    template_name = "projects/report_detail.html"

    def get_context_data(self, **kwargs):
        try:
            report, rows = selectors.report_get(report_id=self.kwargs["report_id"])
        except FollowUpReport.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(report=report, project=report.project, rows=rows, **kwargs)


def _default_year(known: list[int]) -> int:
    """Return this year when projects run in it, else the latest earlier year that has any."""
    this_year = timezone.localdate().year
    return max((year for year in known if year <= this_year), default=this_year)


class MatrixView(ProjectsReadMixin, TemplateView):
    """The board's one-glance view: every funded project × goal for a year, in colour."""

    template_name = "projects/matrix.html"

    def get_context_data(self, **kwargs):
        known = selectors.project_year_list()
        year = kwargs.pop("year", None) or _default_year(known)
        years = sorted(set(known) | {year}, reverse=True)
        return super().get_context_data(
            matrix=selectors.attainment_matrix(year=year), year=year, years=years, attainments=Attainment, **kwargs
        )


class MatrixExportView(ProjectsReadMixin, View):
    format = "csv"

    def get(self, request, year):
        matrix = selectors.attainment_matrix(year=year)
        if self.format == "xlsx":
            response = HttpResponse(exports.matrix_xlsx(matrix), content_type=XLSX)
        else:
            response = HttpResponse(exports.matrix_csv(matrix), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(f"maluppfyllelse-{year}.{self.format}")
        return response


class NationalExportView(ProjectsReadMixin, View):
    def get(self, request, year):
        content = exports.national_csv(year, selectors.national_followup(year=year))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(f"nationell-uppfoljning-{year}.csv")
        return response


class TargetGroupsView(ProjectsReadMixin, TemplateView):
    """Each year's priority order; a year after the latest can start as a copy of it."""

    template_name = "projects/target_groups.html"

    def get_context_data(self, **kwargs):
        priorities = selectors.target_group_priorities()
        latest = priorities[0][0] if priorities else None
        return super().get_context_data(priorities=priorities, next_year=latest + 1 if latest else None, **kwargs)


class TargetGroupsCopyView(ProjectsEditMixin, View):
    def post(self, request, year):
        try:
            services.target_group_priorities_copy(year=year, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Prioriteringsordningen för %(year)d är kopierad från %(last)d; ändra den där %(year)d skiljer sig.")
                % {"year": year, "last": year - 1},
            )
        return redirect(_safe_next(request, request.POST.get("next", "")) or reverse("projects:target_groups"))


def _safe_next(request, url: str) -> str | None:
    """Return `url` when it is a path on this site (the plan's page), else None."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


class CarryOverView(ProjectsEditMixin, TemplateView):
    """Carry the projects funded last year into `year` in one step: money for the year, period moved on."""

    template_name = "projects/carry_over.html"

    def get(self, request, year):
        candidates = selectors.projects_to_carry_over(year=year)
        decision = CarryOverDecisionForm(initial={"next": _safe_next(request, request.GET.get("next", "")) or ""})
        return self.render(year, decision, [CarryOverRowForm(candidate=candidate) for candidate in candidates])

    def post(self, request, year):
        candidates = selectors.projects_to_carry_over(year=year)
        decision = CarryOverDecisionForm(request.POST)
        row_forms = [CarryOverRowForm(request.POST, candidate=candidate) for candidate in candidates]
        # Each is validated (every row's errors are shown at once), then one service call saves them together.
        valid = [decision.is_valid(), *(form.is_valid() for form in row_forms)]
        if not all(valid):
            # What the service would refuse in the rows that are well written is told now too, not after a retry.
            ticked = [form.carry_over_row() for form in row_forms if form.is_valid() and form.continues]
            decided = decision.cleaned_data if decision.is_valid() else {}
            refusal = services.projects_carry_over_refusal(
                year=year,
                rows=ticked,
                decided_on=decided.get("decided_on"),
                decision_meeting=decided.get("decision_meeting"),
            )
            if refusal is not None:
                refusal.shared.pop("__all__", None)  # a row was ticked, only not well written
                self.show_refusal(refusal, decision, row_forms)
            return self.render(year, decision, row_forms)
        try:
            created = services.projects_carry_over(
                year=year,
                rows=[form.carry_over_row() for form in row_forms if form.continues],
                decided_on=decision.cleaned_data["decided_on"],
                decision_meeting=decision.cleaned_data["decision_meeting"],
                decision_reference=decision.cleaned_data["decision_reference"],
                acting_user=request.user,
            )
        except StaleWriteError as error:
            changed = _("Insatsen %(name)s ändrades av någon annan sedan sidan öppnades.") % {"name": error.row}
            decision.add_error(None, f"{changed} {RELOAD}")
            return self.render(year, decision, row_forms, status=409)
        except services.CarryOverRefused as error:
            self.show_refusal(error, decision, row_forms)
            return self.render(year, decision, row_forms)
        count = len(created)
        messages.success(
            request,
            (_("%(count)s insats fortsätter %(year)s.") if count == 1 else _("%(count)s insatser fortsätter %(year)s."))
            % {"count": count, "year": year},
        )
        return redirect(_safe_next(request, decision.cleaned_data["next"]) or reverse("projects:list"))

    @staticmethod
    def show_refusal(refusal, decision, row_forms) -> None:
        """Put the service's refusal on the rows it names and on the shared decision."""
        by_project = {form.candidate.project.pk: form for form in row_forms}
        for pk, fields in refusal.rows.items():
            form = by_project.get(pk)
            for name, found in fields.items():
                if form is None:
                    decision.add_error(None, found)
                else:
                    form.add_error(name if name in form.fields else None, found)
        if refusal.shared:
            add_service_errors(decision, ValidationError(refusal.shared))

    def render(self, year, decision, row_forms, status=200):
        sent = self.request.POST if self.request.method == "POST" else self.request.GET
        context = self.get_context_data(
            year=year,
            back_url=_safe_next(self.request, sent.get("next", "")) or reverse("projects:list"),
            last_year=year - 1,
            decision=decision,
            row_forms=row_forms,
            any_period_ends_before=any(form.candidate.period_ends_before for form in row_forms),
            row_errors=any(form.errors for form in row_forms),
        )
        return self.render_to_response(context, status=status)

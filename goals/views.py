"""The förbund's own goals: a page per year, readable by every role, edited by the förbundschef."""

from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.forms import add_service_errors
from core.revisions import StaleWriteError, stale_write_message
from projects.targets import Attainment

from . import selectors, services
from .forms import ForbundGoalForm, GoalFollowUpForm, GoalIntroductionForm
from .models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind
from .permissions import can_change_goals, can_view_goals


class GoalsReadMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_goals(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=can_change_goals(self.request.user), **kwargs)


class GoalsEditMixin(UserPassesTestMixin):
    def test_func(self):
        return can_change_goals(self.request.user)


class YearView(GoalsReadMixin, TemplateView):
    """Förbundets mål for one year, by kind, each with its latest follow-up and colour."""

    template_name = "goals/year.html"

    def get_context_data(self, **kwargs):
        year = kwargs.pop("year", None) or timezone.localdate().year
        years = selectors.forbund_goal_years()
        return super().get_context_data(
            year=year,
            goals=selectors.forbund_goals_for_year(year=year),
            years=sorted(set(years) | {year}, reverse=True),
            previous_has_goals=year - 1 in years,
            kinds=GoalKind,
            attainments=Attainment,
            **kwargs,
        )


class GoalDetailView(GoalsReadMixin, TemplateView):
    template_name = "goals/goal_detail.html"

    def get_context_data(self, **kwargs):
        page = selectors.forbund_goal_get(goal_id=self.kwargs["forbund_goal_id"])
        if page is None:
            raise Http404
        return super().get_context_data(page=page, goal=page.goal, **kwargs)


class GoalFormView(GoalsEditMixin, FormView):
    template_name = "goals/goal_form.html"
    form_class = ForbundGoalForm

    def dispatch(self, request, *args, **kwargs):
        if "forbund_goal_id" in kwargs:
            self.goal = get_object_or_404(ForbundGoal, pk=kwargs["forbund_goal_id"])
            self.year = self.goal.first_year  # as stored: a refused post may leave any year on the instance
        else:
            year = self.year = kwargs["year"]
            kind = request.GET.get("typ", "")
            self.goal = ForbundGoal(
                first_year=year,
                last_year=year,
                kind=kind if kind in GoalKind.values else GoalKind.OPERATIONAL,
                order=ForbundGoal.objects.for_year(year).count() + 1,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.goal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.goal, year=self.year, **kwargs)

    def form_valid(self, form):
        try:
            goal = services.forbund_goal_save(
                goal=form.save(commit=False), acting_user=self.request.user, expected_revision=form.opened_revision
            )
        except StaleWriteError as error:
            form.add_stale_write_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if goal.target_spec is not None:
            messages.success(
                self.request, _("Målet är sparat. Mätbart mål: %(target)s.") % {"target": goal.target_spec}
            )
        else:
            messages.success(self.request, _("Målet är sparat. Det har inget tal och följs upp med en bedömning."))
        return redirect("goals:year", year=goal.first_year)


class GoalDeleteView(GoalsEditMixin, TemplateView):
    template_name = "core/delete_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.goal = get_object_or_404(ForbundGoal, pk=kwargs["forbund_goal_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=self.goal,
            refusal=services.forbund_goal_delete_refusal(self.goal),
            back_url=self.goal.get_absolute_url(),
            title=_("Ta bort målet?"),
            kind=_("målet"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("revision", "")
        try:
            services.forbund_goal_delete(
                goal=self.goal,
                acting_user=request.user,
                expected_revision=int(posted) if posted.isdigit() and len(posted) <= 10 else None,
            )
        except StaleWriteError as error:
            messages.error(request, stale_write_message(error=error, sent={}, deleting=True))
            return redirect(self.goal.get_absolute_url())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.goal.get_absolute_url())
        messages.success(request, _("Målet är borttaget."))
        return redirect("goals:year", year=self.goal.first_year)


class FollowUpFormView(GoalsEditMixin, FormView):
    template_name = "goals/follow_up_form.html"
    form_class = GoalFollowUpForm

    def dispatch(self, request, *args, **kwargs):
        if "follow_up_id" in kwargs:
            self.follow_up = get_object_or_404(GoalFollowUp.objects.select_related("goal"), pk=kwargs["follow_up_id"])
        else:
            goal = get_object_or_404(ForbundGoal, pk=kwargs["forbund_goal_id"])
            # A regional goal names its source: the follow-up starts from it.
            self.follow_up = GoalFollowUp(goal=goal, source=goal.measured_label)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.follow_up}

    def get_context_data(self, **kwargs):
        return super().get_context_data(follow_up=self.follow_up, goal=self.follow_up.goal, **kwargs)

    def form_valid(self, form):
        try:
            follow_up = services.goal_follow_up_save(
                follow_up=form.save(commit=False), acting_user=self.request.user, expected_revision=form.opened_revision
            )
        except StaleWriteError as error:
            form.add_stale_write_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        attainment = follow_up.attainment
        messages.success(
            self.request,
            _("Uppföljningen är sparad: %(label)s (%(colour)s).")
            % {"label": attainment.label, "colour": str(attainment.colour_label).lower()},
        )
        return redirect(follow_up.goal)


class FollowUpDeleteView(GoalsEditMixin, TemplateView):
    template_name = "core/delete_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.follow_up = get_object_or_404(GoalFollowUp.objects.select_related("goal"), pk=kwargs["follow_up_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            row=self.follow_up,
            refusal=None,
            back_url=self.follow_up.goal.get_absolute_url(),
            title=_("Ta bort uppföljningen?"),
            kind=_("uppföljningen"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("revision", "")
        back = self.follow_up.goal.get_absolute_url()
        try:
            services.goal_follow_up_delete(
                follow_up=self.follow_up,
                acting_user=request.user,
                expected_revision=int(posted) if posted.isdigit() and len(posted) <= 10 else None,
            )
        except StaleWriteError as error:
            messages.error(request, stale_write_message(error=error, sent={}, deleting=True))
            return redirect(back)
        messages.success(request, _("Uppföljningen är borttagen."))
        return redirect(back)


class IntroductionFormView(GoalsEditMixin, FormView):
    """The words before a year's goals of one kind; an empty text removes them."""

    template_name = "goals/introduction_form.html"
    form_class = GoalIntroductionForm

    def dispatch(self, request, *args, **kwargs):
        kind = kwargs["kind"]
        if kind not in GoalKind.values:
            raise Http404
        self.introduction = GoalIntroduction.objects.filter(year=kwargs["year"], kind=kind).first() or (
            GoalIntroduction(year=kwargs["year"], kind=kind)
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.introduction}

    def get_context_data(self, **kwargs):
        return super().get_context_data(introduction=self.introduction, **kwargs)

    def form_valid(self, form):
        introduction = form.save(commit=False)
        if not introduction.text.strip():
            if introduction.pk is not None:
                services.goal_introduction_delete(introduction=introduction, acting_user=self.request.user)
                messages.success(self.request, _("Inledningen är borttagen."))
            return redirect("goals:year", year=introduction.year)
        try:
            services.goal_introduction_save(introduction=introduction, acting_user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Inledningen är sparad."))
        return redirect("goals:year", year=introduction.year)


class CopyYearView(GoalsEditMixin, View):
    """Start next year's goals from this year's (POST only): goals roll over from year to year."""

    http_method_names = ["post"]

    def post(self, request, year):
        to_year = year + 1
        try:
            copies = services.forbund_goals_copy_year(from_year=year, to_year=to_year, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("goals:year", year=year)
        messages.success(request, _("%(count)d mål kopierade till %(year)s.") % {"count": len(copies), "year": to_year})
        naming = services.goals_naming_year(copies, year=year)
        if naming:
            messages.warning(
                request,
                _("Läs över årtalen: %(count)d av målen nämner %(year)s (%(goals)s).")
                % {"count": len(naming), "year": year, "goals": "; ".join(f"”{goal}”" for goal in naming)},
            )
        return redirect(reverse("goals:year", kwargs={"year": to_year}))

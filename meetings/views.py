import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.downloads import content_disposition
from core.revisions import StaleWriteError, stale_write_message

from . import selectors, services
from .forms import CalendarAdoptionForm, MeetingForm
from .ical import render_calendar
from .models import Meeting, MeetingKind
from .permissions import can_change_meetings, can_subscribe_to_calendar, can_view_meetings

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 60 * 60


class CalendarReadMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_meetings(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=can_change_meetings(self.request.user), **kwargs)


class CalendarChangeMixin(CalendarReadMixin):
    def test_func(self):
        return can_change_meetings(self.request.user)


class MeetingObjectMixin:
    """Fetch the meeting named in the URL once, for GET and POST alike."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.meeting = selectors.meeting_get(meeting_id=kwargs["meeting_id"])
        except Meeting.DoesNotExist:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)


class YearView(CalendarReadMixin, TemplateView):
    """A year's årsplanering, one table per kind, as in the verksamhetsplan."""

    template_name = "meetings/year.html"

    def get_context_data(self, **kwargs):
        years = selectors.calendar_years()
        year = self.kwargs.get("year") or selectors.default_year(today=timezone.localdate(), years=years)
        return super().get_context_data(calendar=selectors.year_calendar(year=year, years=years), **kwargs)


class YearIcsView(CalendarReadMixin, View):
    """Download a year's calendar as one .ics file."""

    def get(self, request, year):
        body = render_calendar(
            selectors.feed_meetings(year=year),
            name=_("Kalendarium %(year)s") % {"year": year},
            url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
        )
        response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition(f"kalendarium-{year}.ics")
        return response


class MeetingView(CalendarReadMixin, MeetingObjectMixin, TemplateView):
    """One meeting with its details and the documents sent to it."""

    template_name = "meetings/meeting.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(documents=selectors.meeting_documents(meeting=self.meeting), **kwargs)


class MeetingCreateView(CalendarChangeMixin, FormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def get_initial(self):
        initial = super().get_initial()
        kind = MeetingKind.objects.filter(code=self.request.GET.get("typ", "")).first()
        if kind:
            initial["kind"] = kind
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Lägg till")}

    def form_valid(self, form):
        meeting = services.meeting_create(**form.meeting_data(), acting_user=self.request.user)
        messages.success(self.request, _("%(meeting)s är tillagt i kalendariet.") % {"meeting": meeting.title})
        return redirect("meetings:year", year=meeting.year)


class MeetingUpdateView(CalendarChangeMixin, MeetingObjectMixin, FormView):
    template_name = "meetings/meeting_form.html"
    form_class = MeetingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting}

    def form_valid(self, form):
        try:
            meeting = services.meeting_update(
                meeting=self.meeting,
                data=form.meeting_data(),
                acting_user=self.request.user,
                expected_revision=form.opened_revision,
            )
        except StaleWriteError as error:
            # Shown again with what the user sent, and what someone else saved meanwhile.
            form.add_stale_write_error(error)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, _("Ändringarna i %(meeting)s är sparade.") % {"meeting": meeting.title})
        return redirect(meeting)


class MeetingStatusView(CalendarChangeMixin, MeetingObjectMixin, TemplateView):
    """Ask, then cancel (or reinstate) a meeting; subscribers' calendars follow."""

    template_name = "meetings/meeting_status.html"
    cancel = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel=self.cancel, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.cancel:
            meeting = services.meeting_cancel(meeting=self.meeting, acting_user=request.user)
            messages.success(request, _("%(meeting)s är inställt.") % {"meeting": meeting.title})
        else:
            meeting = services.meeting_reinstate(meeting=self.meeting, acting_user=request.user)
            messages.success(request, _("%(meeting)s är planerat igen.") % {"meeting": meeting.title})
        return redirect(meeting)


class MeetingDeleteView(CalendarChangeMixin, MeetingObjectMixin, TemplateView):
    """Ask, then delete a meeting entered by mistake; one the board's records hold is refused."""

    template_name = "meetings/meeting_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(refusal=services.meeting_delete_refusal(self.meeting), **kwargs)

    def post(self, request, *args, **kwargs):
        posted = request.POST.get("revision", "")
        try:
            services.meeting_delete(
                meeting=self.meeting,
                acting_user=request.user,
                expected_revision=int(posted) if posted.isdigit() else None,
            )
        except StaleWriteError as error:
            messages.error(request, stale_write_message(error=error, sent={}, deleting=True))
            return redirect(self.meeting) if error.current is not None else redirect("meetings:calendar")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.meeting)
        messages.success(request, _("%(meeting)s är borttaget ur kalendariet.") % {"meeting": self.meeting.title})
        return redirect("meetings:year", year=self.meeting.year)


class CalendarCopyView(CalendarChangeMixin, TemplateView):
    """Show next year's calendar as the copy would make it, then make it."""

    template_name = "meetings/year_copy.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        calendar = selectors.year_calendar(year=year)
        preview = [
            (meeting, services.same_week_next_year(meeting.starts_on))
            for table in calendar.tables
            for meeting in table.meetings
            if not meeting.is_cancelled
        ]
        return super().get_context_data(
            calendar=calendar,
            preview=preview,
            target_taken=(year + 1) in calendar.years,
            **kwargs,
        )

    def post(self, request, year):
        try:
            copies = services.calendar_copy_to_next_year(year=year, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("meetings:year_copy", year=year)
        messages.success(
            request,
            _("Kalendariet för %(year)s är skapat med %(count)d möten. Justera dem vid behov.")
            % {"year": year + 1, "count": len(copies)},
        )
        return redirect("meetings:year", year=year + 1)


class CalendarAdoptView(CalendarChangeMixin, FormView):
    """Record the board meeting that adopted (fastställde) a year's calendar."""

    template_name = "meetings/year_adopt.html"
    form_class = CalendarAdoptionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meetings": selectors.adoption_candidates(year=self.kwargs["year"])}

    def get_context_data(self, **kwargs):
        return super().get_context_data(calendar=selectors.year_calendar(year=self.kwargs["year"]), **kwargs)

    def form_valid(self, form):
        year = self.kwargs["year"]
        try:
            adoption = services.calendar_adopt(
                year=year, meeting=form.cleaned_data["meeting"], acting_user=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Kalendarium för %(year)s fastställt av styrelsen %(date)s.")
            % {"year": year, "date": adoption.adopted_on.isoformat()},
        )
        return redirect("meetings:year", year=year)


class SubscriptionRegenerateView(CalendarReadMixin, TemplateView):
    """Create the user's personal feed address, or replace it so the old one stops working."""

    template_name = "meetings/subscription_regenerate.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(subscription=selectors.subscription_get(user=self.request.user), **kwargs)

    def post(self, request):
        existed = selectors.subscription_get(user=request.user) is not None
        services.subscription_regenerate(user=request.user)
        if existed:
            messages.success(request, _("Du har en ny prenumerationsadress. Den gamla fungerar inte längre."))
        else:
            messages.success(request, _("Din prenumerationsadress är skapad."))
        return redirect(reverse("portal:profile") + "#kalender")


@method_decorator(login_not_required, name="dispatch")
class FeedView(View):
    """A user's personal iCalendar feed; the address itself is the credential.

    A wrong or old address gets a bare 404 that says nothing about what exists.
    """

    def get(self, request, key, secret):
        user = selectors.subscription_authenticate(key=key, secret=secret)
        if user is None or not can_subscribe_to_calendar(user):
            return HttpResponseNotFound(_("Hittades inte."), content_type="text/plain; charset=utf-8")
        name = _("%(name)s kalendarium") % {"name": _organisation_name()}
        # Calendar clients poll every few hours and the whole calendar takes a while to
        # write out: the ETag comes from a cheap fingerprint of everything the feed shows,
        # an unchanged feed answers 304 without being written, and a written one is kept.
        material = f"{selectors.feed_fingerprint()}|{name}|{request.build_absolute_uri('/')}"
        etag = f'"{hashlib.sha256(material.encode()).hexdigest()[:40]}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            return _feed_headers(not_modified)
        cache_key = f"sofint:feed:{etag}"
        body = cache.get(cache_key)
        if body is None:
            body = render_calendar(
                selectors.feed_meetings(),
                name=name,
                url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
            )
            cache.set(cache_key, body, timeout=FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
        response["ETag"] = etag
        response["Content-Disposition"] = content_disposition("kalendarium.ics", inline=True)
        return _feed_headers(response)


def _feed_headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _organisation_name() -> str:
    from governance.selectors import organisation_get

    organisation = organisation_get()
    return organisation.short_name if organisation else "sofint"

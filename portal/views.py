"""The roof's pages: the start page of each role, the account, the accessibility statement."""

import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.roles import ROLE_DESCRIPTIONS, has_role
from governance import selectors as governance
from meetings import selectors as meetings

from .forms import PasswordChangeForm
from .selectors import dashboard_get, getting_started_get

# The accessibility statement's own dates: when it was drawn up, and when it was last checked against the
# service (the browser tests named in it). Change the second whenever the statement is reviewed.
STATEMENT_DATE = datetime.date(2026, 12, 7)
STATEMENT_REVIEWED = datetime.date(2026, 12, 7)


class HomeView(TemplateView):
    """The start page of the user's roles; without a role, only a word on whom to ask and the account."""

    template_name = "portal/home.html"

    def get_template_names(self):
        return ["portal/home.html" if has_role(self.request.user) else "portal/no_role.html"]

    def get_context_data(self, **kwargs):
        if not has_role(self.request.user):  # nothing of the förbund's data, not even counts
            return super().get_context_data(**kwargs)
        today = timezone.localdate()
        period = governance.period_for_date(today) or next(iter(governance.period_list()), None)
        upcoming = meetings.upcoming_for_user(user=self.request.user, today=today)
        return super().get_context_data(
            today=today,
            period=period,
            member_count=len(governance.member_list(on=today)),
            dashboard=dashboard_get(user=self.request.user, today=today),
            getting_started=getting_started_get(user=self.request.user, today=today),
            show_upcoming=upcoming.visible,
            upcoming_board_first=upcoming.board_first,
            upcoming=upcoming.meetings,
            upcoming_latest_year=upcoming.latest_year,
            **kwargs,
        )


class ProfileView(TemplateView):
    template_name = "portal/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = [(group.name, ROLE_DESCRIPTIONS.get(group.name, "")) for group in user.groups.all()]
        offer = meetings.subscription_offer(user=user)
        subscription = offer.subscription
        feed_url = self.request.build_absolute_uri(subscription.get_absolute_url()) if subscription else ""
        return super().get_context_data(
            roles=roles,
            can_subscribe=offer.can_subscribe,
            calendar_subscription=subscription,
            calendar_feed_url=feed_url,
            # The same address for the webcal: scheme, which opens the calendar program itself.
            calendar_webcal_url="webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
            **kwargs,
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "portal/password_change.html"
    success_url = reverse_lazy("portal:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Ditt lösenord är bytt."))
        return response


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    """The accessibility statement that the law on digital public services asks for; open to all."""

    template_name = "portal/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact=governance.office_contact(on=timezone.localdate()),
            statement_date=STATEMENT_DATE,
            reviewed_date=STATEMENT_REVIEWED,
            **kwargs,
        )

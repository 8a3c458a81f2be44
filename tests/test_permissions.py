"""The permission matrix: every named URL × anonymous, the four roles and a user without a role.

The URLs are collected from the URL conf (tests/urls.py), never listed by hand. The
expected statuses below restate the roles policy independently of core/roles.py.
"""

import pytest
from django.conf import settings

from budget.models import Budget, Contribution, CostLine
from governance.models import Member
from meetings.models import Meeting, MeetingKind
from projects.models import Project
from tests.budget.factories import BudgetFollowUpFactory
from tests.conftest import ROLES
from tests.governance.factories import PreparatoryGroupMembershipFactory
from tests.projects.factories import StatusChangeFactory
from tests.urls import admin_model, collect_urls, goal_follow_up_sample, sample_path, simple_history_model

VISITORS = [None, *ROLES, "utan_roll"]
# The roles that enter the admin by their role alone (core.sites.RoleAdminSite); none is is_staff.
STAFF = {"forbundschef", "ekonom", "revisor"}
ALL = {"view", "add", "change", "delete"}
ADMIN_GRANTS = {
    "forbundschef": {
        "governance": ALL,
        "meetings": ALL,
        "projects": ALL,
        "budget": ALL,
        "plans": {"view"},
        "core": {"view"},
        "goals": ALL,
        "auth.user": {"view", "add", "change"},  # gives people their accounts and roles
    },
    "ekonom": {
        "governance": {"view"},
        "meetings": {"view"},
        "projects": {"view"},
        "plans": {"view"},
        "budget": ALL,
        "goals": {"view"},
    },
    "revisor": {
        "governance": {"view"},
        "meetings": {"view"},
        "projects": {"view"},
        "plans": {"view"},
        "budget": {"view"},
        "core": {"view"},
        "goals": {"view"},
    },
}
# Pages of the app's own that each role may read (utan_roll reads only its own account).
APP_READERS = {
    "core": set(ROLES) | {"utan_roll"},
    "core:audit_log": {"forbundschef", "revisor"},
    "core:change_history": {"forbundschef", "revisor"},
    "plans:section_history": {"forbundschef", "revisor"},
    "governance": set(ROLES),
    "plans": set(ROLES),
    # The sample plan is the 2019 working copy, never sent: the board reads what is sent to it
    # and what it adopted, not the working copy (SOFINT_BOARD_SEES_DRAFTS, off by default).
    "plans:detail": set(ROLES) - {"styrelse"},
    "plans:pdf": set(ROLES) - {"styrelse"},
    "plans:pdf_status": set(ROLES) - {"styrelse"},
    "projects": set(ROLES),
    "meetings": set(ROLES),
    "budget": set(ROLES),
    "goals": set(ROLES),
    "portal": set(ROLES) | {"utan_roll"},
}
# Pages that change something, with who may use them and the status a GET gets them.
EDITORS = {
    "plans:create": ({"forbundschef"}, 200),
    "plans:editor": ({"forbundschef"}, 200),
    "plans:years": ({"forbundschef"}, 200),
    "plans:details": ({"forbundschef"}, 200),
    "plans:delete": ({"forbundschef"}, 200),
    "plans:section": ({"forbundschef"}, 200),
    "plans:section_delete": ({"forbundschef"}, 200),
    "plans:send": ({"forbundschef"}, 200),
    "plans:adopt": ({"forbundschef"}, 200),
    "plans:preview": ({"forbundschef"}, 405),  # POST only
    "plans:section_move": ({"forbundschef"}, 405),  # POST only
    "plans:copy": ({"forbundschef"}, 405),  # POST only
    # The sample is the demo's own 2014 term: the confirmation answers that it exists.
    "governance:term_create": ({"forbundschef"}, 200),
    "meetings:meeting_create": ({"forbundschef"}, 200),
    "meetings:meeting_update": ({"forbundschef"}, 200),
    "meetings:meeting_delete": ({"forbundschef"}, 200),
    "meetings:meeting_cancel": ({"forbundschef"}, 200),
    "meetings:meeting_reinstate": ({"forbundschef"}, 200),
    "meetings:year_copy": ({"forbundschef"}, 200),
    "meetings:year_adopt": ({"forbundschef"}, 200),
    "projects:create": ({"forbundschef"}, 200),
    "projects:update": ({"forbundschef"}, 200),
    "projects:delete": ({"forbundschef"}, 200),
    "projects:status": ({"forbundschef"}, 200),
    "projects:history": ({"forbundschef"}, 200),
    "projects:goal_create": ({"forbundschef"}, 200),
    "projects:goal_update": ({"forbundschef"}, 200),
    "projects:goal_delete": ({"forbundschef"}, 200),
    "projects:report_create": ({"forbundschef"}, 200),
    "projects:report_update": ({"forbundschef"}, 200),
    "projects:carry_over": ({"forbundschef"}, 200),
    "goals:create": ({"forbundschef"}, 200),
    "goals:update": ({"forbundschef"}, 200),
    "goals:delete": ({"forbundschef"}, 200),
    "goals:introduction": ({"forbundschef"}, 200),
    "goals:follow_up_create": ({"forbundschef"}, 200),
    "goals:follow_up_update": ({"forbundschef"}, 200),
    "goals:follow_up_delete": ({"forbundschef"}, 200),
    "goals:copy": ({"forbundschef"}, 405),  # POST only
    "projects:target_groups_copy": ({"forbundschef"}, 405),  # POST only
    "budget:copy": ({"forbundschef", "ekonom"}, 200),  # the preview; whoever may add budgets
    # Publishing an adopted plan on the open web, and withdrawing it: the confirmations.
    "publishing:plan_publish": ({"forbundschef"}, 200),
    "publishing:plan_withdraw": ({"forbundschef"}, 200),
}
# The published documents: open to everyone, logged in or not (the rest of /publicerat/ is 404: tests/publishing).
PUBLIC_PAGES = {"publishing:list", "publishing:document", "publishing:document_pdf"}
# Admin pages whose sample object sits in the adopted 2018 budget: nobody may delete it.
LOCKED_SAMPLES = {"admin:budget_costline_delete"}


def expected_status(url, role) -> int:
    name = url.name
    if name == "login":
        return 200 if role is None else 302
    if name == "core:ping":
        return 200  # the health check answers everyone
    if name == "portal:accessibility":
        return 200  # the accessibility statement is public, like the login page it is linked from
    if name in PUBLIC_PAGES:
        return 200
    if name == "logout":
        return 302 if role is None else 405  # logging out takes a POST
    if url.namespace == "admin":
        return _expected_admin(url, role)
    if name == "meetings:feed":
        return 200  # the secret address is the credential, with or without a session (wrong ones: test_feed)
    if role is None:
        return 302
    if name in EDITORS:
        editors, status = EDITORS[name]
        return status if role in editors else 403
    return 200 if role in APP_READERS.get(name, APP_READERS[url.namespace]) else 403


def _expected_admin(url, role) -> int:
    name = url.name
    if role is None:
        return 302  # the anonymous are sent to the site's login page (the admin's login too)
    if role not in STAFF:
        return 403  # a board member or a user without a role is told which roles may (core.sites)
    if name == "admin:login":
        return 302
    grants = ADMIN_GRANTS[role]
    if name == "admin:logout":
        return 405
    if name in ("admin:index", "admin:password_change", "admin:password_change_done", "admin:jsi18n"):
        return 200
    if name == "admin:autocomplete":
        return 403  # refuses a request that names no field
    if name == "admin:view_on_site":
        return 404  # members have no page of their own
    if name == "admin:app_list":
        return 200 if grants.get("governance") else 404  # the sample app is governance
    if name == "admin:auth_user_password_change":
        return 200 if "change" in grants.get("auth.user", set()) else 403
    if name == "admin:governance_organisation_add":
        return 403  # one installation serves one förbund, and it exists
    if name == "admin:projects_statuschange_add":
        return 403  # status moves are recorded by the service, never typed in
    if name in LOCKED_SAMPLES or name == "admin:budget_costcategory_delete":
        return 403  # adopted budgets are locked; the cost categories are the budget's fixed structure
    if name.endswith("_process_import"):
        return 405  # confirming an import takes a POST
    if name.endswith("_import"):
        return 200 if {"add", "change"} <= grants.get("budget", set()) else 403
    if name.endswith("_export"):
        return 200 if "view" in grants.get("budget", set()) else 403
    history_model = simple_history_model(url)
    if history_model is not None:  # one earlier version: whoever may view the row
        opts = history_model._meta
        return 200 if "view" in grants.get(opts.label_lower, grants.get(opts.app_label, set())) else 403
    model, action = admin_model(url)
    assert model is not None, f"{name}: an admin URL the matrix does not know"
    allowed = grants.get(model._meta.label_lower, grants.get(model._meta.app_label, set()))
    needed = {"changelist": "view", "history": "view", "change": "view", "add": "add", "delete": "delete"}[action]
    if model._meta.label_lower == "auth.user" and needed == "delete":
        return 403  # an account is closed, never deleted (the audit trail names it); superusers alone may
    if model._meta.app_label in ("plans", "core") and needed != "view":
        return 403  # plans change only in the app's editor; the audit trail never changes
    return 200 if needed in allowed else 403


URLS = collect_urls()


@pytest.fixture
def sample_rows(demo):
    """A row in each table the demo leaves empty, so every admin page has an object to show."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone

    common = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "styrelse", "http_accept": "*/*"}
    now = timezone.now()
    AccessAttempt.objects.create(**common, path_info="/logga-in/", attempt_time=now, failures_since_start=1)
    AccessFailureLog.objects.create(**common, path_info="/logga-in/", attempt_time=now)
    AccessLog.objects.create(**common, path_info="/logga-in/", attempt_time=now)
    PreparatoryGroupMembershipFactory(member=Member.objects.get(name="Nora kommun"))
    StatusChangeFactory(project=Project.objects.order_by("pk").first())
    goal_follow_up_sample()  # the demo's own goals have no follow-up
    # Rows with a history, for the admin's history pages (the demo is loaded without).
    for model in (Budget, Contribution, CostLine):
        model.objects.order_by("pk").first().save()
    BudgetFollowUpFactory(budget=Budget.objects.get(year=2018))
    if not Meeting.objects.exists():
        Meeting.objects.create(kind=MeetingKind.objects.get(code=MeetingKind.BOARD), title="PLANERING", starts_on=now)


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_permission_matrix(url, client_for, sample_rows):
    path = sample_path(url)
    for role in VISITORS:
        response = client_for(role).get(path)
        want = expected_status(url, role)
        assert response.status_code == want, f"{url.name} as {role or 'anonym'}: {response.status_code}, want {want}"
        if role is None and want == 302:
            assert response["Location"].startswith(("/logga-in/", "/admin/login/")), response["Location"]


def test_matrix_covers_the_project_urls():
    names = {url.name for url in URLS}
    assert {"portal:home", "governance:board", "governance:board_period", "admin:index", "login"} <= names
    assert settings.LOGIN_URL == "login"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_with_next(client):
    response = client.get("/styrelse/")
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/styrelse/"


# The budget URLs above sample the adopted 2018 budget; a draft one (the demo's 2017) is not
# the board's to read (settings.SOFINT_BOARD_SEES_DRAFTS, default off): a 404 as if it were not there.
DRAFT_BUDGET_READERS = {"forbundschef", "ekonom", "revisor"}


@pytest.mark.parametrize("path", ["/budget/2017/", "/budget/2017/diagram/andelar.svg"])
def test_draft_budgets_are_not_the_boards(path, client_for, settings):
    for board_sees_drafts in (False, True):
        settings.SOFINT_BOARD_SEES_DRAFTS = board_sees_drafts
        readers = DRAFT_BUDGET_READERS | ({"styrelse"} if board_sees_drafts else set())
        for role in VISITORS:
            want = 302 if role is None else 200 if role in readers else 404 if role == "styrelse" else 403
            assert client_for(role).get(path).status_code == want, (path, role, board_sees_drafts)

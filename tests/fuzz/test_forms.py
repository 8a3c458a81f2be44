"""Every form a role can post, the app's and the admin's, with generated values: never a 5xx, and a refused
post writes nothing.

Each example starts from the form as the browser would post it (its rendered inputs),
sometimes fills the empty ones with plausible values so that posts also succeed, then
replaces up to three inputs with values generated for the field's type, tampered
formset counts and revision fields included. A post that is not answered with a redirect
was refused: the database must then be exactly as it was before it.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import (
    TALLY,
    assert_no_server_error,
    changed_tables,
    context_fields,
    db_fingerprint,
    page_form,
    rolled_back,
)
from tests.fuzz.strategies import field_values, upload_values
from tests.test_permissions import VISITORS
from tests.urls import goal_follow_up_sample


def _plan(year):
    return apps.get_model("plans", "Plan").objects.get(first_year=year).pk


def _last(app, model):
    return apps.get_model(app, model)._default_manager.order_by("pk").values_list("pk", flat=True).last()


def _draft_section():
    return apps.get_model("plans", "Section").objects.filter(plan__first_year=2019).order_by("pk").first().pk


# The app's own forms, by URL name, with the URL's arguments (read from the demo data when the test runs).
APP_FORMS = {
    "login": dict,
    "portal:password_change": dict,
    "plans:create": dict,
    "plans:editor": lambda: {"plan_id": _plan(2019)},
    "plans:section": lambda: {"plan_id": _plan(2019), "section_id": _draft_section()},
    "plans:send": lambda: {"plan_id": _plan(2019)},
    "plans:adopt": lambda: {"plan_id": _plan(2019)},
    "meetings:meeting_create": dict,
    "meetings:meeting_update": lambda: {"meeting_id": _last("meetings", "Meeting")},
    "meetings:year_adopt": lambda: {"year": 2020},
    "projects:create": dict,
    "projects:update": lambda: {"project_id": _last("projects", "Project")},
    "projects:status": lambda: {"project_id": _last("projects", "Project")},
    "projects:goal_create": lambda: {"project_id": _last("projects", "Project")},
    "projects:goal_update": lambda: {"goal_id": _last("projects", "Goal")},
    "projects:report_create": lambda: {"project_id": _last("projects", "Project")},
    "projects:report_update": lambda: {"report_id": _last("projects", "FollowUpReport")},
    "goals:create": lambda: {"year": 2019},
    "goals:update": lambda: {"forbund_goal_id": _last("goals", "ForbundGoal")},
    "goals:introduction": lambda: {"year": 2018, "kind": "verksamhet"},
    "goals:follow_up_create": lambda: {"forbund_goal_id": _last("goals", "ForbundGoal")},
    "goals:follow_up_update": lambda: {"follow_up_id": goal_follow_up_sample().pk},
    # The year turning over: next year's budget, the teams carried on (the next term is a button, no form).
    "budget:copy": lambda: {"year": 2018},
    "projects:carry_over": lambda: {"year": 2019},
}
# Posts that render a PDF take seconds each: fewer examples.
SLOW = {"plans:send", "plans:adopt"}


def _admin_forms():
    targets = {}
    for model in admin.site._registry:
        opts = model._meta
        targets[f"admin:{opts.app_label}_{opts.model_name}_add"] = dict
        targets[f"admin:{opts.app_label}_{opts.model_name}_change"] = lambda model=model: {
            "object_id": model._default_manager.order_by("pk").values_list("pk", flat=True).last()
        }
    targets["admin:budget_contribution_import"] = dict
    return dict(sorted(targets.items()))


ADMIN_FORMS = _admin_forms()
TARGETS = {**APP_FORMS, **ADMIN_FORMS}


class Page:
    """The form of `path` as `role` sees it: what a browser would post, and the Django field behind each input."""

    def __init__(self, client, path):
        self.client, self.path = client, path
        self.base, self.names, self.fields, self.files = None, [], {}, set()
        self.load()

    def load(self) -> bool:
        response = self.client.get(self.path)
        form = page_form(response.content.decode(), self.path) if response.status_code == 200 else None
        if form is None or not (form.names - {"csrfmiddlewaretoken"}):
            self.base = None
            return False
        self.base = {}
        for name, value in form.fields:
            self.base.setdefault(name, []).append(value)
        self.fields = {name: f for name, f in context_fields(response).items() if "__prefix__" not in name}
        names = (form.names | set(self.fields)) - {"csrfmiddlewaretoken"}
        self.names = sorted(name for name in names if "__prefix__" not in name)
        self.files = form.files
        return True


PLAUSIBLE = {
    "CharField": ["Prov", "Fuzz 2019", "Nora kommun"],
    "EmailField": ["prov@example.org"],
    "URLField": ["https://example.org/"],
    "SlugField": ["prov"],
    "IntegerField": ["1", "2", "100", "2019"],
    "DecimalField": ["1", "12.5"],
    "DateField": ["2019-06-15", "2019-01-01", "2020-12-31"],
    "TimeField": ["13:30", "09:00"],
}


def _plausible(form_field, name):
    from django import forms

    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        choices = [str(getattr(v, "value", v)) for v, _label in form_field.choices if str(v)][:3]
        return st.lists(st.sampled_from(choices), max_size=2, unique=True) if choices else st.just([])
    if isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        choices = [str(getattr(v, "value", v)) for v, _label in form_field.choices if str(v)][:5]
        return st.sampled_from(choices).map(lambda value: [value]) if choices else st.just([])
    if isinstance(form_field, forms.SplitDateTimeField):
        return st.just(["2019-06-15" if name.endswith("_0") else "13:30"])
    if isinstance(form_field, forms.DateTimeField):
        return st.just(["2019-06-15 13:30"])
    for cls in type(form_field).__mro__:
        if cls.__name__ in PLAUSIBLE:
            values = PLAUSIBLE[cls.__name__]
            if getattr(form_field, "max_length", None):
                values = [value[: form_field.max_length] for value in values]
            return st.sampled_from(values).map(lambda value: [value])
    return st.just([])


@st.composite
def posts(draw, page: Page):
    data = {name: list(values) for name, values in page.base.items()}
    if draw(st.booleans()):  # fill the empty inputs plausibly, so that some posts succeed
        for name in page.names:
            form_field = page.fields.get(name)
            if form_field is not None and not any(data.get(name, [])) and not name.endswith("FORMS"):
                value = draw(_plausible(form_field, name))
                if value:
                    data[name] = value
    for name in draw(st.lists(st.sampled_from(page.names), max_size=3, unique=True)):
        data[name] = draw(field_values(name, page.fields.get(name), data.get(name, [])))
    for name in page.files:
        if draw(st.booleans()):
            data[name] = draw(upload_values(name))
    return {name: value for name, value in data.items() if value != []}


def _posting_roles(fuzz_client, path):
    pages = {}
    for role in VISITORS:
        page = Page(fuzz_client(role), path)
        if page.base is not None:
            pages[role] = page
    return pages


@pytest.mark.parametrize("name", TARGETS, ids=list(TARGETS))
def test_no_form_post_answers_a_server_error_or_writes_when_refused(name, fuzz_client, sample_rows):
    kwargs = TARGETS[name]()
    path = reverse(name, kwargs=kwargs)
    pages = _posting_roles(fuzz_client, path)
    if not pages:  # nobody may post this form (read-only in the admin, or refused to everyone)
        TALLY["admin forms no role can post"] += 1
        assert name in ADMIN_FORMS, f"{name}: no role gets a form to post"
        return
    TALLY["forms posted"] += 1
    examples = settings.default.max_examples
    roles = sorted(pages, key=str)
    before = db_fingerprint()  # every example is rolled back, so each starts from this

    @settings(max_examples=max(2, examples // 4) if name in SLOW else examples)
    @given(data=st.data())
    def run(data):
        role = data.draw(st.sampled_from(roles), label="role")
        page = pages[role]
        post = data.draw(posts(page), label="post")
        with rolled_back():
            response = page.client.post(path, post)
            what = f"POST {path} as {role or 'anonym'}, the form as shown but {_shown(post, page.base)}"
            assert_no_server_error(response, url_name=name, what=what)
            TALLY["form posts"] += 1
            if response.status_code in (301, 302, 303):
                TALLY["form posts accepted"] += 1
                return
            changed = changed_tables(before, db_fingerprint())
            assert not changed, f"{what}: refused ({response.status_code}) but wrote to {changed}"

    run()


def _shown(post: dict, base: dict) -> str:
    """What the post changed from the form as shown (None: left out)."""
    changes = {name: post.get(name) for name in post.keys() | base.keys() if post.get(name) != base.get(name)}
    return repr({name: value if len(repr(value)) < 200 else f"{repr(value)[:200]}…" for name, value in changes.items()})

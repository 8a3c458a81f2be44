"""Collect every named URL of the project's URL conf, with sample arguments to call it.

The permission matrix and the query-count tests walk this list, so a new URL is
covered the day it is added: when its arguments cannot be filled in here, the tests
fail and say which URL needs a sample.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class NamedURL:
    name: str  # namespaced: "governance:board"
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""


def _walk(patterns, namespace="", prefix_params=()):
    for entry in patterns:
        params = (
            prefix_params
            + tuple(re.findall(r"\(\?P<(\w+)>", str(entry.pattern)))
            + tuple(getattr(entry.pattern, "converters", {}))
        )
        if isinstance(entry, URLResolver):
            child = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, child, params)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield NamedURL(name, tuple(dict.fromkeys(params)))


def collect_urls() -> list[NamedURL]:
    """Return every named URL once (the first pattern of a name wins, as in reverse())."""
    seen = {}
    for url in _walk(get_resolver().url_patterns):
        seen.setdefault(url.name, url)
    return sorted(seen.values(), key=lambda url: url.name)


ADMIN_MODEL_URL = re.compile(r"^admin:(?P<app>[a-z_]+)_(?P<model>[a-z]+)_(?P<action>\w+)$")


def admin_model(url: NamedURL):
    """Return (model, action) for an admin model URL such as admin:governance_member_change."""
    match = ADMIN_MODEL_URL.match(url.name)
    if not match:
        return None, None
    try:
        model = apps.get_model(match["app"], match["model"])
    except LookupError:
        return None, None
    return model, match["action"]


SIMPLE_HISTORY_URL = re.compile(r"^admin:(?P<app>[a-z_]+)_(?P<model>[a-z]+)_simple_history$")


def simple_history_model(url: NamedURL):
    """Return the model of a django-simple-history version URL (admin:<app>_<model>_simple_history)."""
    match = SIMPLE_HISTORY_URL.match(url.name)
    return apps.get_model(match["app"], match["model"]) if match else None


def _plan(url):
    from plans.models import Plan

    # Versions exist on the adopted 2018 plan, and only it can be published; everything else
    # is tried on the 2019 draft.
    year = 2018 if url.name.startswith(("plans:version", "publishing:")) else 2019
    return Plan.objects.get(first_year=year)


def goal_follow_up_sample():
    """A follow-up of the demo's first förbund goal, created on first use (the demo has none)."""
    import datetime

    from goals.models import ForbundGoal, GoalFollowUp

    goal = ForbundGoal.objects.order_by("pk").first()
    return GoalFollowUp.objects.order_by("pk").first() or GoalFollowUp.objects.create(
        goal=goal, followed_up_on=datetime.date(2018, 12, 31), judgement="uppfyllt", assessment="Prov."
    )


def _demo_subscription():
    """The forbundschef's calendar feed, created on first use (the feed URL's key and secret)."""
    from django.contrib.auth import get_user_model

    from meetings import selectors, services

    user = get_user_model().objects.get(username="forbundschef")
    return selectors.subscription_get(user=user) or services.subscription_regenerate(user=user)


# Sample arguments for URLs of the project's own apps, by parameter name; each gets the URL.
SAMPLE_KWARGS = {
    "election_year": lambda url: 2014,
    "plan_id": lambda url: _plan(url).pk,
    "section_id": lambda url: _plan(url).sections.order_by("pk").first().pk,
    "direction": lambda url: "down",
    "number": lambda url: 2,
    "year": lambda url: 2018,
    "meeting_id": lambda url: (
        apps.get_model("meetings", "Meeting").objects.order_by("pk").values_list("pk", flat=True)[0]
    ),
    "key": lambda url: _demo_subscription().key,
    "secret": lambda url: _demo_subscription().secret,
    "project_id": lambda url: apps.get_model("projects", "Project").objects.order_by("pk").first().pk,
    "goal_id": lambda url: apps.get_model("projects", "Goal").objects.order_by("pk").first().pk,
    "chart": lambda url: "andelar",
    "kind": lambda url: "verksamhet",
    "forbund_goal_id": lambda url: apps.get_model("goals", "ForbundGoal").objects.order_by("pk").first().pk,
    "follow_up_id": lambda url: goal_follow_up_sample().pk,
    "report_id": lambda url: apps.get_model("projects", "FollowUpReport").objects.order_by("pk").first().pk,
    # The demo publishes its adopted plan 2018 (portal load_demo).
    "slug": lambda url: apps.get_model("publishing", "Publication").objects.public().get().slug,
}


def sample_path(url: NamedURL) -> str:
    """Reverse `url` with arguments that point at demo data."""
    history_model = simple_history_model(url)
    if history_model is not None:  # its pattern takes positional arguments: object, version
        obj = history_model._default_manager.order_by("pk").first()
        version = obj.history.order_by("history_id").first()
        assert version is not None, f"{url.name}: no history for {obj!r} in the test data"
        return reverse(url.name, args=[obj.pk, version.history_id])
    kwargs = {}
    model, _action = admin_model(url)
    for param in url.params:
        if param == "object_id" and model is not None:
            kwargs[param] = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            assert kwargs[param] is not None, f"{url.name}: no {model.__name__} in the test data to show"
        elif param == "object_id":  # admin:view_on_site
            kwargs[param] = apps.get_model("governance", "Member").objects.order_by("pk").first().pk
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_by_natural_key("governance", "member").pk
        elif param == "app_label":
            kwargs[param] = "governance"
        elif param == "id" and url.name == "admin:auth_user_password_change":
            kwargs[param] = apps.get_model("auth", "User").objects.order_by("pk").first().pk
        elif param in SAMPLE_KWARGS:
            kwargs[param] = SAMPLE_KWARGS[param](url)
        else:
            raise AssertionError(f"No sample value for <{param}> in {url.name}: add one to tests/urls.py")
    return reverse(url.name, kwargs=kwargs)

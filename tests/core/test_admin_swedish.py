"""The admin in Swedish for every role that reaches it: each page a link leads to, walked as that role would."""

import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User

from tests.admin_walk import admin_urls_from, english_in, read_page

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES"


def _walk(client) -> tuple[list[str], dict[str, list[str]]]:
    """Open every admin page reachable by links from the index (the history pages are left out)."""
    queue = ["/admin/", "/admin/password_change/"]
    seen, pages, found = set(queue), [], {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page = read_page(html)
        pages.append(url)
        if 'id="searchbar"' in html and "?" not in url:  # a search, with its count of results
            queue.append(f"{url}?q=a")
        if page.lang != "sv":
            found.setdefault(url, []).append(f"lang={page.lang!r}")
        english = english_in(page.texts)
        if english:
            found.setdefault(url, []).extend(english)
        queue += admin_urls_from(page.links, base=url, seen=seen)
    return pages, found


@pytest.mark.parametrize("username", ["forbundschef", "ekonom", "revisor"])
def test_no_admin_page_a_role_reaches_has_english_words(client, demo, username):
    client.force_login(User.objects.get(username=username))
    pages, found = _walk(client)
    # Index, app indexes, lists, filtered lists, add and change forms, delete confirmations, the password page.
    assert len(pages) > 60, pages
    assert "/admin/password_change/" in pages
    assert any(url.endswith("/delete/") for url in pages) == (username != "revisor")  # the auditor only reads
    assert any("?q=" in url for url in pages) and any("__" in url for url in pages)
    assert found == {}


def test_the_board_does_not_reach_the_admin(client, demo):
    client.force_login(User.objects.get(username="styrelse"))
    assert client.get("/admin/").status_code == 403


def test_the_user_page_the_director_opens_is_swedish(client, demo):
    client.force_login(User.objects.get(username="forbundschef"))
    user = User.objects.get(username="ekonom")
    page = read_page(client.get(f"/admin/auth/user/{user.pk}/change/").content.decode())
    assert english_in(page.texts) == []
    texts = " ".join(page.texts)
    assert "Roll och åtkomst" in texts
    listing = client.get("/admin/auth/user/").content.decode()
    assert 'alt="Ja"' in listing  # the yes/no icons, not "True"
    assert 'alt="Sök"' in listing
    assert "Personalstatus" not in listing


def test_a_view_only_page_names_no_field_in_english(client, demo):
    client.force_login(User.objects.get(username="ekonom"))  # reads projects, may not change them
    from projects.models import Goal, Project

    for url in (
        f"/admin/projects/project/{Project.objects.first().pk}/change/",
        f"/admin/projects/goal/{Goal.objects.first().pk}/change/",
    ):
        text = client.get(url).content.decode()
        assert "Target text" not in text and "Reading of" not in text
        assert ">None<" not in text


def test_a_delete_confirmation_names_link_rows_in_swedish(client, demo):
    client.force_login(User.objects.get(username="forbundschef"))
    from projects.models import TargetGroup

    group = TargetGroup.objects.filter(projects__isnull=False).first()
    text = client.get(f"/admin/projects/targetgroup/{group.pk}/delete/").content.decode()
    assert "relation" not in text and "object (" not in text
    assert "Koppling insats – målgrupp" in text


def test_the_two_list_chooser_speaks_swedish(client, demo):
    client.force_login(User.objects.get(username="forbundschef"))
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert '"Chosen %s": "Valda %s"' in catalog
    assert '"Choose selected %s": "V\\u00e4lj markerade %s"' in catalog or "Välj markerade %s" in catalog
    assert "Välj vald %s" not in catalog


def _labels_of(model_admin) -> list[tuple[str, str]]:
    """Return (admin, name) for every column or read-only field whose label Django would make from its name."""
    missing = []
    names = [*getattr(model_admin, "list_display", ()), *model_admin.readonly_fields]
    for name in names:
        if not isinstance(name, str) or name == "__str__":
            continue
        if name in {field.name for field in model_admin.model._meta.get_fields()}:
            continue
        method = getattr(model_admin, name, None) or getattr(model_admin.model, name, None)
        if isinstance(method, property):
            method = method.fget
        if getattr(method, "short_description", None) is None:
            missing.append((type(model_admin).__name__, name))
    form = getattr(model_admin, "form", None)
    for name, field in getattr(form, "declared_fields", {}).items():
        if field.label is None and name != "revision":
            missing.append((type(model_admin).__name__, name))
    return missing


def test_every_admin_column_and_read_only_field_has_a_swedish_label():
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in {"core", "governance", "meetings", "projects", "budget", "plans", "goals"}:
            continue
        missing += _labels_of(model_admin)
        for inline in model_admin.inlines:
            missing += _labels_of(inline(model, admin.site))
    assert missing == []


def test_the_link_rows_of_many_to_many_fields_have_swedish_names():
    links = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created and model._meta.app_label in {"projects", "governance", "meetings"}
    ]
    assert links
    for model in links:
        assert str(model._meta.verbose_name).startswith("koppling ")
        assert "relation" not in str(model._meta.verbose_name_plural)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_translations_are_those_written(domain):
    """The .mo files are committed (a fresh clone needs no gettext tools): they must say what the .po says."""
    written = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', (LOCALE / f"{domain}.po").read_text(), re.M))
    compiled = gettext.GNUTranslations((LOCALE / f"{domain}.mo").open("rb"))._catalog
    assert written
    for msgid, msgstr in written.items():
        key = msgid.replace('\\"', '"')
        assert compiled.get(key) == msgstr.replace('\\"', '"'), msgid

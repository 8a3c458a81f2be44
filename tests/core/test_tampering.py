"""Tampered hidden fields (a revision, a formset count) and oversized posts: a Swedish message, nothing saved."""

import pytest

from budget.models import Contribution
from plans.models import Plan, Section
from projects.models import Project
from tests.budget.factories import BudgetFactory, ContributionFactory
from tests.budget.test_admin import management_data
from tests.projects.test_views import _project_post

pytestmark = pytest.mark.django_db

BAD_REVISION = "Sidan skickades med ett felaktigt versionsnummer. Ladda om sidan och försök igen."
TAMPERED = ["abc", "-1", "0", "1.5", "1e3", str(2**63), "9" * 40, "\u0661", "0x1", "1 2"]


@pytest.fixture
def section(demo):
    return Section.objects.filter(plan__status=Plan.Status.DRAFT).order_by("pk").first()


def section_post(section, **overrides):
    data = {"title": "Ändrad rubrik", "body": "Ändrad text", "block": "", "project": "", "block_param": ""}
    return {**data, "revision": section.revision, **overrides}


@pytest.mark.parametrize("revision", TAMPERED)
def test_a_tampered_revision_on_a_section_is_refused_with_a_message(client_for, section, revision):
    before = Section.objects.values().get(pk=section.pk)
    url = f"/planer/{section.plan_id}/avsnitt/{section.pk}/"
    response = client_for("forbundschef").post(url, section_post(section, revision=revision))
    assert response.status_code == 200
    assert BAD_REVISION in response.content.decode()
    assert response.content.decode().count(BAD_REVISION) == 1
    assert Section.objects.values().get(pk=section.pk) == before


def test_a_section_posted_without_its_revision_is_refused(client_for, section):
    data = section_post(section)
    del data["revision"]
    response = client_for("forbundschef").post(f"/planer/{section.plan_id}/avsnitt/{section.pk}/", data)
    assert response.status_code == 200
    assert "Sidan är för gammal för att spara" in response.content.decode()
    assert Section.objects.get(pk=section.pk).title == section.title


def test_the_revision_it_was_opened_at_still_saves(client_for, section):
    response = client_for("forbundschef").post(
        f"/planer/{section.plan_id}/avsnitt/{section.pk}/", section_post(section, revision=f" {section.revision} ")
    )
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).title == "Ändrad rubrik"


@pytest.fixture
def contribution(demo):
    return ContributionFactory(budget=BudgetFactory(year=2031), amount=1_000)


@pytest.mark.parametrize("revision", ["abc", "-5", str(2**63)])
def test_a_tampered_revision_in_the_admin_is_refused_with_a_message(client_for, contribution, revision):
    url = f"/admin/budget/contribution/{contribution.pk}/change/"
    data = {"budget": contribution.budget_id, "member": contribution.member_id, "amount": 2_000, "revision": revision}
    response = client_for("ekonom").post(url, data)
    assert response.status_code == 200
    assert BAD_REVISION in response.content.decode()
    contribution.refresh_from_db()
    assert (contribution.amount, contribution.revision) == (1_000, 1)


def test_a_tampered_revision_on_an_admin_inline_row_is_refused(client_for, contribution):
    client = client_for("ekonom")
    url = f"/admin/budget/budget/{contribution.budget_id}/change/"
    data = management_data(client.get(url), {"contributions-0-amount": 2_000, "contributions-0-revision": "abc"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert BAD_REVISION in response.content.decode()
    assert Contribution.objects.get(pk=contribution.pk).amount == 1_000


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"years-TOTAL_FORMS": "abc"}, "ManagementForm-data saknas eller har manipulerats"),
        ({"years-TOTAL_FORMS": str(10**9)}, "Skicka som mest 101 formulär."),
        ({"years-TOTAL_FORMS": "102"}, "Skicka som mest 101 formulär."),  # one row per year 2000–2100
        ({"years-TOTAL_FORMS": "9" * 40}, "Skicka som mest 101 formulär."),
    ],
)
def test_a_tampered_formset_count_on_the_project_form_is_shown_in_swedish(client_for, counts, message):
    projects = Project.objects.count()
    response = client_for("forbundschef").post("/insatser/ny/", _project_post(**counts))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert Project.objects.count() == projects


@pytest.mark.parametrize(
    "counts",
    [
        {"contributions-TOTAL_FORMS": "abc"},
        {"contributions-TOTAL_FORMS": str(10**9)},
    ],
)
def test_a_tampered_formset_count_in_the_admin_is_shown_in_swedish(client_for, contribution, counts):
    client = client_for("ekonom")
    url = f"/admin/budget/budget/{contribution.budget_id}/change/"
    response = client.post(url, management_data(client.get(url), {"contributions-0-amount": 2_000, **counts}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ManagementForm-data saknas eller har manipulerats" in page or "Skicka som mest 1000 formulär." in page
    assert Contribution.objects.get(pk=contribution.pk).amount == 1_000


def test_too_many_fields_is_a_swedish_400(client_for, section, settings):
    data = section_post(section) | {f"extra{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = client_for("forbundschef").post(f"/planer/{section.plan_id}/avsnitt/{section.pk}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="sv">' in page and "Felaktig förfrågan" in page and "Ingenting har sparats" in page
    assert Section.objects.get(pk=section.pk).title == section.title


def test_a_body_too_big_is_a_swedish_400(client_for, section, settings):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client_for("forbundschef").post(
        f"/planer/{section.plan_id}/avsnitt/{section.pk}/", section_post(section, body=text)
    )
    assert response.status_code == 400
    assert "Felaktig förfrågan" in response.content.decode()
    assert Section.objects.get(pk=section.pk).body == section.body


@pytest.mark.parametrize("revision", ["abc", "-1", str(2**63)])
def test_a_tampered_revision_on_an_admin_delete_deletes_nothing(client_for, contribution, revision):
    url = f"/admin/budget/contribution/{contribution.pk}/delete/"
    response = client_for("ekonom").post(url, {"post": "yes", "revision": revision}, follow=True)
    assert response.status_code == 200
    assert BAD_REVISION in response.content.decode()
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_an_admin_delete_with_the_shown_revision_deletes(client_for, contribution):
    url = f"/admin/budget/contribution/{contribution.pk}/delete/"
    assert client_for("ekonom").post(url, {"post": "yes", "revision": "1"}).status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()

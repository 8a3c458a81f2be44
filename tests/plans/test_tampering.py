"""Hidden fields and address parts changed on the way: a Swedish message or a 404, and nothing saved."""

import pytest

from core.revisions import BAD_REVISION
from plans.models import Plan, Section
from tests.plans.editing import section_post

pytestmark = pytest.mark.django_db

STALE_PAGE = "Sidan är för gammal för att spara. Ladda om sidan och gör om din ändring."


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


@pytest.fixture
def vision(draft):
    return draft.sections.get(title="Vision")


def stored(section):
    row = Section.objects.get(pk=section.pk)
    return row.title, row.body, [(block.kind, block.project_id) for block in row.blocks.all()], row.revision


@pytest.mark.parametrize("revision", ["abc", "", "-1", "0", "1.5", " 1x", None])
@pytest.mark.parametrize("body", ["Min ändrade vision.", None])  # None: the text as it was
def test_a_tampered_or_missing_revision_is_said_on_the_form_and_saves_nothing(
    client_for, draft, vision, revision, body
):
    before = stored(vision)
    data = section_post(vision, **({"body": body} if body else {}))
    if revision is None:
        del data["revision"]
    else:
        data["revision"] = revision

    response = client_for("forbundschef").post(f"/planer/{draft.pk}/avsnitt/{vision.pk}/", data)

    assert response.status_code == 200
    # A revision no page sends is a tampered field; none at all is a page from before revisions.
    message = STALE_PAGE if revision in ("", None) else str(BAD_REVISION)
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert "Fyll i ett heltal" not in response.content.decode()
    assert stored(vision) == before
    if body:
        assert body in response.content.decode()  # the text stays on the page to copy


def test_a_revision_beyond_the_column_is_a_tampered_field(client_for, draft, vision):
    before = stored(vision)
    data = section_post(vision, body="Min ändrade vision.", revision="99999999999999999999999")
    response = client_for("forbundschef").post(f"/planer/{draft.pk}/avsnitt/{vision.pk}/", data)
    assert response.status_code == 200
    assert str(BAD_REVISION) in response.content.decode()
    assert stored(vision) == before


def test_a_revision_no_longer_stored_is_a_stale_save(client_for, draft, vision):
    before = stored(vision)
    data = section_post(vision, body="Min ändrade vision.", revision=str(vision.revision + 5))
    response = client_for("forbundschef").post(f"/planer/{draft.pk}/avsnitt/{vision.pk}/", data)
    assert response.status_code == 409
    assert "Avsnitt ändrades av någon annan medan du redigerade" in response.content.decode()
    assert stored(vision) == before


def test_a_section_of_another_plan_or_a_move_that_is_none_is_not_found(client_for, draft, vision):
    other = Plan.objects.get(first_year=2018).sections.order_by("pk").first()
    client = client_for("forbundschef")
    before = stored(other)
    assert client.post(f"/planer/{draft.pk}/avsnitt/{other.pk}/", section_post(other, body="x")).status_code == 404
    assert client.get(f"/planer/{draft.pk}/avsnitt/{other.pk}/radera/").status_code == 404
    assert client.post(f"/planer/{draft.pk}/avsnitt/{other.pk}/radera/").status_code == 404
    assert client.post(f"/planer/{draft.pk}/avsnitt/{other.pk}/flytta/up/").status_code == 404
    assert stored(other) == before
    positions = list(draft.sections.values_list("pk", "parent_id", "position"))
    for direction in ("sideways", "UP", "", "up%00"):
        response = client.post(f"/planer/{draft.pk}/avsnitt/{vision.pk}/flytta/{direction}/")
        assert response.status_code == 404, direction
    assert list(draft.sections.values_list("pk", "parent_id", "position")) == positions


@pytest.mark.parametrize("parent", ["abc", "-1", "99999999999999999999", "other-plan"])
def test_a_new_section_under_a_parent_of_another_plan_is_a_field_error(client_for, draft, parent):
    if parent == "other-plan":
        parent = Plan.objects.get(first_year=2018).sections.order_by("pk").first().pk
    count = Section.objects.count()
    response = client_for("forbundschef").post(f"/planer/{draft.pk}/redigera/", {"title": "Bilagor", "parent": parent})
    assert response.status_code == 200
    assert response.context["add_form"].errors["parent"] == [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]
    assert Section.objects.count() == count


@pytest.mark.parametrize("meeting", ["abc", "-1", "99999999999999999999"])
def test_a_tampered_meeting_on_send_or_adopt_is_a_field_error(client_for, draft, meeting):
    client = client_for("forbundschef")
    for path, data in (
        ("skicka/", {"meeting": meeting}),
        ("faststall/", {"adopted_on": "2019-03-22", "meeting": meeting}),
    ):
        response = client.post(f"/planer/{draft.pk}/{path}", data)
        assert response.status_code == 200
        assert "Välj ett giltigt alternativ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and not draft.versions.exists()


@pytest.mark.parametrize(
    ("since", "status"),
    [("²", 200), ("١", 200), ("99999999999999999999", 200), ("-1", 200), ("7", 404), ("2", 404)],
)
def test_an_odd_version_to_compare_with_is_the_previous_one_or_not_found(client_for, since, status):
    plan = Plan.objects.get(first_year=2018)
    response = client_for("styrelse").get(f"/planer/{plan.pk}/version/2/andringar/", {"sedan": since})
    assert response.status_code == status
    if status == 200:
        assert "Ändringar sedan version 1" in response.content.decode()

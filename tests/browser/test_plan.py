"""The förbundschef edits a section, previews it and sends version 2; a board member sees the change."""

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Meeting
from plans.models import Plan
from plans.services import plan_send_to_board
from tests.plans.pdfutil import normalized, pdf_text


@pytest.mark.django_db(transaction=True)
def test_edit_preview_send_and_read_the_change(demo, page, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    plan_send_to_board(plan=plan, user=get_user_model().objects.get(username="forbundschef"))
    vision = plan.sections.get(title="Vision")

    login("forbundschef")
    page.goto(f"{live_server.url}/planer/{plan.pk}/redigera/")
    page.get_by_role("link", name="4.1 Vision", exact=True).click()
    body = page.get_by_label("Text")
    body.fill("Samverkan är vårt **viktigaste** medel.\n\n- Tillit\n- Uthållighet")
    preview = page.locator("#body-preview")
    preview.locator("strong", has_text="viktigaste").wait_for()  # the live preview, rendered by the server
    assert preview.locator("li").all_inner_texts() == ["Tillit", "Uthållighet"]
    page.get_by_role("button", name="Spara avsnittet").click()
    assert page.get_by_text("Avsnittet är sparat.").is_visible()

    page.goto(f"{live_server.url}/planer/{plan.pk}/skicka/")
    page.get_by_label("Till styrelsemötet").select_option(label="2019-03-22 ÅRSREDOVISNING")
    page.get_by_role("button", name="Skicka till styrelsen").click()
    assert page.get_by_text("Version 2 är skickad till styrelsen").is_visible()

    page.get_by_role("button", name="Demo Förbundschef").click()  # the user menu
    page.get_by_role("button", name="Logga ut").click()
    login("styrelse")
    meeting = Meeting.objects.get(kind__code="styrelsemote", starts_on="2019-03-22")
    page.goto(f"{live_server.url}/kalender/2019/")
    page.locator("#table-styrelsemote").get_by_role("link", name="ÅRSREDOVISNING", exact=True).click()
    page.wait_for_url(f"{live_server.url}{meeting.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Verksamhetsplan 2019, version 2").click(modifiers=["Alt"])
    pdf = open(download_info.value.path(), "rb").read()
    text = normalized(pdf_text(pdf))
    assert "Utkast, version 2" in text and "Samverkan är vårt viktigaste medel." in text

    page.get_by_role("link", name="Ändringar sedan version 1").click()
    change = page.locator("section.change", has_text="4.1 Vision")
    assert change.locator("ins", has_text="viktigaste").count() >= 1
    assert vision.pk  # the same section, compared across versions

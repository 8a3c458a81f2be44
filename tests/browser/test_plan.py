"""The förbundschef edits a section, previews it and sends version 2; a board member sees the change."""

import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from meetings.models import Meeting
from plans.models import Plan
from plans.services import plan_send_to_board
from tests.helpers import open_items
from tests.plans.pdfutil import normalized, pdf_text
from tests.plans.queueutil import run_render_queue


@pytest.mark.django_db(transaction=True)
def test_edit_preview_send_and_read_the_change(demo, page, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    plan_send_to_board(
        plan=plan, acting_user=get_user_model().objects.get(username="forbundschef"), acknowledged=open_items(plan)
    )
    vision = plan.sections.get(title="Vision")

    login("forbundschef")
    page.goto(f"{live_server.url}/planer/{plan.pk}/redigera/")
    page.get_by_role("link", name="4.1 Vision", exact=True).click()
    page.wait_for_url(f"{live_server.url}/planer/{plan.pk}/avsnitt/{vision.pk}/")
    body = page.get_by_label("Text")
    body.fill("Samverkan är vårt **viktigaste** medel.\n\n- Tillit\n- Uthållighet")
    preview = page.locator("#body-preview")
    preview.locator("strong", has_text="viktigaste").wait_for()  # the live preview, rendered by the server
    assert preview.locator("li").all_inner_texts() == ["Tillit", "Uthållighet"]
    page.get_by_role("button", name="Spara avsnittet").click()
    assert page.get_by_text("Avsnittet är sparat.").is_visible()

    page.goto(f"{live_server.url}/planer/{plan.pk}/skicka/")
    page.get_by_label("Till styrelsemötet").select_option(label="2019-03-22 ÅRSREDOVISNING")
    # The checklist still has open items: sending them takes the director's word, in a checkbox.
    page.get_by_label("Jag har läst listan och skickar planen med").check()
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


@pytest.mark.django_db(transaction=True)
def test_a_draft_pdf_shows_it_is_being_made_and_then_how_many_pages_it_has(demo, page, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    login("forbundschef")  # the working copy: the board reads only the versions sent
    page.goto(f"{live_server.url}/planer/{plan.pk}/")
    # Not made yet: the render queue makes it, and the page that answers at once says so.
    page.get_by_role("link", name="Ladda ner PDF").click()
    status = page.get_by_role("status")
    assert "PDF:en görs … Plats i kön: 1." in status.inner_text()
    assert page.get_by_role("link", name="uppdatera sidan").is_visible()
    assert not page.get_by_role("link", name="Ladda ner PDF").is_visible()
    run_render_queue()  # the worker, here in the test
    done = page.locator("#pdf-status[role=status]").filter(has_text="PDF:en är klar")
    done.wait_for()
    with page.expect_download() as download_info:  # saved rather than shown (Alt+click)
        page.get_by_role("link", name="Ladda ner PDF").click(modifiers=["Alt"])
    pdf = open(download_info.value.path(), "rb").read()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert done.inner_text() == f"PDF:en är klar: {pages} sidor."

    # Made already: the plan's own link gives it at once, and its page says how long it is.
    page.goto(f"{live_server.url}/planer/{plan.pk}/")
    with page.expect_download():
        page.get_by_role("link", name="Ladda ner PDF").click(modifiers=["Alt"])
    made = page.locator(".busy-status[role=status]").filter(has_text="PDF:en av utkastet är skapad")
    made.wait_for()
    assert made.inner_text() == f"PDF:en av utkastet är skapad: {pages} sidor."
    assert "sofint_pdf_klar" not in page.evaluate("document.cookie")  # read once, then gone


@pytest.mark.django_db(transaction=True)
def test_a_preview_that_cannot_be_made_says_so(demo, page, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    vision = plan.sections.get(title="Vision")
    login("forbundschef")
    page.route("**/planer/forhandsvisning/", lambda route: route.fulfill(status=500, body="fel"))
    page.goto(f"{live_server.url}/planer/{plan.pk}/avsnitt/{vision.pk}/")
    page.get_by_label("Text").fill("Ny text")
    notice = page.locator("#body-preview", has_text="Förhandsvisningen kunde inte uppdateras just nu")
    notice.wait_for()
    assert notice.is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_second_block_is_placed_between_paragraphs_from_the_editor(demo, page, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    vision = plan.sections.get(title="Vision")
    login("forbundschef")
    page.goto(f"{live_server.url}/planer/{plan.pk}/avsnitt/{vision.pk}/")
    page.get_by_label("Text").fill("Första stycket.\n\nAndra stycket.")
    new_block = page.locator(".section-block").last  # the empty row for a new block
    new_block.get_by_label("Datablock från sofint").select_option(label="Kansli")
    page.get_by_role("button", name="Spara avsnittet").click()
    assert page.get_by_text("Avsnittet är sparat.").is_visible()

    # The cursor after the first paragraph, then "Infoga datablock här" on block 1.
    body = page.get_by_label("Text")
    body.evaluate("(area) => { area.focus(); area.setSelectionRange(15, 15); }")
    page.locator(".section-block").first.get_by_role("button", name="Infoga datablock här").click()
    assert body.input_value() == "Första stycket.\n\n[[datablock 1]]\n\nAndra stycket."
    page.locator("#body-preview").get_by_text("Här visas datablock 1.").wait_for()
    page.get_by_role("button", name="Spara avsnittet").click()
    assert page.get_by_text("Avsnittet är sparat.").is_visible()

    page.goto(f"{live_server.url}/planer/{plan.pk}/")
    html = page.locator("#avsnitt-4-1").inner_html()  # 4.1 Vision
    assert html.index("Första stycket.") < html.index("Kansliet 2019") < html.index("Andra stycket.")

"""The plan pages as the förbundschef and the board use them."""

import datetime
import io

import pytest
from django.views import View
from pypdf import PdfReader

from plans.models import Plan, Section
from plans.pdf import render_document_pdf
from plans.selectors import plan_document
from plans.services import plan_send_to_board
from tests.helpers import open_items, send_form
from tests.plans.editing import block_rows, section_post
from tests.plans.pdfutil import normalized, pdf_text
from tests.plans.queueutil import download_draft

pytestmark = pytest.mark.django_db

XSS = (
    "Hej <script>alert('x')</script> **fet** <img src=x onerror=alert(1)> "
    "[klick](javascript:alert(1)) <iframe src='https://evil.example'></iframe> "
    "<style>body{display:none}</style> <a href='https://finsam.se' onclick='steal()'>Finsam</a>\n\n"
    "- ett\n- två\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
)


@pytest.fixture
def draft():
    return Plan.objects.get(first_year=2019)


def test_markdown_is_sanitised_in_page_preview_and_pdf(client_for, draft):
    client = client_for("forbundschef")
    section = draft.sections.order_by("pk")[1]
    response = client.post(f"/planer/{draft.pk}/avsnitt/{section.pk}/", section_post(section, body=XSS))
    assert response.status_code == 302
    page = client.get(f"/planer/{draft.pk}/").content.decode()
    document_html = page[page.index('<article class="plan-document">') : page.index("</article>")]
    for html in (
        document_html,
        client.post("/planer/forhandsvisning/", {"body": XSS}).content.decode(),
    ):
        assert "<strong>fet</strong>" in html and "<li>två</li>" in html and "<table>" in html
        assert '<a href="https://finsam.se" rel="noopener noreferrer">Finsam</a>' in html
        for bad in ("<script", "alert(", "onerror", "javascript:", "<iframe", "<style>body", "onclick", "<img"):
            assert bad not in html, bad
    pdf, _pages = render_document_pdf(plan_document(draft))
    text = normalized(pdf_text(pdf))
    assert "Hej fet" in text and "alert" not in text and "display:none" not in text


def test_second_save_is_refused_and_the_text_kept(client_for, draft):
    client = client_for("forbundschef")
    section = draft.sections.order_by("pk")[1]
    opened = section_post(section)  # both opened the same revision
    first = client.post(f"/planer/{draft.pk}/avsnitt/{section.pk}/", {**opened, "body": "Annas version."})
    assert first.status_code == 302
    second = client.post(f"/planer/{draft.pk}/avsnitt/{section.pk}/", {**opened, "body": "Bertils version."})
    assert second.status_code == 409
    page = second.content.decode()
    assert "har sparats av Demo Förbundschef sedan du öppnade det" in page
    assert "Bertils version." in page  # still on the page to copy from
    assert "Annas version." in page  # what is saved now, shown beside it
    assert Section.objects.get(pk=section.pk).body == "Annas version."
    # Saving again after seeing the conflict is a deliberate choice and goes through.
    form_revision = second.context["form"]["revision"].value()
    third = client.post(
        f"/planer/{draft.pk}/avsnitt/{section.pk}/", {**opened, "body": "Bertils version.", "revision": form_revision}
    )
    assert third.status_code == 302
    assert Section.objects.get(pk=section.pk).body == "Bertils version."


def test_editor_adds_and_moves_sections(client_for, draft):
    client = client_for("forbundschef")
    response = client.post(f"/planer/{draft.pk}/redigera/", {"title": "Bilagor", "parent": ""})
    added = Section.objects.get(plan=draft, title="Bilagor")
    assert response["Location"] == f"/planer/{draft.pk}/avsnitt/{added.pk}/"
    client.post(f"/planer/{draft.pk}/avsnitt/{added.pk}/flytta/indent/")
    assert Section.objects.get(pk=added.pk).parent.title == "Budget 2019"
    page = client.get(f"/planer/{draft.pk}/redigera/").content.decode()
    assert "6.4 Bilagor" in page
    client.post(f"/planer/{draft.pk}/avsnitt/{added.pk}/flytta/indent/")
    assert "6.3.1 Bilagor" in client.get(f"/planer/{draft.pk}/redigera/").content.decode()
    response = client.post(f"/planer/{draft.pk}/avsnitt/{added.pk}/flytta/indent/", follow=True)
    assert "Det första avsnittet på en nivå kan inte dras in." in response.content.decode()


def test_changes_since_previous_version_show_text_and_figures(client_for, draft, users):
    director = users["forbundschef"]
    plan_send_to_board(plan=draft, acting_user=director, acknowledged=open_items(draft))
    vision = draft.sections.get(title="Vision")
    vision.body = vision.body.replace("vårt medel och vårt mål", "vårt viktigaste medel")
    vision.save()
    from governance.models import Member

    Member.objects.filter(name="Nora kommun").update(name="Nora kommun (ny)")
    plan_send_to_board(plan=draft, acting_user=director, acknowledged=open_items(draft))

    page = client_for("styrelse").get(f"/planer/{draft.pk}/version/2/andringar/").content.decode()
    assert "Ändringar sedan version 1" in page
    assert "4.1 Vision" in page
    assert '<del><span class="visually-hidden">Borttaget: </span>medel och vårt mål.</del>' in page
    assert '<ins><span class="visually-hidden">Tillagt: </span>viktigaste medel.</ins>' in page
    # The member's row, renamed in place, is compared cell by cell: only its name changed.
    before = '<del><span class="visually-hidden">Före: </span>Nora kommun</del>'
    assert f'{before} → <ins><span class="visually-hidden">Nu: </span>Nora kommun (ny)</ins>' in page
    assert "1.1 Ändamål" not in page  # unchanged sections are not listed


def test_adopted_plan_sends_editors_back(client_for):
    plan = Plan.objects.get(first_year=2018)
    client = client_for("forbundschef")
    for path in ("redigera/", "skicka/", "faststall/", f"avsnitt/{plan.sections.first().pk}/"):
        response = client.get(f"/planer/{plan.pk}/{path}", follow=True)
        assert response.redirect_chain[-1][0] == f"/planer/{plan.pk}/"
        assert "är fastställd och kan inte ändras" in response.content.decode()
    response = client.post(f"/planer/{plan.pk}/avsnitt/{plan.sections.first().pk}/", {"title": "x", "revision": 1})
    assert response.status_code == 302
    assert plan.sections.first().title != "x"


def test_board_member_reads_the_plan_and_its_versions(client_for):
    plan = Plan.objects.get(first_year=2018)
    page = client_for("styrelse").get(f"/planer/{plan.pk}/").content.decode()
    assert "Fastställd av styrelsen för Samordningsförbundet SOFINT 2018-03-23" in page
    assert "PDF version 2" in page and "Fastställd" in page
    assert "Redigera" not in page
    listing = client_for("styrelse").get("/planer/").content.decode()
    assert "Verksamhetsplan 2018" in listing
    assert "Verksamhetsplan 2019" not in listing  # the working copy, never sent (test_drafts.py)


def test_adopting_needs_the_meeting_date(client_for, draft):
    client = client_for("forbundschef")
    response = client.post(f"/planer/{draft.pk}/faststall/", {"adopted_on": "2019-03-01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted and draft.adopted_on.isoformat() == "2019-03-01"
    assert draft.versions.get(is_adoption=True).document["status_line"] == (
        "Fastställd av styrelsen för Samordningsförbundet SOFINT 2019-03-01"
    )


def test_copying_when_next_years_plan_exists_leads_to_it_and_copies_nothing(client_for):
    plan = Plan.objects.get(first_year=2018)
    client = client_for("forbundschef")
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "Kopiera till nästa år" not in page and "Till Verksamhetsplan 2019" in page
    response = client.post(f"/planer/{plan.pk}/kopiera/", follow=True)  # from a page opened before it was begun
    draft = Plan.objects.get(first_year=2019)
    assert response.redirect_chain[-1][0] == f"/planer/{draft.pk}/"
    assert "Verksamhetsplan 2019 finns redan; här är den." in response.content.decode()
    assert Plan.objects.filter(first_year=2019).count() == 1
    # The service itself refuses in Swedish.
    from django.core.exceptions import ValidationError

    from plans.services import plan_copy_to_next_year

    with pytest.raises(ValidationError, match="Det finns redan en plan för 2019."):
        plan_copy_to_next_year(plan=plan)


def test_a_failing_pdf_render_says_so_saves_nothing_and_is_logged(client_for, draft, monkeypatch, caplog):
    import weasyprint

    def broken(*args, **kwargs):
        raise RuntimeError("font cache broken")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    client = client_for("forbundschef")
    # The draft's PDF is laid out by the render queue: its page says the layout failed.
    assert "PDF:en kunde inte göras. Felet är loggat" in download_draft(client, draft).content.decode()
    for response in (
        client.post(f"/planer/{draft.pk}/skicka/", send_form(draft), follow=True),
        client.post(f"/planer/{draft.pk}/faststall/", {"adopted_on": "2019-03-22"}, follow=True),
    ):
        assert response.status_code == 200
        assert "PDF:en kunde inte skapas, så ingenting har sparats." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.versions.exists() and not draft.is_adopted  # the adoption was rolled back with it
    assert "Could not render the PDF of Verksamhetsplan 2019" in caplog.text
    assert "font cache broken" in caplog.text


def test_a_draft_pdf_tells_the_page_that_asked_for_it_how_many_pages_it_made(client_for, draft):
    client = client_for("ekonom")
    response = download_draft(client, draft, data={"klar": "a1b2c3d4e5f6"})
    assert response["Content-Type"] == "application/pdf"
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    cookie = response.cookies["sofint_pdf_klar"]
    assert cookie.value == f"a1b2c3d4e5f6.{pages}" and pages > 5
    assert cookie["max-age"] == 60 and cookie["samesite"] == "Lax" and not cookie["httponly"]
    # No token, or one that is not plain letters and digits: no cookie.
    for query in ({}, {"klar": "<script>"}, {"klar": "kort"}, {"klar": "x" * 41}):
        assert "sofint_pdf_klar" not in client.get(f"/planer/{draft.pk}/pdf/", query).cookies


def test_only_a_draft_pdf_link_announces_that_it_is_being_made(client_for, draft):
    client = client_for("ekonom")
    adopted = Plan.objects.get(first_year=2018)
    assert 'data-busy-text="Skapar PDF:en av utkastet' in client.get(f"/planer/{draft.pk}/").content.decode()
    assert "data-busy-text" not in client.get(f"/planer/{adopted.pk}/").content.decode()
    listing = client.get("/planer/").content.decode()
    assert (
        listing.count('data-busy-text="Skapar PDF:en av utkastet')
        == Plan.objects.exclude(status=Plan.Status.ADOPTED).count()
    )


@pytest.fixture
def adopted_meanwhile(monkeypatch):
    """Adopt a plan after its page has checked that it is not adopted, just before the page writes.

    The page's own check (PlanMixin.dispatch) has passed by the time Django's View.dispatch
    runs the handler: the board's adoption lands in between, as when two people work at once.
    """

    def arm(plan):
        original = View.dispatch

        def dispatch(view, request, *args, **kwargs):
            if request.method == "POST":
                Plan.objects.filter(pk=plan.pk).update(
                    status=Plan.Status.ADOPTED, adopted_on=datetime.date(2019, 3, 22)
                )
            return original(view, request, *args, **kwargs)

        monkeypatch.setattr(View, "dispatch", dispatch)

    return arm


def _positions(plan):
    return list(plan.sections.order_by("pk").values_list("pk", "parent_id", "position"))


@pytest.mark.parametrize("action", ["add", "edit", "move", "delete", "send", "adopt"])
def test_a_plan_adopted_while_someone_saves_answers_409_in_swedish_and_saves_nothing(
    client_for, draft, adopted_meanwhile, action
):
    client = client_for("forbundschef")
    section = draft.sections.get(title="Vision")
    before = {"sections": _positions(draft), "bodies": dict(draft.sections.values_list("pk", "body"))}
    path, data = {
        "add": ("redigera/", {"title": "Bilagor", "parent": ""}),
        "edit": (f"avsnitt/{section.pk}/", section_post(section, body="Min nya vision.")),
        "move": (f"avsnitt/{section.pk}/flytta/down/", {}),
        "delete": (f"avsnitt/{section.pk}/radera/", {}),
        "send": ("skicka/", send_form(draft)),
        "adopt": ("faststall/", {"adopted_on": "2019-03-22"}),
    }[action]
    adopted_meanwhile(draft)

    response = client.post(f"/planer/{draft.pk}/{path}", data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Verksamhetsplan 2019 är fastställd och kan inte ändras." in page
    if action == "edit":
        assert "Min nya vision." in page  # the text stays on the page to copy
    assert _positions(draft) == before["sections"]
    assert dict(draft.sections.values_list("pk", "body")) == before["bodies"]
    assert not draft.versions.exists()


def test_copying_a_plan_is_no_write_to_it_and_goes_through_while_it_is_adopted(client_for, draft, adopted_meanwhile):
    adopted_meanwhile(draft)
    response = client_for("forbundschef").post(f"/planer/{draft.pk}/kopiera/")
    assert response.status_code == 302
    assert Plan.objects.get(first_year=2020).copied_from == draft


def test_a_stale_save_says_what_is_saved_and_what_was_sent_in_the_one_shape(client_for, draft):
    client = client_for("forbundschef")
    section = draft.sections.get(title="Vision")
    opened = section_post(section)
    client.post(f"/planer/{draft.pk}/avsnitt/{section.pk}/", {**opened, "body": "Annas version."})
    second = client.post(f"/planer/{draft.pk}/avsnitt/{section.pk}/", {**opened, "body": "Bertils version."})
    assert second.status_code == 409
    (message,) = second.context["form"].non_field_errors()
    assert message.startswith(
        "Avsnitt ändrades av någon annan medan du redigerade "
        "(Text: sparat ”Annas version.”, du skickade ”Bertils version.”)."
    )
    assert "Avsnittet har sparats av Demo Förbundschef sedan du öppnade det." in message


def test_the_project_block_is_chosen_from_the_projects(client_for, draft):
    from projects.models import Project

    client = client_for("forbundschef")
    section = draft.sections.get(title="Samverkansteamet")
    page = client.get(f"/planer/{draft.pk}/avsnitt/{section.pk}/")
    choices = list(page.context["blocks"].forms[0].fields["project"].queryset.values_list("name", flat=True))
    assert choices == sorted(Project.objects.values_list("name", flat=True))
    chosen = section.blocks.get().project_id
    assert f'<option value="{chosen}" selected>Samverkansteamet</option>' in page.content.decode()
    other = Project.objects.get(name="Mottagningsteamet")
    [stored] = block_rows(section)
    response = client.post(
        f"/planer/{draft.pk}/avsnitt/{section.pk}/", section_post(section, blocks=[{**stored, "project": other.pk}])
    )
    assert response.status_code == 302
    [block] = section.blocks.all()
    assert block.project == other and block.reference_label == "Mottagningsteamet"
    assert "Mottagningsteamet i korthet" in plan_document(draft).sections[section_index(draft, section)].block_html
    # The block needs its insats; other blocks carry none.
    refused = client.post(
        f"/planer/{draft.pk}/avsnitt/{section.pk}/", section_post(section, blocks=[{**stored, "project": ""}])
    )
    assert refused.status_code == 200
    assert "Välj vilken insats blocket ska visa." in refused.content.decode()
    assert section.blocks.get().project == other  # nothing saved
    section.refresh_from_db()
    client.post(
        f"/planer/{draft.pk}/avsnitt/{section.pk}/",
        section_post(section, blocks=[{**stored, "kind": "board", "project": other.pk}]),
    )
    [block] = section.blocks.all()
    assert block.kind == "board" and block.project is None


def section_index(plan, section):
    return [s.section_id for s in plan_document(plan).sections].index(section.pk)

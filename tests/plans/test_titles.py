"""Plans say what they are: their own title, subtitle and document date; an adoption recorded by reference."""

import datetime
import io
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from plans.models import Plan
from plans.services import plan_adopt, plan_copy_to_next_year, plan_create, section_add
from tests.plans.pdfutil import normalized, pdf_pages_text
from tests.plans.queueutil import download_draft

pytestmark = pytest.mark.django_db

SKOVDE = "Verksamhets- och budgetplan för verksamhetsåret 2009"
SOFINT_2019 = "Verksamhetsplan och budget 2019 för Samordningsförbundet SOFINT"


def test_a_plan_without_a_title_of_its_own_keeps_today_s_title():
    plan = plan_create(first_year=2030, last_year=2031)
    assert (plan.title, plan.dated_title, plan.file_stem) == (
        "Verksamhetsplan 2030–2031", "Verksamhetsplan 2030–2031", "verksamhetsplan-2030–2031",
    )  # fmt: skip


def test_the_forbunds_own_title_subtitle_and_date_reach_the_cover_metadata_list_and_file_name(client_for):
    client = client_for("forbundschef")
    response = client.post(
        "/planer/ny/",
        {"first_year": 2009, "last_year": "", "given_title": SKOVDE, "subtitle": "Samordningsförbundet Skövde",
         "document_date": "2008-11-20"},
    )  # fmt: skip
    assert response.status_code == 302
    plan = Plan.objects.get(first_year=2009)
    assert (plan.title, plan.document_date) == (SKOVDE, datetime.date(2008, 11, 20))
    section_add(plan=plan, title="Inledning", body="Förbundets plan.")

    listing = client.get("/planer/").content.decode()
    assert f"{SKOVDE}, 2008-11-20" in listing and "Samordningsförbundet Skövde" in listing
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "Datum: 2008-11-20" in page and "Samordningsförbundet Skövde" in page

    pdf = download_draft(client, plan)
    expected = f"{SKOVDE} 2008-11-20-utkast.pdf"
    assert f"filename*=UTF-8''{quote(expected)}" in pdf["Content-Disposition"]
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == f"{SKOVDE}, 2008-11-20 – Samordningsförbundet SOFINT"
    pages = [normalized(text) for text in pdf_pages_text(content)]
    assert SKOVDE in pages[0] and "Samordningsförbundet Skövde" in pages[0] and "Datum: 2008-11-20" in pages[0]
    assert f"{SKOVDE}, 2008-11-20" in pages[-1]  # the running footer


def test_title_and_date_are_changed_on_their_own_page_until_the_plan_is_adopted(client_for):
    client = client_for("forbundschef")
    draft = Plan.objects.get(first_year=2019)
    response = client.post(
        f"/planer/{draft.pk}/uppgifter/", {"given_title": SOFINT_2019, "subtitle": "", "document_date": "2018-10-19"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.dated_title == f"{SOFINT_2019}, 2018-10-19"
    refused = client.post(f"/planer/{draft.pk}/uppgifter/", {"given_title": "x", "document_date": "19-10-2018"})
    assert refused.status_code == 200 and "Fyll i ett giltigt datum." in refused.content.decode()
    adopted = Plan.objects.get(first_year=2018)
    assert client.get(f"/planer/{adopted.pk}/uppgifter/").status_code == 302  # back to the locked plan
    assert plan_copy_to_next_year(plan=draft).title == "Verksamhetsplan och budget 2020 för Samordningsförbundet SOFINT"


def test_a_plan_adopted_before_the_forbund_used_sofint_is_recorded_by_its_date_and_reference(client_for):
    # Vänersborg/Mellerud 2007: "Antagen av samordningsförbundet Vänersborg/Mellerud, Datum: 20070111".
    plan = plan_create(first_year=2007, document_date=datetime.date(2007, 1, 11))
    section_add(plan=plan, title="Inledning", body="Samordningsförbundet Vänersborg/Mellerud bildades den 1 mars 2006.")
    client = client_for("forbundschef")
    response = client.post(
        f"/planer/{plan.pk}/faststall/",
        {"adopted_on": "2007-01-11", "meeting": "", "reference": "Styrelsemöte 2007-01-11 § 3"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.adopted_on, plan.adopted_at, plan.adoption_reference) == (
        datetime.date(2007, 1, 11), None, "Styrelsemöte 2007-01-11 § 3",
    )  # fmt: skip
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "2007-01-11 (Styrelsemöte 2007-01-11 § 3)" in page
    cover = normalized(pdf_pages_text(bytes(plan.versions.get(is_adoption=True).pdf))[0])
    assert "Datum: 2007-01-11" in cover and "2007-01-11 (Styrelsemöte 2007-01-11 § 3)" in cover


def test_an_adoption_at_a_meeting_in_sofint_takes_the_meeting_s_date(users):
    from tests.meetings.factories import MeetingFactory

    plan = plan_create(first_year=2030)
    section_add(plan=plan, title="A", body="Text.")
    meeting = MeetingFactory(starts_on=datetime.date(2029, 11, 20))
    with pytest.raises(Exception, match="Datumet ska vara styrelsemötets datum \\(2029-11-20\\)."):
        plan_adopt(plan=plan, acting_user=users["forbundschef"], adopted_on=datetime.date(2029, 11, 21),
                   meeting=meeting)  # fmt: skip
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT

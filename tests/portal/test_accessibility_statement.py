"""The accessibility statement (lagen 2018:1937), as Digg's model statement lays it out, open to anyone."""

import datetime

import pytest

from governance.models import StaffPosition
from tests.governance.factories import PersonFactory, StaffPositionFactory

pytestmark = pytest.mark.django_db

# The headings of Digg's model statement (Tillgänglighetsredogörelse), in its order.
DIGG_HEADINGS = [
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
]


def statement(client):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_reads_the_statement_in_digg_s_order(client):
    page = statement(client)
    positions = [page.index(f">{heading}</h") for heading in DIGG_HEADINGS]
    assert positions == sorted(positions)
    assert 'href="https://www.digg.se/tdosanmalan"' in page and "Myndigheten för digital förvaltning" in page


def test_the_statement_says_how_it_was_checked_when_and_what_does_not_work(client):
    page = statement(client)
    assert "axe-core" in page and "320 pixlars bredd" in page and "200 %" in page
    assert "enbart tangentbord" in page and "skärmläsare" in page
    assert "page-validation" in page and "pdfua" in page and "PDF/A-3a" in page
    assert "Redogörelsen upprättades 2026-12-07." in page
    assert "Senaste bedömningen gjordes 2026-12-07" in page
    known = page[page.index("Bristande förenlighet med lagkraven") : page.index("Hur vi testat webbplatsen")]
    assert "WCAG 1.4.10" in known and "PDF/UA" in known and "Administrationsdelen" in known


def test_the_contact_is_the_forbundschef_s_from_the_office(client):
    StaffPositionFactory(
        role=StaffPosition.Role.COORDINATOR, person=PersonFactory(name="Sam Samordnare", email="sam@example.se")
    )
    StaffPositionFactory(
        role=StaffPosition.Role.DIRECTOR,
        person=PersonFactory(name="Fia Förbundschef", email="fia@example.se", phone="0581-123 45"),
        active_from=datetime.date(2018, 1, 1),
    )
    page = statement(client)
    contact = page[page.index('id="contact"') : page.index("Vi svarar så snart vi kan.")]
    assert "Förbundschef, Fia Förbundschef" in contact
    assert '<a href="mailto:fia@example.se">fia@example.se</a>' in contact
    assert '<a href="tel:0581-12345">0581-123 45</a>' in contact
    assert "sam@example.se" not in contact


def test_another_post_is_named_when_the_forbundschef_has_no_contact_details(client):
    StaffPositionFactory(role=StaffPosition.Role.DIRECTOR, person=PersonFactory(name="Utan Uppgifter"))
    StaffPositionFactory(role=StaffPosition.Role.FINANCE, person=PersonFactory(name="Eva Ekonom", phone="019-55 55 55"))
    contact = statement(client)
    assert "Ekonom, Eva Ekonom" in contact and "Telefon: " in contact and "Utan Uppgifter" not in contact


def test_the_statement_says_plainly_when_no_contact_is_entered(client):
    StaffPositionFactory(role=StaffPosition.Role.DIRECTOR, person=PersonFactory(name="Utan Uppgifter"))
    StaffPositionFactory(
        role=StaffPosition.Role.FINANCE,
        person=PersonFactory(email="gammal@example.se"),
        active_to=datetime.date(2000, 12, 31),  # a post no longer filled is not the contact
    )
    page = statement(client)
    assert "Kansliets e-postadress och telefonnummer är inte inlagda i sofint ännu." in page
    assert "gammal@example.se" not in page and "mailto:" not in page

"""Every download names itself so that browsers keep the name: an ASCII filename and, when needed, filename*."""

from urllib.parse import unquote

import pytest

from core.downloads import ascii_filename, content_disposition
from plans.models import Plan
from tests.plans.queueutil import download_draft


def test_a_plain_name_is_sent_as_it_is():
    assert content_disposition("kalendarium-2019.ics") == 'attachment; filename="kalendarium-2019.ics"'
    assert content_disposition("kalendarium.ics", inline=True) == 'inline; filename="kalendarium.ics"'


def test_an_en_dash_and_swedish_letters_get_an_ascii_fallback_and_the_exact_name_in_utf8():
    header = content_disposition("verksamhetsplan-2007–2008-förslag.pdf", inline=True)
    assert header.startswith('inline; filename="verksamhetsplan-2007-2008-forslag.pdf"; ')
    assert header.split("filename*=", 1)[1].startswith("UTF-8''")
    assert unquote(header.split("UTF-8''", 1)[1]) == "verksamhetsplan-2007–2008-förslag.pdf"
    assert header.isascii()


@pytest.mark.parametrize("name", ['a"b.pdf', "a\\b.pdf", "rad\r\nbryt.pdf", "—", "åäö"])
def test_the_fallback_never_breaks_the_header(name):
    fallback = ascii_filename(name)
    assert fallback.isascii() and fallback
    assert not set(fallback) & set('"\\\r\n')
    assert "\r" not in content_disposition(name) and "\n" not in content_disposition(name)


@pytest.mark.django_db
def test_a_span_plans_pdf_keeps_its_en_dash_for_the_browser(client_for):
    client = client_for("forbundschef")
    response = client.post("/planer/ny/", {"first_year": 2020, "last_year": 2021})
    assert response.status_code == 302
    plan = Plan.objects.get(first_year=2020)
    assert plan.years == "2020–2021"

    response = download_draft(client, plan)

    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith('inline; filename="verksamhetsplan-2020-2021-utkast.pdf"; ')
    assert unquote(header.split("UTF-8''", 1)[1]) == "verksamhetsplan-2020–2021-utkast.pdf"

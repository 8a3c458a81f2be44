"""Terms entered with a wrong year are refused in Swedish, and a term entered by mistake can be deleted."""

import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from governance.models import Auditor, BoardSeat, MandatePeriod

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/governance/mandateperiod/add/"
EMPTY_INLINES = {
    "seats-TOTAL_FORMS": "0",
    "seats-INITIAL_FORMS": "0",
    "auditors-TOTAL_FORMS": "0",
    "auditors-INITIAL_FORMS": "0",
}


def field_errors(response) -> list[str]:
    return re.findall(
        r"<li>(.*?)</li>", "".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode()))
    )


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0", "Året måste ligga mellan 2000 och 2100."),
        ("1999", "Året måste ligga mellan 2000 och 2100."),
        ("2101", "Året måste ligga mellan 2000 och 2100."),
        ("99999", "Året måste ligga mellan 2000 och 2100."),
        ("9" * 30, "Året måste ligga mellan 2000 och 2100."),
        ("-4", "Kontrollera att detta värde är större än eller lika med 0."),
        ("2017", "2017 är inget valår; allmänna val hålls vart fjärde år (2018, 2022, 2026 …)."),
        ("2098", "Mandatperioden efter valet 2098 skulle sluta 2102-12-31, efter det sista året 2100."),
    ],
)
def test_admin_refuses_an_election_year_outside_the_forbunds_years(client_for, year, message):
    before = set(MandatePeriod.objects.values_list("pk", flat=True))
    response = client_for("forbundschef").post(ADD_URL, {"election_year": year, **EMPTY_INLINES})
    assert response.status_code == 200
    assert message in field_errors(response)
    if message.startswith("Året"):  # a year out of range is not also told it is no election year
        assert not any("inget valår" in error for error in field_errors(response))
    assert set(MandatePeriod.objects.values_list("pk", flat=True)) == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TERM_CREATED).exists()


def test_a_term_entered_by_mistake_is_deleted_and_the_deletion_recorded(client_for, users):
    client = client_for("forbundschef")
    assert client.post(ADD_URL, {"election_year": "2026", **EMPTY_INLINES}).status_code == 302
    period = MandatePeriod.objects.get(election_year=2026)
    url = reverse("admin:governance_mandateperiod_delete", args=[period.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not MandatePeriod.objects.filter(pk=period.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.TERM_DELETED)
    assert (event.user, event.details) == (users["forbundschef"], {"period": period.pk, "election_year": 2026})


@pytest.mark.parametrize("holder", ["seats", "auditors"])
def test_a_term_with_seats_or_auditors_is_never_deleted(client_for, holder):
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    if holder == "auditors":
        BoardSeat.objects.filter(period=period).delete()
        assert Auditor.objects.filter(period=period).exists()
    seats, auditors = period.seats.count(), period.auditors.count()
    message = "Mandatperioden 2015–2018 har styrelseplatser eller revisorer och kan inte tas bort."
    assert message in client.get(reverse("admin:governance_mandateperiod_delete", args=[period.pk])).content.decode()
    response = client.post(reverse("admin:governance_mandateperiod_delete", args=[period.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:governance_mandateperiod_change", args=[period.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Mandatperioden 2015–2018 har styrelseplatser eller revisorer och kan inte tas bort." in page
    period.refresh_from_db()
    assert (period.seats.count(), period.auditors.count()) == (seats, auditors)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TERM_DELETED).exists()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor"])
def test_only_the_forbundschef_deletes_a_term(client_for, role):
    period = MandatePeriod.objects.create(election_year=2026, starts_on="2027-01-01", ends_on="2030-12-31")
    client_for(role).post(reverse("admin:governance_mandateperiod_delete", args=[period.pk]), {"post": "yes"})
    assert MandatePeriod.objects.filter(pk=period.pk).exists()

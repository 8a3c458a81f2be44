"""A tampered id or number in the admin forms of the calendar, terms and projects is a field error, never a 500."""

import pytest

from governance.models import BoardSeat, MandatePeriod
from meetings.models import CalendarAdoption, Meeting
from projects.models import FollowUpReport, Goal, GoalResult, ProjectYear

pytestmark = pytest.mark.django_db

TAMPERED = ["9" * 400, "99999999999999999999", "-1", "x"]


def admin_posts(value, *, period, report):
    return {
        "/admin/meetings/calendaradoption/add/": {"year": "2030", "meeting": value},
        "/admin/meetings/meeting/add/": {"kind": value, "title": "x", "starts_on": "2020-01-01", "status": "planerat"},
        "/admin/meetings/meetingkind/add/": {"code": "x", "name": "x", "order": value},
        "/admin/projects/goalresult/add/": {"goal": value, "report": value, "value": "1"},
        "/admin/projects/projectyear/add/": {"project": value, "year": "2020", "granted": "0"},
        "/admin/projects/goal/add/": {"project": value, "term": "kort", "text": "x", "order": value},
        "/admin/projects/targetgrouppriority/add/": {"year": "2020", "position": value, "target_group": value},
        "/admin/projects/followupreport/add/": {
            "project": value,
            "kind": "del",
            "period_start": "2020-01-01",
            "period_end": "2020-02-01",
            "meeting": value,
            "participants_women": value,
            "participants_men": "0",
            "results-TOTAL_FORMS": "0",
            "results-INITIAL_FORMS": "0",
        },
        f"/admin/projects/followupreport/{report.pk}/change/": {
            "project": report.project_id,
            "kind": report.kind,
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "participants_women": "0",
            "participants_men": "0",
            "revision": str(report.revision),
            "results-TOTAL_FORMS": "1",
            "results-INITIAL_FORMS": "0",
            "results-0-goal": value,
            "results-0-value": "1",
        },
        "/admin/governance/boardseat/add/": {"period": value, "member": value, "kind": "ordinarie", "person": value},
        f"/admin/governance/mandateperiod/{period.pk}/change/": {
            "seats-TOTAL_FORMS": "1",
            "seats-INITIAL_FORMS": "0",
            "seats-0-member": value,
            "seats-0-kind": "ordinarie",
            "seats-0-person": value,
            "auditors-TOTAL_FORMS": "1",
            "auditors-INITIAL_FORMS": "0",
            "auditors-0-kind": "certifierad",
            "auditors-0-person": value,
            "auditors-0-appointed_by": value,
        },
        "/admin/governance/staffposition/add/": {
            "role": "ekonom",
            "employer": value,
            "person": value,
            "percent_of_full_time": value,
        },
    }


COUNTED = (Meeting, CalendarAdoption, GoalResult, ProjectYear, Goal, FollowUpReport, BoardSeat)


@pytest.mark.parametrize("value", TAMPERED)
def test_a_tampered_value_is_refused_on_the_form(client_for, value):
    client = client_for("forbundschef")
    period = MandatePeriod.objects.get(election_year=2014)
    report = FollowUpReport.objects.order_by("pk").first()
    before = {model: model.objects.count() for model in COUNTED}
    for url, data in admin_posts(value, period=period, report=report).items():
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        assert "errorlist" in page or "errornote" in page, url
    assert {model: model.objects.count() for model in COUNTED} == before


@pytest.mark.parametrize("value", TAMPERED)
def test_a_tampered_admin_filter_never_answers_500(client_for, value):
    client = client_for("forbundschef")
    for url in (
        "/admin/projects/project/?owners__id__exact=",
        "/admin/meetings/meeting/?year=",
        "/admin/projects/goal/?project__id__exact=",
        "/admin/governance/boardseat/?period__id__exact=",
    ):
        assert client.get(url + value).status_code in (200, 302), url

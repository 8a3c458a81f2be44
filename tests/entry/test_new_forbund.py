"""A förbund that is not among the seeds, entered from an empty installation as its plan is written:
owners that are units of a member or the förbund itself, periods to the month or in words, a
project that began before the förbund used sofint, a regional goal measured outside sofint, a
budget known only as the members' frame, last year's follow-up, and a post that shrinks
in the middle of the year. Every fact reaches the adopted PDF; nothing is invented.
"""

import pytest

from budget.models import Budget
from goals.models import GoalKind
from governance.models import Member, Person
from plans.models import Block
from projects.models import Project

from .filling import inline_rows, page_errors, submit
from .seeding import add, adopt, adopted_pdf_text, missing, plan_create, section, set_up

pytestmark = pytest.mark.django_db

FORBUND = "Samordningsförbundet Norra Bergslagen"
TITLE = "Verksamhetsplan och budget 2019 för Samordningsförbundet Norra Bergslagen"
MEMBERS = [
    ("Försäkringskassan", Member.Kind.FORSAKRINGSKASSAN),
    ("Arbetsförmedlingen", Member.Kind.ARBETSFORMEDLINGEN),
    ("Region Örebro län", Member.Kind.REGION),
    ("Lindesbergs kommun", Member.Kind.KOMMUN),
    ("Nora kommun", Member.Kind.KOMMUN),
]
REGIONAL = (
    "Andelen unga vuxna med försörjningsstöd i förbundets kommuner ska inte vara högre än länets vid mätningen "
    "hösten 2019."
)
PSYCHIATRY = "Arbetsträning inom vuxenpsykiatrin"
STEPS = "Steg till arbete"
DAYS = "Förbundets kompetensdagar"


@pytest.fixture
def entered(empty_installation, client):
    director = set_up(name=FORBUND, short_name="Norra Bergslagen", username="anna", full_name="Anna Berg",
                      term_start="04-01")  # fmt: skip
    client.force_login(director)
    for name, kind in MEMBERS:
        add(client, "governance.member", {"name": name, "kind": kind})
    member = {m.name: m.pk for m in Member.objects.all()}

    # The förbundschef's post: 80 % until the end of June, then 60 %.
    anna = Person.objects.get(name="Anna Berg").pk
    for percent, starts, ends in (("80", "2018-01-01", "2019-06-30"), ("60", "2019-07-01", "")):
        add(client, "governance.staffposition", {"role": "forbundschef", "person": anna, "percent_of_full_time":
            percent, "employer": member["Region Örebro län"], "active_from": starts, "active_to": ends})  # fmt: skip

    # A project that began in October 2018, before sofint, owned by a unit of the region.
    submit(client, "/insatser/ny/", {
        "name": PSYCHIATRY, "kind": "individ", "owners-0-member": member["Region Örebro län"],
        "owners-0-unit": "Vuxenpsykiatrin", "starts_on": "oktober 2018", "ends_on": "mars 2020",
        "initial_status": "pagaende", "status_on": "2018-10-01", "status_reference": "Styrelsebeslut 2018-09-14 § 6",
    })  # fmt: skip
    psychiatry = Project.objects.get(name=PSYCHIATRY)
    for goal in ("Minst 50 % av deltagarna ska gå vidare till arbete eller studier.",
                 "30 % färre vårdkontakter ett år efter inskrivning."):  # fmt: skip
        submit(client, f"/insatser/{psychiatry.pk}/mal/nytt/", {"text": goal}, confirm=True)
    # One that has not started: the plan says only when it is expected to.
    submit(client, "/insatser/ny/", {
        "name": STEPS, "kind": "individ", "owners-0-member": member["Lindesbergs kommun"],
        "owners-0-unit": "Socialtjänstens arbetsmarknadsenhet", "owners-1-member": member["Nora kommun"],
        "period_note": "beräknas starta under våren 2019", "initial_status": "beviljad",
        "status_reference": "Styrelsebeslut 2018-11-30 § 7",
    })  # fmt: skip
    submit(client, f"/insatser/{Project.objects.get(name=STEPS).pk}/mal/nytt/",
           {"text": "Minst 100 personer per kalenderår ska ta del av insatsen."}, confirm=True)  # fmt: skip
    submit(client, "/insatser/ny/", {"name": DAYS, "kind": "struktur", "owned_by_forbund": True,
                                     "starts_on": "2019", "ends_on": "2019", "initial_status": "beviljad",
                                     "status_reference": "Styrelsebeslut 2018-11-30 § 8"})  # fmt: skip

    # A regional goal of the förbund's own, measured outside sofint.
    regional = {"kind": GoalKind.REGIONAL, "text": REGIONAL, "order": 1, "measured_by": "Kolada",
                "measured_when": "hösten 2019"}  # fmt: skip
    submit(client, "/forbundets-mal/2019/nytt/", regional)

    # 2018's budget with its follow-up at the end of August; 2019's known only as the members' frame.
    add(client, "budget.budget", {"year": 2018, "income_frame": 5_000_000, "income_frame_decision":
        "beslutad av medlemmarna", **inline_rows("cost_lines", [{"text": "Insatser 2018", "amount": 5_000_000,
                                                                 "position": 1}])})  # fmt: skip
    add(client, "budget.budgetfollowup", {"budget": Budget.objects.get(year=2018).pk, "made_on": "2018-08-31",
        "period_start": 1, "period_end": 8, "outcome_costs": 3_300_000, "forecast_costs": 5_084_300})  # fmt: skip
    add(client, "budget.budget", {"year": 2019, "income_frame": 5_200_000, "income_frame_decision":
        "beslutad av medlemmarna", "income_frame_decided_on": "2018-11-20", "opening_equity": 1_234_567,
        "opening_equity_on": "2018-12-31", "opening_equity_source": "prognosen per 2018-08-31",
        **inline_rows("cost_lines", [{"text": "Insatser 2019", "amount": 4_600_000, "position": 1}])})  # fmt: skip

    plan = plan_create(client, first_year=2019, given_title=TITLE, document_date="2018-11-20")
    section(client, plan, title="Förbundet", blocks=[{"kind": Block.ORGANISATION}, {"kind": Block.OFFICE}])
    section(client, plan, title="Förbundets mål", blocks=[{"kind": Block.FORBUND_GOALS}])
    insatser = section(client, plan, title="Insatser 2019", blocks=[{"kind": Block.PROJECTS}])
    section(client, plan, title=PSYCHIATRY, parent=insatser,
            blocks=[{"kind": Block.PROJECT, "project": psychiatry.pk}])  # fmt: skip
    section(client, plan, title="Budget 2019", body="Uppföljningen av 2018:\n\n[[datablock 2]]\n\nBudgeten 2019:",
            blocks=[{"kind": Block.BUDGET_INCOME}, {"kind": Block.BUDGET_FOLLOW_UP}])  # fmt: skip
    adopt(client, plan, adopted_on="2018-11-30", reference="Styrelsemöte 2018-11-30 § 5")
    return client, plan


def test_every_fact_reaches_the_adopted_pdf_and_nothing_is_invented(entered):
    client, plan = entered
    text = adopted_pdf_text(client, plan)
    facts = [
        TITLE, "Datum: 2018-11-20", "Organisationsnummer saknas", "Styrelsemöte 2018-11-30 § 5",
        *[name for name, _kind in MEMBERS],
        "80 % till och med 2019-06-30, därefter 60 %",
        PSYCHIATRY, "Vuxenpsykiatrin, Region Örebro län", "oktober 2018", "mars 2020",
        "Minst 50 % av deltagarna ska gå vidare till arbete eller studier.",
        "30 % färre vårdkontakter ett år efter inskrivning.",
        STEPS, "Socialtjänstens arbetsmarknadsenhet, Lindesbergs kommun", "beräknas starta under våren 2019",
        DAYS, FORBUND,
        REGIONAL, "Kolada", "hösten 2019",
        "5 200 000 kr", "beslutad av medlemmarna", "ej fördelad", "2018-11-20",
        "överskrids med 84 300 kr", "2018-08-31",
    ]  # fmt: skip
    assert missing(text, facts) == []
    assert text.index("Uppföljningen av 2018") < text.index("överskrids med 84 300 kr") < text.index("Budgeten 2019")
    assert "0 kr" not in text.replace("00 kr", "")  # a grant not entered is never "0 kr"
    # Adopted 2018-11-30 and entered years later: the insats running then (to March 2020) reads Pågående,
    # as on the day of the decision, not Avslutad as on the day it was entered.
    assert "Status Pågående" in text and "Avslutad" not in text


def test_the_history_is_dated_as_given_and_the_two_member_rule_warns(entered):
    client, plan = entered
    psychiatry = Project.objects.get(name=PSYCHIATRY)
    change = psychiatry.status_changes.get()
    assert change.to_status == Project.Status.RUNNING and str(change.decided_on) == "2018-10-01"
    page = client.get(f"/insatser/{psychiatry.pk}/").content.decode()
    assert "Styrelsebeslut 2018-09-14 § 6" in page
    assert "minst två medlemmar" in page  # one member takes part: a warning with its reason, not a refusal


def test_bad_input_is_refused_in_swedish_and_changes_nothing(entered):
    client, _plan = entered
    before = Project.objects.count()
    backwards = submit(client, "/insatser/ny/", {"name": "Baklänges", "starts_on": "mars 2020",
                                                 "ends_on": "oktober 2018"}, refused=True)  # fmt: skip
    assert "Perioden slutar (oktober 2018) innan den börjar (mars 2020)." in page_errors(backwards.content.decode())
    assert Project.objects.count() == before
    future = submit(client, "/insatser/ny/", {"name": "Framtid", "initial_status": "pagaende",
                                              "status_on": "2099-01-01"}, refused=True)  # fmt: skip
    assert "ligger i framtiden" in future.content.decode() and Project.objects.count() == before

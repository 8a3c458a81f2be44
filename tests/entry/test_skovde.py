"""Samordningsförbundet i Skövde's "Verksamhets- och budgetplan för verksamhetsåret 2009" (the seed),
entered from an empty installation: its own three kinds of goal, its running and starting
uppdrag with the goals the plan gives them, its conference in the calendar.

The plan names no organisationsnummer, no board member, no owner of an uppdrag and no
amount; none is entered.
"""

import pytest

from goals.models import ForbundGoal, GoalKind
from governance.models import Member
from meetings.models import MeetingKind
from plans.models import Block
from projects.models import Goal, Project

from .filling import submit
from .seeding import add, adopt, adopted_pdf_text, missing, plan_create, section, set_up

pytestmark = pytest.mark.django_db

FORBUND = "Samordningsförbundet i Skövde"
TITLE = "Verksamhets- och budgetplan för verksamhetsåret 2009"
MEMBERS = [
    ("Försäkringskassan", Member.Kind.FORSAKRINGSKASSAN),
    ("Arbetsförmedlingen", Member.Kind.ARBETSFORMEDLINGEN),
    ("Västra Götalandsregionen", Member.Kind.REGION),
    ("Skövde kommun", Member.Kind.KOMMUN),
]
OVERALL = (
    "Det övergripande målet för samverkan/samarbete inom rehabiliteringsområdet är att samhällets resurser används "
    "på ett effektivare sätt och till större nytta för den enskilde. Det innebär att:\n\n"
    "- ur ett individperspektiv erbjuda personer med behov av samordnad rehabilitering ett individuellt processtöd "
    "där samhällets samlade kompetenser, insatser och lösningar står till förfogande.\n"
    "- ur ett samhällsperspektiv optimera samhällets samlade resurser genom att arbetskraftsresurserna tas i anspråk "
    "och fler kommer i arbete."
)
OPERATIONAL_INTRO = (
    "Genom den samverkan och de insatser samordningsförbundet bidrar till att utveckla för aktuell målgrupp skall:"
)
OPERATIONAL = ["samverkan öka mellan samverkansparterna", "självförsörjningen öka", "anställningsbarheten öka",
               "ohälsotalen minska."]  # fmt: skip
FINANCIAL = (
    "Samordningsförbundets verksamhet skall ha en effektiv och ansvarsfull användning av de medel som ställs till "
    "förbundets förfogande. Förbundet skall sträva efter en balanserad budget."
)
# The uppdrag as the plan lists them: name, kind, status now, start as written, the goal as written.
UPPDRAG = [
    ("Psykisk ohälsa för unga vuxna 20–29 år", "individ", "pagaende", "",
     "50 av de unga vuxna som ingår i uppdraget skall få den hjälp och det stöd de behöver för att kunna gå vidare "
     "mot arbetsmarknaden"),
    ("Unga med aktivitetsersättning", "individ", "pagaende", "", "30 till arbete alternativt studier"),
    ("Tidig och samordnad rehabilitering på vårdcentralerna", "struktur", "pagaende", "",
     "Ett metodutvecklingsuppdrag med mål att minska/minimera individens sjukskrivningstid"),
    ("Rehabilitering med naturen som kraftkälla", "individ", "beviljad", "januari 2009",
     "30 % av de inskrivna skall gå till fortsatt rehabilitering, arbete eller utbildning."),
]  # fmt: skip


@pytest.fixture
def entered(empty_installation, client):
    director = set_up(name=FORBUND, short_name="Skövde", username="chef", full_name="Förbundschefen i Skövde")
    client.force_login(director)
    assert "Kom igång" in client.get("/").content.decode()
    for name, kind in MEMBERS:
        add(client, "governance.member", {"name": name, "kind": kind})

    # The förbund's own goals, each kind as the plan writes it.
    submit(client, "/forbundets-mal/2009/nytt/", {"kind": GoalKind.OVERALL, "text": OVERALL, "order": 1})
    submit(client, f"/forbundets-mal/2009/inledning/{GoalKind.OPERATIONAL}/", {"text": OPERATIONAL_INTRO})
    for order, text in enumerate(OPERATIONAL, 1):
        submit(client, "/forbundets-mal/2009/nytt/", {"kind": GoalKind.OPERATIONAL, "text": text, "order": order})
    submit(client, "/forbundets-mal/2009/nytt/", {"kind": GoalKind.FINANCIAL, "text": FINANCIAL, "order": 1})

    # The uppdrag: those running are entered as running, with no date the plan does not give.
    for name, kind, status, start, goal in UPPDRAG:
        submit(client, "/insatser/ny/", {"name": name, "kind": kind, "initial_status": status, "starts_on": start})
        project = Project.objects.get(name=name)
        submit(client, f"/insatser/{project.pk}/mal/nytt/", {"text": goal}, confirm=True)

    # The conference of the förbund of östra Skaraborg, 26 August 2009.
    submit(
        client, "/kalender/mote/nytt/",
        {"kind": MeetingKind.objects.get(code="samverkan").pk, "title": "Gemensam konferens för samordningsförbunden "
         "i östra Skaraborg", "starts_on": "2009-08-26", "all_day": True, "description": "Det senaste inom "
         "rehabiliteringsområdet."},
    )  # fmt: skip

    plan = plan_create(client, first_year=2009, given_title=TITLE)
    section(client, plan, title="Inledning", body="Samordningsförbundet i Skövde bildades den 15 januari 2007.",
            blocks=[{"kind": Block.ORGANISATION}])  # fmt: skip
    section(client, plan, title="Mål för samordningsförbundet", blocks=[{"kind": Block.FORBUND_GOALS}])
    section(client, plan, title="Pågående uppdrag", blocks=[{"kind": Block.PROJECTS}])
    section(client, plan, title="Kalendarium", body="En gemensam konferens genomförs den 26 augusti 2009.",
            blocks=[{"kind": Block.CALENDAR}])  # fmt: skip
    adopt(client, plan, adopted_on="2008-12-12", reference="Styrelsebeslut 2008-12-12")
    return client, plan


def test_the_three_kinds_of_forbund_goal_and_the_uppdrag_are_stored_as_written(entered):
    assert (
        list(ForbundGoal.objects.filter(kind=GoalKind.OPERATIONAL).order_by("order").values_list("text", flat=True))
        == OPERATIONAL
    )
    assert ForbundGoal.objects.get(kind=GoalKind.FINANCIAL).text == FINANCIAL
    running = Project.objects.get(name="Unga med aktivitetsersättning")
    assert running.status == Project.Status.RUNNING and running.starts_on is None  # no date the plan does not give
    nature = Project.objects.get(name="Rehabilitering med naturen som kraftkälla")
    assert (nature.status, nature.starts_on.isoformat()) == (Project.Status.GRANTED, "2009-01-01")
    share = Goal.objects.get(project=nature)
    assert (share.measure, share.target) == ("andel", 30)
    method = Goal.objects.get(project__name__startswith="Tidig och samordnad")
    assert method.measure == "" and method.target is None  # a method goal, no number to read


def test_every_fact_reaches_the_adopted_pdf(entered):
    client, plan = entered
    text = adopted_pdf_text(client, plan)
    facts = [
        TITLE, FORBUND, "Organisationsnummer saknas", "Styrelsebeslut 2008-12-12",
        *[name for name, _kind in MEMBERS], "Övergripande mål", "Verksamhetsmål", "Finansiellt mål",
        OPERATIONAL_INTRO, *OPERATIONAL, "Förbundet skall sträva efter en balanserad budget.",
        *[name for name, *_rest in UPPDRAG], "januari 2009",
        "Gemensam konferens för samordningsförbunden i östra Skaraborg", "2009-08-26",
    ]  # fmt: skip
    assert missing(text, facts) == []
    assert "0 kr" not in text  # no money the plan does not give

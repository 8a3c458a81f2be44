"""Samordningsförbundet SOFINT's Verksamhetsplan 2018 (the seed), entered from an empty installation
as its förbundschef would: members, the board with its vacant seat, the office, the board
meetings, the contributions of 2018 and 2017 with the preliminary equity, the two teams with
their goals, and the plan adopted at the board meeting of 2018-03-23, which is in sofint.

The demo loads the same plan from fixtures; this enters it through the pages instead.
"""

import pytest

from budget.models import Budget, CostCategory
from governance.models import MandatePeriod, Member, Person
from meetings.models import Meeting, MeetingKind
from plans.models import Block
from projects.models import Goal, Project

from .filling import inline_rows, submit
from .seeding import add, adopt, adopted_pdf_text, missing, plan_create, section, set_up

pytestmark = pytest.mark.django_db

FORBUND = "Samordningsförbundet SOFINT"
MEMBERS = [
    ("Försäkringskassan", Member.Kind.FORSAKRINGSKASSAN),
    ("Arbetsförmedlingen", Member.Kind.ARBETSFORMEDLINGEN),
    ("Region Örebro län", Member.Kind.REGION),
    ("Hällefors kommun", Member.Kind.KOMMUN),
    ("Lindesbergs kommun", Member.Kind.KOMMUN),
    ("Ljusnarsbergs kommun", Member.Kind.KOMMUN),
    ("Nora kommun", Member.Kind.KOMMUN),
]
# Styrelsen för 2018: (member, ordinarie, ersättare); the AF deputy's seat is vacant.
BOARD = [
    ("Lindesbergs kommun", "Susanne Karlsson", "Sven-Erik Larsson"),
    ("Nora kommun", "Jonas Åkerman", "Bertil Roden"),
    ("Ljusnarsbergs kommun", "Ulla Kalander Karlsson", "Natalie Peart"),
    ("Hällefors kommun", "Maria Jansson Andersson", "Christina Johansson"),
    ("Arbetsförmedlingen", "Liisa Ejdenwik", None),
    ("Försäkringskassan", "Lisa Örneus", "Linda Biltmark"),
    ("Region Örebro län", "Zaki Habib", "Annette Lindwall"),
]
MEETINGS = [
    ("HELÅRSREDOVISNING", "2018-02-09", None),
    ("ÅRSREDOVISNING", "2018-03-23", ("09:30", "12:00")),
    ("UPPFÖLJNING", "2018-06-01", ("09:30", "12:00")),
    ("HALVÅRSRAPPORT", "2018-09-07", None),
    ("PLANERING", "2018-10-12", ("09:30", "12:00")),
    ("INTERNSTYRNING & KONTROLLPLAN", "2018-11-30", None),
]
# Medelstilldelning 2018 and 2017, as the plan's table has them (the state's line goes to Försäkringskassan).
CONTRIBUTIONS = {
    "Försäkringskassan": (2_059_000, 1_448_710),
    "Region Örebro län": (1_029_500, 724_355),
    "Lindesbergs kommun": (525_045, 370_680),
    "Nora kommun": (236_785, 164_910),
    "Hällefors kommun": (154_425, 110_500),
    "Ljusnarsbergs kommun": (113_245, 78_265),
}
# Kostnader 2018 by category, as the plan's table has them ("Medel till projekt 2018 1 075" is
# 1 075 000 kr: the plan's own sum, 4 286 000 kr, holds only so).
COSTS = {
    "Insatser": [("Individuella insatser: Samverkansteamet", 1_855_250), ("Individuella insatser: Mottagningsteamet",
                 57_750), ("Strukturella insatser: Rehabmessa, Psykiatrivecka, mm", 110_000)],
    "Styrelse och revision": [("Styrelsen, sociala avgifter", 63_500), ("Revision", 60_000)],
    "Lokal": [("Lokal hyror, tillfälliga lokaler", 93_500)],
    "Kommunikation": [("Telefoni, internet, porto", 3_250), ("IT tjänster", 9_000)],
    "Verksamhetsutveckling": [("Utbildning, konferens, nätverk, resor, logi", 94_000)],
    "Köp av tjänster": [("Redovisningstjänster, lön och arvodehantering", 125_000)],
    "Inventarier och förbrukningsmaterial": [("Kontorsmaterial, övrigt", 16_500)],
    "Avgifter": [("Medlemsavgifter", 6_000)],
    "Övriga kostnader": [("Övrigt, såsom annonsering, representation", 2_000)],
    "Finansierade aktiviteter": [("Medel till projekt 2018", 1_075_000), ("Förbundets kostnader inkl. kansli",
                                 715_250)],
}  # fmt: skip
TEAMS = [
    ("Samverkansteamet", "Riktmärke blir att varje coach ansvarar för 20 deltagare, då coach arbetar 100%."),
    ("Mottagningsteamet", "Att en individ som anmäler sig till Mottagningsteamet, ska få en återkoppling med en "
                          "första besökstid inom två veckor."),
]  # fmt: skip


@pytest.fixture
def entered(empty_installation, client):
    director = set_up(name=FORBUND, short_name="SOFINT", org_number="222000-1818", username="chef",
                      full_name="Förbundschefen")  # fmt: skip
    client.force_login(director)
    for name, kind in MEMBERS:
        add(client, "governance.member", {"name": name, "kind": kind})
    member = {member.name: member.pk for member in Member.objects.all()}

    # The board of the term after the 2014 election (2015–2018), one ordinary member and one deputy per member.
    for _member, ordinary, deputy in BOARD:
        for name in filter(None, (ordinary, deputy)):
            add(client, "governance.person", {"name": name})
    person = {p.name: p.pk for p in Person.objects.all()}
    seats = []
    for name, ordinary, deputy in BOARD:
        seats.append({"member": member[name], "kind": "ordinarie", "person": person[ordinary]})
        seats.append({"member": member[name], "kind": "ersattare", "person": person[deputy] if deputy else ""})
    add(client, "governance.mandateperiod", {"election_year": 2014, **inline_rows("seats", seats)})

    # The office: the förbundschef 100 % employed by Arbetsförmedlingen, the ekonom 10 % by Lindesbergs kommun.
    add(client, "governance.staffposition", {"role": "forbundschef", "percent_of_full_time": "100",
                                             "employer": member["Arbetsförmedlingen"]})  # fmt: skip
    add(client, "governance.staffposition", {"role": "ekonom", "percent_of_full_time": "10",
                                             "employer": member["Lindesbergs kommun"]})  # fmt: skip

    board_kind = MeetingKind.objects.get(code="styrelsemote").pk
    for theme, day, hours in MEETINGS:
        times = {"start_time": hours[0], "end_time": hours[1]} if hours else {"all_day": True}
        submit(client, "/kalender/mote/nytt/", {"kind": board_kind, "title": theme, "starts_on": day, **times})

    # The 2017 contributions only (last year's column); 2018 whole, with the equity preliminary at the end of 2017.
    for year, column in ((2017, 1), (2018, 0)):
        rows = [{"member": member[name], "amount": amounts[column]} for name, amounts in CONTRIBUTIONS.items()]
        equity = {"opening_equity": 642_000, "equity_is_preliminary": True} if year == 2018 else {}
        add(client, "budget.budget", {"year": year, **equity, **inline_rows("contributions", rows)})
    # The budget's change page has one inline of cost lines per category, in the categories' order.
    categories = list(CostCategory.objects.values_list("name", flat=True))
    lines = {}
    for index, name in enumerate(categories):
        prefix = "cost_lines" if index == 0 else f"cost_lines-{index + 1}"
        rows = [{"text": text, "amount": amount, "position": n} for n, (text, amount) in enumerate(COSTS[name], 1)]
        lines.update(inline_rows(prefix, rows))
    submit(client, f"/admin/budget/budget/{Budget.objects.get(year=2018).pk}/change/", lines)

    for name, goal in TEAMS:
        submit(client, "/insatser/ny/", {"name": name, "kind": "individ", "initial_status": "pagaende",
                                         "owned_by_forbund": True})  # fmt: skip
        submit(client, f"/insatser/{Project.objects.get(name=name).pk}/mal/nytt/", {"text": goal}, confirm=True)

    plan = plan_create(client, first_year=2018)
    section(client, plan, title="Medlemmar", body="Förbundets medlemmar är:", blocks=[{"kind": Block.ORGANISATION}])
    section(client, plan, title="Styrelse", blocks=[{"kind": Block.BOARD}])
    section(client, plan, title="Kansli", blocks=[{"kind": Block.OFFICE}])
    section(client, plan, title="Årsplanering", blocks=[{"kind": Block.CALENDAR}])
    funded = section(client, plan, title="Pågående finansierade insatser", blocks=[{"kind": Block.PROJECTS}])
    for name, _goal in TEAMS:  # each team's own subsection shows it, chosen from the list of insatser
        project = Project.objects.get(name=name)
        section(client, plan, title=name, parent=funded, blocks=[{"kind": Block.PROJECT, "project": project.pk}])
    section(client, plan, title="Medelstilldelning", blocks=[{"kind": Block.BUDGET_INCOME}])
    section(client, plan, title="Kostnader 2018", blocks=[{"kind": Block.BUDGET_COSTS}])
    meeting = Meeting.objects.get(starts_on="2018-03-23")
    adopt(client, plan, adopted_on="2018-03-23", meeting=meeting.pk)
    return client, plan


def test_the_board_its_vacancy_and_the_teams_goals_are_stored_as_entered(entered):
    period = MandatePeriod.objects.get()
    assert (period.starts_on.isoformat(), period.ends_on.isoformat()) == ("2015-01-01", "2018-12-31")
    assert period.seats.count() == 14 and period.seats.filter(person__isnull=True).count() == 1
    coach = Goal.objects.get(project__name="Samverkansteamet")
    assert (coach.measure, coach.target, coach.per) == ("antal_per", 20, "coach")


def test_every_fact_reaches_the_adopted_pdf(entered):
    client, plan = entered
    text = adopted_pdf_text(client, plan)
    facts = [
        "Verksamhetsplan 2018", FORBUND, "222000-1818", "Fastställd av styrelsen", "2018-03-23",
        *[name for name, _kind in MEMBERS],
        *[name for _member, ordinary, deputy in BOARD for name in (ordinary, deputy) if name], "Vakant",
        *[theme for theme, _day, _hours in MEETINGS], "2018-02-09", "2018-11-30", "09.30",
        "2 059 000", "1 448 710", "4 118 000", "2 897 420", "474 000", "642 000",
        "Individuella insatser: Samverkansteamet", "1 855 250", "2 023 000", "Medel till projekt 2018", "1 075 000",
        "715 250", "4 286 000", "168 000",
        "Samverkansteamet", "Mottagningsteamet", "inom två veckor", "Samordningsförbundet SOFINT",
    ]  # fmt: skip
    assert missing(text, facts) == []

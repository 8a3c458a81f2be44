"""The year turning over, as a new förbundschef and ekonom would do it with the demo: 2019 into 2020.

The clock stands in October 2019, when the förbund prepares next year (DESIGN.md, arbetsåret).
The demo holds SOFINT's adopted plan 2018 and its copy for 2019, and nothing else of 2019
beyond the calendar. First the year 2019 is brought up to date as the office would have
done it: budget 2018 copied to 2019, the two teams carried into 2019, the term 2019–2022
created and its seats filled, 2019's target groups. Then plan 2019 is copied to 2020, and
every item of the 2020 plan's checklist is followed by its link to the page where it is put
right, until the checklist is empty; the plan is sent, and its PDF has a board, target
groups, the teams' money for 2020, and nothing of 2019's calendar or periods.
"""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine

from budget.models import Budget
from governance.models import BoardSeat, MandatePeriod, Person
from meetings.models import Meeting
from plans.checklist import plan_checklist
from plans.models import Plan
from projects.models import Project, ProjectYear, TargetGroupPriority
from tests.fuzz.harness import page_form
from tests.helpers import STOCKHOLM
from tests.plans.pdfutil import normalized, pdf_text

from .filling import page_errors, submit

pytestmark = pytest.mark.django_db

OCTOBER_2019 = datetime.datetime(2019, 10, 15, 9, 30, tzinfo=STOCKHOLM)
# What the board decides for each team in 2020 (and decided for 2019), in whole kronor.
MONEY = {"Samverkansteamet": {2019: 1_900_000, 2020: 1_950_000}, "Mottagningsteamet": {2019: 60_000, 2020: 62_000}}


@pytest.fixture
def october_2019():
    with time_machine.travel(OCTOBER_2019, tick=True):
        yield


def _text(response) -> str:
    return response.content.decode().replace("\u202f", " ").replace("\u00a0", " ")


def _post_button(client, url: str, data: dict | None = None):
    """Press a page's button that posts straight away (a copy, a confirmation): the page must offer it."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200, url
    assert not page_errors(response.content.decode()), page_errors(response.content.decode())
    return response


def _carry_over(client, url: str, year: int):
    """Tick every team offered, with the board's money for `year`; the period's end as the page suggests it."""
    page = client.get(url)
    form = page_form(page.content.decode(), urlsplit(url).path)
    values = {}
    for project in Project.objects.filter(name__in=MONEY):
        prefix = f"insats-{project.pk}"
        if f"{prefix}-granted" in form.names:
            values[f"{prefix}-continues"] = True
            values[f"{prefix}-granted"] = str(MONEY[project.name][year])
    assert values, f"{url}: no team offered"
    values["decision_reference"] = f"Styrelsemöte {year - 1}-10-11 § 5"
    return submit(client, url, values)


def _fill_seats(client, url: str, holders: dict[tuple[int, str], int]):
    """Fill the new term's vacant seats in the admin with the people who held them in the last term."""
    page = client.get(url)
    form = page_form(page.content.decode(), urlsplit(url).path)
    values = {}
    fields = dict(form.fields)
    for name, value in form.fields:
        match = re.fullmatch(r"seats-(\d+)-id", name)
        if match and value:
            seat = BoardSeat.objects.get(pk=int(value))
            if seat.person_id is None and (seat.member_id, seat.kind) in holders:
                values[f"seats-{match[1]}-person"] = holders[(seat.member_id, seat.kind)]
    assert fields and values, f"{url}: no vacant seat to fill"
    return submit(client, url, values)


def _replace_year(client, url: str, old: int, new: int, names: tuple[str, ...]):
    """Revise the texts on a form that still speak of `old`: the user writes `new` where the text means the year."""
    page = client.get(url)
    form = page_form(page.content.decode(), urlsplit(url).path)
    values = {name: value.replace(str(old), str(new)) for name, value in form.fields if name in names}
    return submit(client, url, values)


def _bring_2019_up_to_date(client_for):
    """What the office did for 2019, in the pages: budget, the teams' money, the term and its board, target groups."""
    ekonom = client_for("ekonom")
    submit(ekonom, "/budget/2018/kopiera/", {"with_contributions": True})
    director = client_for("forbundschef")
    _carry_over(director, "/insatser/fortsatt/2019/", 2019)
    old_term = MandatePeriod.objects.get(election_year=2014)
    page = _text(director.get("/styrelse/"))
    assert "Mandatperioden 2015–2018 har löpt ut" in page and "Skapa mandatperioden 2019–2022" in page
    submit(director, "/styrelse/2018/skapa/", confirm=True)
    new_term = MandatePeriod.objects.get(election_year=2018)
    holders = {(seat.member_id, seat.kind): seat.person_id for seat in old_term.seats.exclude(person=None)}
    _fill_seats(director, f"/admin/governance/mandateperiod/{new_term.pk}/change/", holders)
    _post_button(director, "/insatser/malgrupper/2019/kopiera/")
    assert TargetGroupPriority.objects.filter(year=2019).count() == 3
    return holders


def test_the_year_2019_turns_into_2020_by_the_checklist(client_for, october_2019):
    holders = _bring_2019_up_to_date(client_for)
    director = client_for("forbundschef")
    plan_2019 = Plan.objects.get(first_year=2019)
    _post_button(director, f"/planer/{plan_2019.pk}/kopiera/")
    plan = Plan.objects.get(first_year=2020)

    checklist = plan_checklist(plan)
    found = "\n".join(checklist.messages)
    for expected in (
        "Kalendariet för 2020 saknas.",
        "Det finns inga prioriterade målgrupper för 2020",
        "2 insatser i planen saknar beviljade pengar för 2020",
        "2 insatser i planen har en period som inte omfattar 2020",
        "Det finns ingen budget för 2020.",
    ):
        assert expected in found, found
    page = _text(director.get(f"/planer/{plan.pk}/redigera/"))
    assert f"Att se över innan planen skickas till styrelsen: {len(checklist)} punkter" in page

    followed = []
    for _round in range(30):
        items = plan_checklist(plan).items
        if not items:
            break
        item = items[0]
        assert item.url, item.message
        path = urlsplit(item.url).path
        followed.append((item.message, item.fix))
        assert director.get(item.url).status_code == 200, item.url
        if re.fullmatch(r"/planer/\d+/avsnitt/\d+/", path):
            # Plan 2019 was never revised: its text still says 2018 where it means the plan's year.
            _replace_year(director, item.url, int(re.search(r"nämner fortfarande (\d{4})", item.message)[1]), 2020,
                          ("title", "body"))  # fmt: skip
        elif path == "/kalender/2019/kopiera/":
            _post_button(director, path)
        elif path == "/kalender/2020/" and "datum utanför 2020" in item.message:
            # The fair of last autumn, copied on: this year's is not planned yet, so it goes.
            for meeting in Meeting.objects.for_year(2020).exclude(starts_on__year=2020):
                _post_button(director, f"/kalender/mote/{meeting.pk}/ta-bort/")
        elif path == "/kalender/2020/faststall/":
            december = Meeting.objects.for_year(2019).board().order_by("-starts_on").first()
            submit(director, path, {"meeting": december.pk})
        elif path == "/insatser/malgrupper/":
            _post_button(director, "/insatser/malgrupper/2020/kopiera/", {"next": plan.get_absolute_url()})
        elif path == "/insatser/fortsatt/2020/":
            _carry_over(director, item.url, 2020)
        elif re.fullmatch(r"/insatser/\d+/andra/", path):
            _replace_year(director, item.url, 2019, 2020, ("short_description", "description", "follow_up_text"))
        elif re.fullmatch(r"/admin/governance/mandateperiod/\d+/change/", path) and "vakant" in item.message:
            # Arbetsförmedlingen names its deputy for the new term: a new person, entered, then seated.
            submit(director, "/admin/governance/person/add/", {"name": "Karin Holm"})
            newcomer = Person.objects.get(name="Karin Holm").pk
            vacant = BoardSeat.objects.filter(period__election_year=2018, person=None)
            _fill_seats(director, item.url, {(seat.member_id, seat.kind): newcomer for seat in vacant})
        elif path == "/budget/2019/kopiera/":
            submit(client_for("ekonom"), path, {"with_contributions": True})
        else:
            pytest.fail(f"No fix known for {item.message!r} at {item.url}")
        director = client_for("forbundschef")
        remaining = plan_checklist(plan).messages
        assert item.message not in remaining, f"{item.message} is still there after {item.fix}"
    assert plan_checklist(plan).items == [], followed
    print("\n".join(f"{fix}: {message}" for message, fix in followed))

    # The checklist is empty: the plan goes without any acknowledgement.
    response = submit(director, f"/planer/{plan.pk}/skicka/", {"meeting": ""})
    assert "Version 1 är skickad till styrelsen" in _text(director.get(response["Location"]))
    version = plan.versions.get()
    assert version.known_problems == []

    pdf = director.get(f"/planer/{plan.pk}/version/1/pdf/")
    if os.environ.get("SEED_PDF_DIR"):  # to look at the pages
        Path(os.environ["SEED_PDF_DIR"], f"{plan.file_stem}.pdf").write_bytes(pdf.content)
    text = normalized(pdf_text(pdf.content))
    # A board: the term that covers 2020, with the people who sit on it.
    assert "Styrelsen 2019–2022" in text
    chair = BoardSeat.objects.filter(period__election_year=2018).exclude(person=None).first().person.name
    assert normalized(chair) in text and len(holders) >= 13
    # Target groups, and the teams' money for 2020.
    for priority in TargetGroupPriority.objects.filter(year=2020).select_related("target_group"):
        assert normalized(priority.target_group.name) in text
    for name, money in MONEY.items():
        assert ProjectYear.objects.get(project__name=name, year=2020).granted == money[2020]
        assert normalized(f"{money[2020]:,}".replace(",", "\u202f")) in text or f"{money[2020]:,}".replace(
            ",", " "
        ) in text.replace("\u202f", " ")
    # Nothing of 2019's calendar or periods: the fair moved to 2019 is gone, the teams run to 2020-12-31.
    assert "2019-10-22" not in text and "2019-12-31" not in text
    assert "2020-12-31" in text
    assert Budget.objects.get(year=2020).contributions.count() == Budget.objects.get(year=2018).contributions.count()

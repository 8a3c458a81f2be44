"""The contribution import's preview says what it will do to which budget, before the user confirms."""

import io

import pytest
from django.core.management import call_command

from budget.models import Budget, Contribution
from governance.models import Member
from tests.budget.test_admin import confirm_import, upload
from tests.helpers import NNBSP, kr


@pytest.fixture
def ekonom(client_for):
    return client_for("ekonom")


@pytest.fixture
def budget_2019(demo):
    """A draft 2019 budget where Försäkringskassan pays 2 000 000 kr and Nora kommun 500 000 kr."""
    budget = Budget.objects.create(year=2019)
    for name, amount in (("Försäkringskassan", 2_000_000), ("Nora kommun", 500_000)):
        Contribution.objects.create(budget=budget, member=Member.objects.get(name=name), amount=amount)
    return budget


# Nora goes up, Hällefors and the region are new: the state's 2 000 000 kr is then half of 4 000 000 kr.
HALF = (
    "år;medlem;belopp\r\n"
    "2019;Nora kommun;600 000\r\n"
    "2019;Hällefors kommun;400 000\r\n"
    "2019;Region Örebro län;1 000 000\r\n"
)


def effect_section(text: str, year: int) -> str:
    start = text.index(f'id="import-effect-{year}"')
    return text[start : text.index("</section>", start)]


def member_row(section: str, name: str) -> str:
    start = section.index(f'<th scope="row">{name}</th>')
    return section[start : section.index("</tr>", start)]


def test_the_preview_shows_the_budget_its_totals_and_each_member_before_and_after(ekonom, budget_2019):
    response = upload(ekonom, HALF.encode())
    assert response.status_code == 200
    section = effect_section(response.content.decode(), 2019)
    assert "Budget 2019: medelstilldelningen före och efter inläsningen" in section
    assert f"Summa före: <strong>{kr('2 500 000')}</strong>" in section
    assert f"Summa efter: <strong>{kr('4 000 000')}</strong>" in section
    # Each member: before, after, and the share after (the members the file does not name stay as they are).
    fk = member_row(section, "Försäkringskassan")
    assert kr("2 000 000") in fk and f"50{NNBSP}%" in fk and "ändras" not in fk
    nora = member_row(section, "Nora kommun")
    assert kr("500 000") in nora and kr("600 000") in nora and "(ändras)" in nora and f"15{NNBSP}%" in nora
    halle = member_row(section, "Hällefors kommun")
    assert "uppgift saknas" in halle and kr("400 000") in halle and "(ny)" in halle and f"10{NNBSP}%" in halle
    assert f"25{NNBSP}%" in member_row(section, "Region Örebro län")
    assert "står för exakt hälften efter inläsningen" in section and "Varning" not in section
    assert Contribution.objects.filter(budget=budget_2019).count() == 2  # nothing saved yet


def test_the_preview_warns_when_the_state_would_not_pay_exactly_half(ekonom, budget_2019):
    content = "år;medlem;belopp\r\n2019;Nora kommun;700 000\r\n"
    section = effect_section(upload(ekonom, content.encode()).content.decode(), 2019)
    assert f"Summa efter: <strong>{kr('2 700 000')}</strong>" in section
    assert "Varning: Försäkringskassan/Arbetsförmedlingen står för 74,07" in section
    assert f"enligt lagen ska staten bidra med exakt hälften, {kr('1 350 000')}" in section
    assert "står för exakt hälften efter" not in section


def test_the_preview_of_a_budget_without_contributions_and_of_two_years(ekonom, demo):
    Budget.objects.create(year=2019)
    Budget.objects.create(year=2020)
    content = "år;medlem;belopp\r\n2019;Försäkringskassan;10\r\n2020;Nora kommun;10\r\n"
    text = upload(ekonom, content.encode()).content.decode()
    first, second = effect_section(text, 2019), effect_section(text, 2020)
    assert "Summa före: <strong>uppgift saknas</strong> (inga medlemsbidrag inlagda)" in first
    assert (
        "står för exakt hälften" not in first and "Varning: Försäkringskassan/Arbetsförmedlingen står för 100" in first
    )
    assert "Varning: Försäkringskassan/Arbetsförmedlingen står för 0" in second
    assert text.index('id="import-effect-2019"') < text.index('id="import-effect-2020"')


def test_the_preview_warns_of_a_frame_the_contributions_miss(ekonom, budget_2019):
    Budget.objects.filter(pk=budget_2019.pk).update(income_frame=4_100_000)
    section = effect_section(upload(ekonom, HALF.encode()).content.decode(), 2019)
    assert f"Varning: Medlemsbidragen är sammanlagt {kr('4 000 000')} men budgetramen är {kr('4 100 000')}" in section


def test_confirming_saves_what_the_preview_showed(ekonom, budget_2019):
    response = upload(ekonom, HALF.encode())
    assert confirm_import(ekonom, response).status_code == 302
    stored = dict(Contribution.objects.filter(budget=budget_2019).values_list("member__name", "amount"))
    assert stored == {
        "Försäkringskassan": 2_000_000,
        "Nora kommun": 600_000,
        "Hällefors kommun": 400_000,
        "Region Örebro län": 1_000_000,
    }


def test_the_command_says_what_a_dry_run_would_do(budget_2019, tmp_path):
    path = tmp_path / "bidrag.csv"
    path.write_text("år;medlem;belopp\r\n2019;Nora kommun;700 000\r\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_contributions", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Budget 2019: summa {kr('2 500 000')} före, {kr('2 700 000')} efter." in text
    assert f"Nora kommun: {kr('500 000')} → {kr('700 000')} (25,93{NNBSP}%)" in text
    assert "Varning: Försäkringskassan/Arbetsförmedlingen står för 74,07" in text
    assert "Skulle ge: 0 nya, 1 ändrade" in text
    assert Contribution.objects.get(budget=budget_2019, member__name="Nora kommun").amount == 500_000

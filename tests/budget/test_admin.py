"""The ekonom's admin, through the test client: budgets with inlines, figures, adoption, lock, import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.models import Budget, Contribution, CostCategory, CostLine
from governance.models import Member
from tests.budget.factories import grow_budget
from tests.helpers import NNBSP, kr


def management_data(response, fill=None):
    """Return POST data for the admin change form in `response`, inlines as they stand, plus `fill`."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None and name not in ("adopt_on",):
            data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        data[f"{formset.prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        for index, sub in enumerate(formset.initial_forms):
            for name in sub.fields:
                value = sub.instance.pk if name == "id" else sub.initial.get(name)
                if hasattr(value, "pk"):
                    value = value.pk
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = value
    data = {key: value for key, value in data.items() if value != ""}
    data.update(fill or {})
    return data


def prefixes(response):
    return {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}


@pytest.fixture
def ekonom(client_for):
    return client_for("ekonom")


def test_list_shows_year_income_costs_result_status(ekonom):
    response = ekonom.get("/admin/budget/budget/")
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("2018", kr("4 118 000"), kr("4 286 000"), f"\u2212168{NNBSP}000{NNBSP}kr", "Fastställd", "Utkast"):
        assert expected in text, expected


def test_adopted_budget_page_shows_the_figures_read_only(ekonom):
    budget = Budget.objects.get(year=2018)
    response = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Försäkringskassan/Arbetsförmedlingen" in text and f"50{NNBSP}%" in text
    assert kr("474 000") in text and f"11,51{NNBSP}%" in text
    assert "Kostnader: Insatser" in text and "Kostnader: Finansierade aktiviteter" in text
    assert 'name="_save"' not in text  # nothing to save on a locked budget
    assert "-revision" not in text  # a read-only page carries no revisions (nor shows them as a column)
    assert "adopt_on" not in text


def test_the_ekonom_types_a_new_budget_and_sees_the_figures(ekonom):
    response = ekonom.get("/admin/budget/budget/add/")
    assert response.status_code == 200
    inlines = prefixes(response)
    insatser = next(
        p for p, i in inlines.items() if getattr(i.formset, "category", None) and i.formset.category.code == "insatser"
    )
    revision = next(
        p
        for p, i in inlines.items()
        if getattr(i.formset, "category", None) and i.formset.category.code == "styrelse-och-revision"
    )
    fk, region, kommun = (Member.objects.get(name=n) for n in ("Försäkringskassan", "Region Örebro län", "Nora kommun"))
    data = management_data(
        response,
        {
            "year": 2019,
            "opening_equity": 474000,
            "contributions-TOTAL_FORMS": 3,
            "contributions-0-member": fk.pk,
            "contributions-0-amount": 1000000,
            "contributions-1-member": region.pk,
            "contributions-1-amount": 600000,
            "contributions-2-member": kommun.pk,
            "contributions-2-amount": 400000,
            f"{insatser}-TOTAL_FORMS": 1,
            f"{insatser}-0-text": "Samverkansteamet",
            f"{insatser}-0-amount": 1500000,
            f"{insatser}-0-position": 1,
            f"{revision}-TOTAL_FORMS": 1,
            f"{revision}-0-text": "Revision",
            f"{revision}-0-amount": 60000,
            f"{revision}-0-national_split": "revision",
            f"{revision}-0-position": 1,
            "overview-TOTAL_FORMS": 1,
            "overview-0-year": 2020,
            "overview-0-contributions": 2000000,
            "overview-0-personnel": 500000,
            "overview-0-board_and_audit": 0,
            "overview-0-office": 0,
            "overview-0-activities": 1400000,
            "_continue": "1",
        },
    )
    response = ekonom.post("/admin/budget/budget/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    budget = Budget.objects.get(year=2019)
    assert budget.status == Budget.Status.DRAFT
    assert dict(budget.cost_lines.values_list("text", "category__code")) == {
        "Samverkansteamet": "insatser",
        "Revision": "styrelse-och-revision",
    }
    text = ekonom.get(response["Location"]).content.decode()
    assert kr("2 000 000") in text  # income
    assert kr("1 560 000") in text  # costs
    assert kr("440 000") in text  # result
    assert kr("914 000") in text  # closing equity 474 000 + 440 000
    assert f"Försäkringskassan/Arbetsförmedlingen står för 50{NNBSP}%" not in text
    assert "exakt hälften" not in text
    assert kr("100 000") in text  # overview result 2 000 000 − 1 900 000
    # The history records who typed it.
    assert budget.history.first().history_user.username == "ekonom"
    assert Contribution.history.filter(budget_id=budget.pk).first().history_user.username == "ekonom"


def test_state_share_warning_on_the_admin_page(ekonom):
    budget = Budget.objects.create(year=2019)
    Contribution.objects.create(budget=budget, member=Member.objects.get(name="Försäkringskassan"), amount=100)
    Contribution.objects.create(budget=budget, member=Member.objects.get(name="Nora kommun"), amount=300)
    text = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/").content.decode()
    assert "exakt hälften" in text
    assert "inga kostnadsrader ännu" in text


def test_adoption_through_the_admin_locks_every_admin_path(ekonom):
    budget = Budget.objects.create(year=2019)
    contribution = Contribution.objects.create(budget=budget, member=Member.objects.get(name="Nora kommun"), amount=5)
    response = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/")
    data = management_data(response, {"adopt_on": "2018-11-30"})
    response = ekonom.post(f"/admin/budget/budget/{budget.pk}/change/", data)
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.status, budget.adopted_on) == (Budget.Status.ADOPTED, datetime.date(2018, 11, 30))

    data["opening_equity"] = 1
    assert ekonom.post(f"/admin/budget/budget/{budget.pk}/change/", data).status_code == 403
    assert ekonom.post(f"/admin/budget/budget/{budget.pk}/delete/", {"post": "yes"}).status_code == 403
    change_url = f"/admin/budget/contribution/{contribution.pk}/change/"
    assert (
        ekonom.post(change_url, {"budget": budget.pk, "member": contribution.member_id, "amount": 9}).status_code == 403
    )
    assert ekonom.post(f"/admin/budget/contribution/{contribution.pk}/delete/", {"post": "yes"}).status_code == 403
    # Adding a row to it: the budget is not among the choices.
    response = ekonom.post(
        "/admin/budget/contribution/add/",
        {"budget": budget.pk, "member": Member.objects.get(name="Hällefors kommun").pk, "amount": 9},
    )
    assert response.status_code == 200 and "budget" in response.context["adminform"].form.errors
    # The bulk delete action is not offered (it would skip the lock).
    response = ekonom.post(
        "/admin/budget/contribution/", {"action": "delete_selected", "_selected_action": [contribution.pk]}
    )
    contribution.refresh_from_db()
    budget.refresh_from_db()
    assert contribution.amount == 5 and budget.opening_equity is None


def test_revert_from_history_is_refused(ekonom):
    budget = Budget.objects.get(year=2017)
    budget.save()
    version = budget.history.first()
    url = f"/admin/budget/budget/{budget.pk}/history/{version.history_id}/"
    assert ekonom.get(url).status_code == 200
    assert ekonom.post(url, {"year": 2017, "opening_equity": 5}).status_code == 403


def test_auditor_reads_budget_and_history_but_changes_nothing(client_for):
    revisor = client_for("revisor")
    budget = Budget.objects.get(year=2017)
    budget.opening_equity = 1
    budget.save()
    response = revisor.get(f"/admin/budget/budget/{budget.pk}/change/")
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
    assert revisor.get(f"/admin/budget/budget/{budget.pk}/history/").status_code == 200
    assert revisor.post(f"/admin/budget/budget/{budget.pk}/change/", {"year": 2017}).status_code == 403
    assert revisor.get("/admin/budget/contribution/import/").status_code == 403


# --- Import through the admin --------------------------------------------------------------


def upload(client, content: bytes, name="bidrag.csv", format_index=0):
    return client.post(
        "/admin/budget/contribution/import/",
        {"import_file": SimpleUploadedFile(name, content), "format": format_index, "resource": 0},
    )


SWEDISH_EXCEL_CSV = (
    "år;medlem;belopp\r\n2019;Försäkringskassan/Arbetsförmedlingen;1 000 000\r\n2019;Hällefors kommun;1 000 000 kr\r\n"
)


def test_import_preview_then_confirm(ekonom):
    Budget.objects.create(year=2019)
    response = upload(ekonom, SWEDISH_EXCEL_CSV.encode("cp1252"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsgranskning" in text and "Bekräfta inläsningen" in text and "Hällefors kommun" in text
    assert not Contribution.objects.filter(budget__year=2019).exists()  # the preview saves nothing

    confirm = response.context["confirm_form"]
    response = ekonom.post(
        "/admin/budget/contribution/process_import/",
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )
    assert response.status_code == 302
    assert dict(Contribution.objects.filter(budget__year=2019).values_list("member__name", "amount")) == {
        "Försäkringskassan": 1_000_000,
        "Hällefors kommun": 1_000_000,
    }
    messages = [str(m) for m in ekonom.get(response["Location"]).context["messages"]]
    assert any("2 nya" in m for m in messages)
    assert (
        Contribution.history.filter(budget_id=Budget.objects.get(year=2019).pk).first().history_user.username
        == "ekonom"
    )


def test_import_of_a_bad_file_shows_row_numbered_messages_and_no_confirm(ekonom):
    Budget.objects.create(year=2019)
    content = SWEDISH_EXCEL_CSV + "2019;Norra kommun;5\r\n2018;Nora kommun;5\r\n"
    response = upload(ekonom, content.encode("utf-8-sig"))
    text = response.content.decode()
    assert "Rad 4: okänd medlem ”Norra kommun”." in text
    assert "Rad 5: budgeten för 2018 är fastställd och kan inte ändras." in text
    assert "Ingenting har sparats" in text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Contribution.objects.filter(budget__year=2019).exists()


def test_import_form_refuses_a_file_over_the_limit(ekonom, settings):
    settings.BUDGET_IMPORT_MAX_BYTES = 50
    response = upload(ekonom, SWEDISH_EXCEL_CSV.encode())
    assert "största tillåtna storlek" in response.content.decode()


def test_import_of_an_unreadable_file_says_so_in_swedish(ekonom):
    response = upload(ekonom, b"PK\x03\x04 not really", name="bidrag.xlsx", format_index=1)
    assert "Filen går inte att läsa som en Excel-fil (XLSX)." in response.content.decode()


def test_export_downloads_csv_with_bom(ekonom):
    response = ekonom.post(
        "/admin/budget/contribution/export/",
        {
            "format": 0,
            "resource": 0,
            "contributionresource_year": True,
            "contributionresource_member": True,
            "contributionresource_amount": True,
        },
    )
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert "Hällefors kommun".encode() in response.content


# --- Query counts of the budget's change page ------------------------------------------------


def test_change_page_queries_do_not_grow_with_data(ekonom, django_assert_max_num_queries):
    url = f"/admin/budget/budget/{Budget.objects.get(year=2018).pk}/change/"
    with CaptureQueriesContext(connection) as at_1x:
        assert ekonom.get(url).status_code == 200
    grow_budget(factor=20)
    with django_assert_max_num_queries(len(at_1x)):
        assert ekonom.get(url).status_code == 200


def test_category_inlines_follow_the_fixed_order(ekonom):
    response = ekonom.get(f"/admin/budget/budget/{Budget.objects.get(year=2018).pk}/change/")
    names = [
        i.formset.category.name
        for i in response.context["inline_admin_formsets"]
        if getattr(i.formset, "category", None)
    ]
    assert names == list(CostCategory.objects.order_by("position").values_list("name", flat=True))
    assert (
        sum(
            len(i.formset.initial_forms)
            for i in response.context["inline_admin_formsets"]
            if getattr(i.formset, "category", None)
        )
        == CostLine.objects.filter(budget__year=2018).count()
    )


def test_import_and_export_pages_speak_swedish(ekonom):
    text = ekonom.get("/admin/budget/contribution/").content.decode()
    assert ">Läs in</a>" in text and ">Exportera</a>" in text
    text = ekonom.get("/admin/budget/contribution/import/").content.decode()
    assert "<h1>Läs in medlemsbidrag</h1>" in text and "This importer" not in text
    assert "Följande kolumner exporteras" in ekonom.get("/admin/budget/contribution/export/").content.decode()


def test_import_preview_shows_the_previous_amount_of_an_update(ekonom):
    budget = Budget.objects.create(year=2019)
    Contribution.objects.create(budget=budget, member=Member.objects.get(name="Hällefors kommun"), amount=5)
    text = upload(ekonom, SWEDISH_EXCEL_CSV.encode()).content.decode()
    assert "Ändras" in text and kr("5").replace(" ", "") in text and "Ny" in text


# --- What an uploaded file can make a page show ------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def confirm_import(client, response):
    confirm = response.context["confirm_form"]
    return client.post(
        "/admin/budget/contribution/process_import/",
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )


def test_html_in_a_bad_file_is_shown_escaped_in_its_error_messages(ekonom):
    Budget.objects.create(year=2019)
    content = f"år;medlem;belopp\r\n2019;{SCRIPT};{IMG}\r\n2019;Nora kommun;5;{SCRIPT}\r\n"
    text = upload(ekonom, content.encode(), name=f"{IMG}.csv").content.decode()
    assert (
        "Rad 2: okänd medlem ”&lt;script&gt;alert(1)&lt;/script&gt;”; beloppet ”&lt;img src=x onerror=alert(2)&gt;”"
        in text
    )
    assert "Rad 3: raden har fler kolumner än rubrikraden (”&lt;script&gt;alert(1)&lt;/script&gt;”)" in text
    assert "<script>alert" not in text and "<img src=x" not in text


def test_the_preview_shows_what_was_read_never_the_files_own_text(ekonom):
    Budget.objects.create(year=2019)
    content = f"år;medlem;belopp;kommentar\r\n2019;202100-5521;1.000 000,00 kr;{SCRIPT}\r\n"
    text = upload(ekonom, content.encode()).content.decode()
    assert "Försäkringskassan" in text and kr("1 000 000") in text
    # Neither the cells as written nor a column the import does not read.
    for raw in ("202100-5521", "1.000 000,00", "kommentar", "alert(1)"):
        assert raw not in text, raw


def test_imported_names_and_file_names_are_escaped_on_every_page_that_shows_them(ekonom, client_for):
    Budget.objects.create(year=2019)
    Member.objects.create(name="Kommun <b>fet</b> & co", kind=Member.Kind.KOMMUN)
    preview = upload(ekonom, "år;medlem;belopp\r\n2019;kommun <b>fet</b> & co;5\r\n".encode(), name=f"{IMG}.csv")
    assert "Kommun &lt;b&gt;fet&lt;/b&gt; &amp; co" in preview.content.decode()
    assert confirm_import(ekonom, preview).status_code == 302
    assert Contribution.objects.get(budget__year=2019).member.name == "Kommun <b>fet</b> & co"

    escaped = "Medlemsbidrag från &lt;img src=x onerror=alert(2)&gt;.csv: 1 nya"
    pages = {
        "ekonom": ["/", "/admin/budget/contribution/?budget__year=2019"],
        "revisor": ["/", "/handelselogg/", "/budget/2019/"],
    }
    for role, paths in pages.items():
        client = client_for(role)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (role, path)
            text = response.content.decode()
            assert "<img src=x" not in text and "<b>fet</b>" not in text, (role, path)
            if path in ("/", "/handelselogg/"):
                assert escaped in text, (role, path)


def test_an_uploaded_file_is_kept_out_of_media_and_never_served_back(ekonom, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Budget.objects.create(year=2019)
    preview = upload(ekonom, SWEDISH_EXCEL_CSV.encode())
    stored = preview.context["confirm_form"].initial["import_file_name"]
    assert stored and not settings.MEDIA_ROOT.exists()
    for path in (f"/media/{stored}", f"/{stored}", "/media/", f"/static/{stored}"):
        assert ekonom.get(path).status_code == 404, path
    assert SWEDISH_EXCEL_CSV.splitlines()[1] not in preview.content.decode()


# --- No lost update: two people, one budget ----------------------------------------------------


@pytest.fixture
def two_people(users):
    """The ekonom and the förbundschef, each in a browser of their own."""
    from django.test import Client

    people = []
    for role in ("ekonom", "forbundschef"):
        person = Client()
        person.force_login(users[role])
        people.append(person)
    return people


@pytest.fixture
def draft_budget(demo):
    budget = Budget.objects.create(year=2019, opening_equity=474_000)
    insatser = CostCategory.objects.get(code="insatser")
    CostLine.objects.create(budget=budget, category=insatser, text="Samverkansteamet", amount=1_500_000, position=1)
    CostLine.objects.create(budget=budget, category=insatser, text="Coach", amount=300_000, position=2)
    Contribution.objects.create(budget=budget, member=Member.objects.get(name="Hällefors kommun"), amount=100_000)
    return budget


def change_url(budget):
    return f"/admin/budget/budget/{budget.pk}/change/"


def row_field(response, row, name):
    """Return the POST name of field `name` of `row`'s form on the budget's change page."""
    for inline in response.context["inline_admin_formsets"]:
        for index, form in enumerate(inline.formset.initial_forms):
            if form.instance == row:
                return f"{inline.formset.prefix}-{index}-{name}"
    raise AssertionError(f"{row} is not on the page")


def save(person, budget, page, fill, **kwargs):
    """Post `page` (the change page as `person` opened it) with the fields in `fill` changed."""
    return person.post(change_url(budget), management_data(page, fill), **kwargs)


def snapshot(budget):
    """Everything of the budget a save could change, and its history."""
    return (
        Budget.objects.filter(pk=budget.pk).values().get(),
        list(CostLine.objects.filter(budget=budget).order_by("pk").values()),
        list(Contribution.objects.filter(budget=budget).order_by("pk").values()),
        CostLine.history.count() + Contribution.history.count() + Budget.history.count(),
    )


def test_the_second_of_two_stale_saves_is_refused_and_saves_nothing(two_people, draft_budget):
    anna, bertil = two_people
    line = CostLine.objects.get(text="Samverkansteamet")
    page_a, page_b = anna.get(change_url(draft_budget)), bertil.get(change_url(draft_budget))

    response = save(anna, draft_budget, page_a, {row_field(page_a, line, "amount"): 1_600_000})
    assert response.status_code == 302
    before = snapshot(draft_budget)

    insatser = row_field(page_b, line, "amount").rsplit("-", 2)[0]
    response = save(
        bertil,
        draft_budget,
        page_b,
        {
            row_field(page_b, line, "amount"): 1_700_000,
            "opening_equity": 1,
            # a new line in the same submission: refused with the rest
            f"{insatser}-TOTAL_FORMS": 3,
            f"{insatser}-2-text": "Ny rad",
            f"{insatser}-2-amount": 5,
            f"{insatser}-2-position": 3,
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Kostnadsrad ändrades av någon annan medan du redigerade" in text
    assert f"Budget (kr): sparat {kr('1 600 000')}, du skickade {kr('1 700 000')}" in text
    assert "Ladda om sidan" in text and "Ingenting av det du skickade har sparats" in text
    assert "Revision:" not in text  # the counter is no business of the user's
    assert snapshot(draft_budget) == before  # nothing of Bertil's: not the line, the new line or the equity
    assert CostLine.objects.get(pk=line.pk).amount == 1_600_000


def test_a_stale_row_left_untouched_still_refuses_the_save(two_people, draft_budget):
    """Bertil changes another line; saving his page as it stands would undo Anna's change."""
    anna, bertil = two_people
    changed, other = CostLine.objects.get(text="Samverkansteamet"), CostLine.objects.get(text="Coach")
    page_a, page_b = anna.get(change_url(draft_budget)), bertil.get(change_url(draft_budget))
    save(anna, draft_budget, page_a, {row_field(page_a, changed, "text"): "Teamet"})
    before = snapshot(draft_budget)

    response = save(bertil, draft_budget, page_b, {row_field(page_b, other, "amount"): 1})
    assert response.status_code == 409
    assert "Text: sparat ”Teamet”, du skickade ”Samverkansteamet”" in response.content.decode()
    assert snapshot(draft_budget) == before


def test_saves_one_after_the_other_and_new_lines_go_through(two_people, draft_budget):
    anna, bertil = two_people
    line = CostLine.objects.get(text="Coach")
    page_a, page_b = anna.get(change_url(draft_budget)), bertil.get(change_url(draft_budget))
    insatser = row_field(page_a, line, "text").rsplit("-", 2)[0]
    new_line = {f"{insatser}-TOTAL_FORMS": 3, f"{insatser}-2-amount": 5, f"{insatser}-2-position": 9}
    assert save(anna, draft_budget, page_a, {**new_line, f"{insatser}-2-text": "Anna"}).status_code == 302
    # Adding lines is not a conflict: Bertil's page did not know Anna's line, and needs not.
    response = save(bertil, draft_budget, page_b, {**new_line, f"{insatser}-2-text": "B"})
    assert response.status_code == 302
    assert {"Anna", "B"} <= set(CostLine.objects.filter(budget=draft_budget).values_list("text", flat=True))

    # A page opened after a save saves, and raises the row's revision.
    page = anna.get(change_url(draft_budget))
    revision = CostLine.objects.get(pk=line.pk).revision
    assert f'type="hidden" name="{row_field(page, line, "revision")}" value="{revision}"' in page.content.decode()
    assert save(anna, draft_budget, page, {row_field(page, line, "amount"): 7}).status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.revision) == (7, revision + 1)
    assert line.history.first().history_user.username == "ekonom"


def test_deleting_a_line_someone_changed_meanwhile_is_refused(two_people, draft_budget):
    anna, bertil = two_people
    line = CostLine.objects.get(text="Coach")
    page_a, page_b = anna.get(change_url(draft_budget)), bertil.get(change_url(draft_budget))
    save(anna, draft_budget, page_a, {row_field(page_a, line, "amount"): 350_000})
    before = snapshot(draft_budget)

    response = save(bertil, draft_budget, page_b, {row_field(page_b, line, "DELETE"): "on"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Kostnadsrad ”Coach” ändrades av någon annan medan du redigerade och togs inte bort" in text
    assert f"sparat {kr('350 000')}, du skickade {kr('300 000')}" in text
    assert snapshot(draft_budget) == before

    # Deleting from a page that shows the line as it is goes through.
    page = bertil.get(change_url(draft_budget))
    assert save(bertil, draft_budget, page, {row_field(page, line, "DELETE"): "on"}).status_code == 302
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_the_cost_line_pages_of_their_own_refuse_stale_saves_and_deletes(two_people, draft_budget):
    anna, bertil = two_people
    line = CostLine.objects.get(text="Coach")
    url = f"/admin/budget/costline/{line.pk}/"
    fields = {"budget": draft_budget.pk, "category": line.category_id, "text": "Coach", "position": 2}
    opened = bertil.get(url + "change/").context["adminform"].form["revision"].value()
    delete_page = bertil.get(url + "delete/")
    assert f'name="revision" value="{opened}"' in delete_page.content.decode()

    assert anna.post(url + "change/", {**fields, "amount": 1, "revision": opened}).status_code == 302
    response = bertil.post(url + "change/", {**fields, "amount": 2, "revision": opened})
    assert response.status_code == 409 and "Kostnadsrad ändrades av någon annan" in response.content.decode()
    response = bertil.post(url + "delete/", {"post": "yes", "revision": opened}, follow=True)
    assert (
        "Kostnadsrad ”Coach” ändrades av någon annan medan du redigerade och togs inte bort"
        in response.content.decode()
    )
    line.refresh_from_db()
    assert line.amount == 1


def test_an_import_between_opening_and_saving_refuses_the_save(two_people, ekonom, draft_budget):
    anna, bertil = two_people
    contribution = Contribution.objects.get(budget=draft_budget)
    page = bertil.get(change_url(draft_budget))
    response = upload(ekonom, "år;medlem;belopp\n2019;Hällefors kommun;150 000\n".encode())
    confirm = response.context["confirm_form"]
    ekonom.post(
        "/admin/budget/contribution/process_import/", {name: confirm.initial.get(name, "") for name in confirm.fields}
    )
    contribution.refresh_from_db()
    assert (contribution.amount, contribution.revision) == (150_000, 2)
    before = snapshot(draft_budget)

    response = save(bertil, draft_budget, page, {row_field(page, contribution, "amount"): 120_000})
    assert response.status_code == 409
    assert f"Belopp (kr): sparat {kr('150 000')}, du skickade {kr('120 000')}" in response.content.decode()
    assert snapshot(draft_budget) == before


def test_a_conflict_found_while_saving_undoes_the_whole_save(two_people, draft_budget):
    """The service finds the conflict under its lock; what was saved before it (the budget's own fields) is undone."""
    anna, bertil = two_people
    line = CostLine.objects.get(text="Coach")
    page_a, page_b = anna.get(change_url(draft_budget)), bertil.get(change_url(draft_budget))
    save(anna, draft_budget, page_a, {row_field(page_a, line, "amount"): 350_000})
    before = snapshot(draft_budget)

    fill = {row_field(page_b, line, "amount"): 1, "opening_equity": 1}
    response = save(bertil, draft_budget, page_b, fill)
    assert response.status_code == 409
    text = response.content.decode()
    assert "ändrades av någon annan" in text and "Ingenting av det du skickade har sparats" in text
    # The page shows what Bertil sent, to copy from before reloading.
    assert response.context["adminform"].form["opening_equity"].value() == "1"
    assert snapshot(draft_budget) == before


@pytest.mark.parametrize("model", ["budget", "contribution", "costline"])
def test_history_of_an_id_that_is_no_number_is_a_row_that_does_not_exist(ekonom, model):
    response = ekonom.get(f"/admin/budget/{model}/abc/history/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "finns inte" in str(list(response.context["messages"])[0])


@pytest.mark.parametrize("model", ["contribution", "costline"])
def test_export_with_a_filter_the_list_cannot_apply_leads_back_to_the_list(ekonom, model):
    response = ekonom.get(f"/admin/budget/{model}/export/?sedan=0")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/budget/{model}/?e=1"

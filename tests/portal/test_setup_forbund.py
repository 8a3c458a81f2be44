"""An empty installation is set up by one command: the förbund and its first förbundschef, or nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from core.roles import DIRECTOR
from governance.models import Organisation, Person
from portal.management.commands import setup_forbund

pytestmark = pytest.mark.django_db

PASSWORD = "Fjällräv-i-Nora-2026"
FLAGS = {
    "name": "Samordningsförbundet Norra Bergslagen",
    "short_name": "SNB",
    "org_number": "222000-1818",
    "term_start": "04-01",
    "username": "anna",
    "full_name": "Anna Lind Berg",
    "email": "anna@example.se",
    "password": PASSWORD,
    "interactive": False,
}


@pytest.fixture
def empty(db):
    """The installation before its förbund: the demo's förbund removed (rolled back after the test)."""
    Organisation.objects.all().delete()


def run(**options):
    out, err = io.StringIO(), io.StringIO()
    call_command("setup_forbund", stdout=out, stderr=err, **options)
    return out.getvalue()


def test_flags_set_up_the_forbund_and_its_first_director(empty):
    out = run(**FLAGS)
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.short_name, organisation.org_number) == (
        "Samordningsförbundet Norra Bergslagen",
        "SNB",
        "222000-1818",
    )
    assert organisation.term_start_label == "1 april"
    user = get_user_model().objects.get(username="anna")
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser  # the role is enough
    assert list(user.groups.values_list("name", flat=True)) == [DIRECTOR]
    assert (user.first_name, user.last_name, user.email) == ("Anna Lind", "Berg", "anna@example.se")
    assert Person.objects.get(user=user).name == "Anna Lind Berg"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.FORBUND_SET_UP, user=user).exists()
    assert "är uppsatt" in out and "runserver" in out and "Logga in som anna" in out and "Kom igång" in out


def test_the_org_number_may_wait_and_is_shown_as_missing(empty, client):
    out = run(**{**FLAGS, "org_number": None, "term_start": None})
    organisation = Organisation.objects.get()
    assert organisation.org_number == "" and organisation.term_start_label == "1 januari"
    assert "Organisationsnumret saknas" in out
    client.force_login(get_user_model().objects.get(username="anna"))
    page = client.get("/forbundet/").content.decode()
    assert "Organisationsnummer" in page and "saknas" in page


def test_the_password_may_come_from_the_environment(empty, monkeypatch):
    monkeypatch.setenv("SOFINT_SETUP_PASSWORD", PASSWORD)
    run(**{**FLAGS, "password": None})
    assert get_user_model().objects.get(username="anna").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"org_number": "222000-1819"}, "kontrollsiffran stämmer inte"),
        ({"term_start": "02-29"}, "en dag som finns varje år"),
        ({"term_start": "31 april"}, "en dag som finns varje år"),
        ({"term_start": "någon gång"}, "1 januari"),
        ({"username": "forbundschef"}, "upptaget"),  # a demo user's name
        ({"password": "12345678"}, "för vanligt"),
        ({"password": None}, "--password"),
        ({"name": ""}, "--name"),
    ],
)
def test_invalid_input_is_refused_and_nothing_is_written(empty, change, message):
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError) as refused:
        run(**{**FLAGS, **change})
    assert message in str(refused.value)
    assert not Organisation.objects.exists()
    assert get_user_model().objects.count() == users_before
    assert not Person.objects.filter(name="Anna Lind Berg").exists()


def test_an_installation_with_a_forbund_is_not_set_up_again(db):
    before = Organisation.objects.get()  # the demo's
    with pytest.raises(CommandError) as refused:
        run(**FLAGS)
    assert "redan ett förbund" in str(refused.value)
    assert list(Organisation.objects.all()) == [before]
    assert not get_user_model().objects.filter(username="anna").exists()


def test_a_failure_at_the_last_write_leaves_nothing(empty, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr("portal.services.audit_record", broken)
    with pytest.raises(RuntimeError):
        run(**FLAGS)
    assert not Organisation.objects.exists()
    assert not get_user_model().objects.filter(username="anna").exists()


def answers(monkeypatch, typed: list[str], passwords: list[str]):
    typed, passwords = iter(typed), iter(passwords)
    monkeypatch.setattr(setup_forbund, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(typed))
    monkeypatch.setattr(setup_forbund.getpass, "getpass", lambda prompt="": next(passwords))


def test_interactive_questions_in_swedish(empty, monkeypatch):
    prompts = []
    typed = iter(["Samordningsförbundet Mitt", "SAM", "", "1 april", "bertil", "Bertil Ek", "bertil@example.se"])

    def fake_input(prompt=""):
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(setup_forbund, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    monkeypatch.setattr(setup_forbund.getpass, "getpass", lambda prompt="": PASSWORD)
    call_command("setup_forbund", stdout=io.StringIO(), stderr=io.StringIO())
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.org_number, organisation.term_start_month) == (
        "Samordningsförbundet Mitt",
        "",
        4,
    )
    assert get_user_model().objects.get(username="bertil").groups.filter(name=DIRECTOR).exists()
    assert prompts[0].startswith("Förbundets namn")
    assert any("Enter för att ange det senare" in prompt for prompt in prompts)
    assert any("Mandatperiodens startdag [1 januari]" in prompt for prompt in prompts)


def test_interactive_asks_again_after_a_wrong_answer(empty, monkeypatch):
    answers(
        monkeypatch,
        # a bad org number, then none; the default term start; a taken username, then a free one
        [
            "Samordningsförbundet Mitt",
            "SAM",
            "222000-1819",
            "222000-1818",
            "",
            "forbundschef",
            "Bertil Ek",
            "",
            "bertil",
        ],
        # two passwords that differ, then a pair for the taken username, then the right pair
        ["första-lösenordet-9", "andra-lösenordet-9", PASSWORD, PASSWORD, PASSWORD, PASSWORD],
    )
    err = io.StringIO()
    call_command("setup_forbund", stdout=io.StringIO(), stderr=err)
    organisation = Organisation.objects.get()
    assert organisation.org_number == "222000-1818" and organisation.term_start_label == "1 januari"
    user = get_user_model().objects.get(username="bertil")
    assert user.get_full_name() == "Bertil Ek" and user.check_password(PASSWORD)
    assert "kontrollsiffran" in err.getvalue()
    assert "stämmer inte överens" in err.getvalue()
    assert "upptaget" in err.getvalue()


def test_the_first_login_lands_on_the_start_page_with_kom_igang(empty, client):
    run(**FLAGS)
    response = client.post("/logga-in/", {"username": "anna", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Kom igång" in response.content.decode()

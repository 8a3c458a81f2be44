import getpass
import os
import sys

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from core.roles import sync_role_groups
from governance.validators import validate_org_number
from portal.services import (
    director_account_validate,
    forbund_setup,
    forbund_setup_refusal,
    term_start_parse,
)

PASSWORD_ENV = "SOFINT_SETUP_PASSWORD"  # noqa: S105 (the variable's name, not a password)
FIELD_LABELS = {
    "name": "Förbundets namn",
    "short_name": "Kortnamn",
    "org_number": "Organisationsnummer",
    "term_start_day": "Mandatperiodens startdag",
    "term_start_month": "Mandatperiodens startdag",
    "username": "Användarnamn",
    "full_name": "Namn",
    "email": "E-post",
    "password": "Lösenord",
}


def stdin_is_terminal() -> bool:
    """Tell whether someone is there to answer: the command asks only in a terminal."""
    return sys.stdin.isatty()


class Command(BaseCommand):
    help = (
        "Set up an empty installation: the förbund and its first förbundschef (no demo data). "
        "Asks in Swedish when run in a terminal; --no-input takes everything from the flags "
        f"(the password from --password or ${PASSWORD_ENV})."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", help="Förbundets namn, t.ex. Samordningsförbundet Norra Dalarna")
        parser.add_argument("--short-name", help="Kortnamn, t.ex. SND")
        parser.add_argument("--org-number", default=None, help="Organisationsnummer NNNNNN-NNNN (kan anges senare)")
        parser.add_argument(
            "--term-start", default=None, help='Mandatperiodens startdag: "1 januari", "1 april" eller MM-DD'
        )
        parser.add_argument("--username", help="Förbundschefens användarnamn")
        parser.add_argument("--full-name", help="Förbundschefens namn")
        parser.add_argument("--email", default=None, help="Förbundschefens e-post")
        parser.add_argument("--password", default=None, help=f"Lösenord (eller miljövariabeln {PASSWORD_ENV})")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Fråga ingenting."
        )

    def handle(self, *args, **options):
        sync_role_groups(apps)  # the role the förbundschef is given must hold its permissions
        refusal = forbund_setup_refusal()
        if refusal:
            raise CommandError(refusal)
        interactive = options["interactive"] and stdin_is_terminal()
        values = self.ask(options) if interactive else self.from_flags(options)
        try:
            with transaction.atomic():
                done = forbund_setup(**values)
        except ValidationError as error:
            raise CommandError(self.describe(error)) from None
        self.report(done)

    def from_flags(self, options) -> dict:
        password = options["password"] or os.environ.get(PASSWORD_ENV, "")
        missing = [
            flag
            for flag, value in [
                ("--name", options["name"]),
                ("--short-name", options["short_name"]),
                ("--username", options["username"]),
                ("--full-name", options["full_name"]),
                (f"--password (eller {PASSWORD_ENV})", password),
            ]
            if not value
        ]
        if missing:
            raise CommandError("Uppgifter saknas: " + ", ".join(missing) + ". Ingenting har sparats.")
        try:
            month, day = term_start_parse(options["term_start"] or "01-01")
        except ValidationError as error:
            raise CommandError(self.describe(error)) from None
        return {
            "name": options["name"],
            "short_name": options["short_name"],
            "org_number": options["org_number"] or "",
            "term_start_month": month,
            "term_start_day": day,
            "username": options["username"],
            "full_name": options["full_name"],
            "email": options["email"] or "",
            "password": password,
        }

    def ask(self, options) -> dict:
        self.stdout.write("Sätt upp förbundet. Ingenting sparas förrän alla uppgifter är givna.\n")
        name = options["name"] or self.prompt("Förbundets namn")
        short_name = options["short_name"] or self.prompt("Kortnamn (t.ex. SOFINT)")
        org_number = options["org_number"]
        while org_number is None:
            answer = input("Organisationsnummer (NNNNNN-NNNN, Enter för att ange det senare): ").strip()
            if not answer:
                org_number = ""
                break
            try:
                validate_org_number(answer)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            org_number = answer
        term = options["term_start"]
        while True:
            answer = term or input("Mandatperiodens startdag [1 januari]: ").strip() or "1 januari"
            try:
                month, day = term_start_parse(answer)
                break
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                term = None
        self.stdout.write("\nDen första förbundschefens konto:")
        account = {key: options[key] for key in ("username", "full_name", "email")}
        given_password = options["password"] or os.environ.get(PASSWORD_ENV, "")
        while True:
            if not account["username"]:
                account["username"] = self.prompt("Användarnamn")
            if not account["full_name"]:
                account["full_name"] = self.prompt("Namn (för- och efternamn)")
            if account["email"] is None:
                account["email"] = input("E-post (kan lämnas tom): ").strip()
            password = given_password or self.ask_password()
            try:
                director_account_validate(**account, password=password)
                break
            except ValidationError as error:
                self.stderr.write(self.describe(error, saved=False))
                # Ask again for what was wrong, and for the password, which is never kept.
                given_password = ""
                for key in error.message_dict:
                    if key in account:
                        account[key] = None if key == "email" else ""
        username, full_name, email = account["username"], account["full_name"], account["email"]
        return {
            "name": name,
            "short_name": short_name,
            "org_number": org_number,
            "term_start_month": month,
            "term_start_day": day,
            "username": username,
            "full_name": full_name,
            "email": email,
            "password": password,
        }

    def ask_password(self) -> str:
        while True:
            first = getpass.getpass("Lösenord: ")
            second = getpass.getpass("Lösenord (igen): ")
            if first and first == second:
                return first
            self.stderr.write("Lösenorden stämmer inte överens, eller är tomma. Försök igen.")

    def prompt(self, label: str) -> str:
        while True:
            answer = input(f"{label}: ").strip()
            if answer:
                return answer
            self.stderr.write(f"{label} behövs.")

    def describe(self, error: ValidationError, *, saved: bool = True) -> str:
        if hasattr(error, "error_dict"):
            lines = [
                f"{FIELD_LABELS.get(field, field)}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            ]
        else:
            lines = error.messages
        return "\n".join(lines) + ("\nIngenting har sparats." if saved else "\nFörsök igen.")

    def report(self, done) -> None:
        organisation, user = done.organisation, done.user
        self.stdout.write(self.style.SUCCESS(f"\n{organisation.name} ({organisation.short_name}) är uppsatt."))
        if not organisation.org_number:
            self.stdout.write(
                "Organisationsnumret saknas: ange det under Förbundet i administrationen när det är känt."
            )
        self.stdout.write(
            f"Förbundschef: {user.get_full_name()} (användarnamn {user.username}).\n\n"
            "Så går du vidare:\n"
            "  1. Starta servern: .venv/bin/python manage.py runserver (eller gunicorn i drift).\n"
            f"  2. Logga in som {user.username} på http://127.0.0.1:8000/logga-in/.\n"
            "  3. Startsidan visar Kom igång: medlemmar, styrelse, kansli, kalender, budget och den "
            "första verksamhetsplanen, var och en med en länk dit den förs in."
        )

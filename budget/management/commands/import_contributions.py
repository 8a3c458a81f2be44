from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from budget.services import contributions_import, import_messages
from core.formatting import kr, kr_or_missing, percent


class Command(BaseCommand):
    help = "Läs in medlemsbidrag från en CSV- eller XLSX-fil (kolumner år, medlem, belopp); allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Kontrollera filen utan att spara.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            result = contributions_import(data=file.read_bytes(), file_name=file.name, dry_run=dry_run)
        except (OSError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        messages = import_messages(result)
        if messages:
            raise CommandError("Ingenting sparades:\n" + "\n".join(messages))
        for effect in getattr(result, "budget_effects", []):
            self.stdout.write(self.effect_text(effect))
        totals = result.totals
        verb = "Skulle ge" if dry_run else "Klart"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {totals['new']} nya, {totals['update']} ändrade, {totals['skip']} oförändrade medlemsbidrag."
            )
        )

    @staticmethod
    def effect_text(effect) -> str:
        """Say what the file does to one budget: its total before and after, each member's amounts, the warnings."""
        before, after = kr_or_missing(effect.total_before), kr(effect.total_after)
        lines = [f"Budget {effect.year}: summa {before} före, {after} efter."]
        for member in effect.members:
            lines.append(
                f"  {member.name}: {kr_or_missing(member.before)} → {kr(member.after)} ({percent(member.share_after)})"
            )
        lines.extend(f"  Varning: {warning}" for warning in effect.warnings)
        return "\n".join(lines)

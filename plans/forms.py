from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange
from core.revisions import RevisionFormMixin
from meetings.selectors import board_meetings_in
from projects.selectors import project_choices

from .models import MAX_PLAN_YEARS, Block, Plan, Section


def board_meetings(year: int):
    """Return the board meetings that may receive or adopt a plan for `year`: that year's and the year before's."""
    return board_meetings_in(years=[year - 1, year])


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.starts_on.isoformat()} {obj.title}"


class PlanYearsForm(forms.ModelForm):
    """A plan's first and last year; the model checks the range and the span (Plan.clean)."""

    submit_label = _("Skapa plan")

    class Meta:
        model = Plan
        fields = ["first_year", "last_year"]
        error_messages = {"first_year": {"unique": _("Det finns redan en verksamhetsplan som börjar det året.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_year"].required = False
        self.fields["last_year"].help_text = _(
            "Samma som första år för en ettårig plan. En plan gäller högst %(count)d år."
        ) % {"count": MAX_PLAN_YEARS}
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean(self):
        cleaned = super().clean()
        self._last_year_defaulted = bool(cleaned.get("first_year") and not cleaned.get("last_year"))
        if self._last_year_defaulted:
            cleaned["last_year"] = cleaned["first_year"]
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # An empty last year is the first one: a wrong first year is said once, under it.
        if getattr(self, "_last_year_defaulted", False) and self.has_error("first_year"):
            self._errors.pop("last_year", None)


class PlanCreateForm(PlanYearsForm):
    pass


class PlanYearsChangeForm(PlanYearsForm):
    submit_label = _("Spara åren")


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Placera under"), queryset=Section.objects.none(), required=False, empty_label=_("Översta nivån")
    )

    def __init__(self, *args, plan, numbered_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = plan.sections.all()
        labels = {node.section.pk: f"{node.number} {node.section.title}" for node in numbered_sections}
        self.fields["parent"].label_from_instance = lambda section: labels.get(section.pk, section.title)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SectionForm(RevisionFormMixin, forms.ModelForm):
    """A section's text and data block, with the revision it was opened at (core.revisions)."""

    class Meta:
        model = Section
        fields = ["title", "body", "block", "project", "block_param"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace", "data-preview": "body"})}
        labels = {"block": _("Datablock från sofint"), "block_param": _("Budgetblockens urval")}
        help_texts = {
            "block": _("Visas efter texten och hämtas levande ur sofint tills planen fastställs."),
            "project": _("För blocket 'En insats': vilken insats blocket visar."),
            "block_param": _("För budgetblocken: skriv utan-diagram för att visa tabellerna utan diagram."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [("", _("Inget datablock")), *Block.choices]
        self.fields["project"].queryset = project_choices()
        self.fields["project"].empty_label = _("Ingen insats vald")
        self.helper = FormHelper()
        self.helper.form_tag = False


class SendForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Till styrelsemötet"), queryset=None, required=False, empty_label=_("Inget möte valt")
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board_meetings(plan.first_year)
        self.helper = FormHelper()
        self.helper.attrs = {"data-busy-text": _("Skapar PDF:en och sparar versionen – det tar några sekunder …")}
        self.helper.add_input(Submit("submit", _("Skicka till styrelsen")))


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Fastställd den"), widget=forms.DateInput(attrs={"type": "date"}), validators=[DateInRange()]
    )
    meeting = MeetingChoiceField(
        label=_("Vid styrelsemötet"), queryset=None, required=False, empty_label=_("Inget möte valt")
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board_meetings(plan.first_year)
        self.helper = FormHelper()
        self.helper.attrs = {"data-busy-text": _("Skapar den arkivbeständiga PDF:en och låser planen …")}
        self.helper.add_input(Submit("submit", _("Fastställ planen"), css_class="btn-danger"))

    def clean(self):
        cleaned = super().clean()
        meeting, adopted_on = cleaned.get("meeting"), cleaned.get("adopted_on")
        if meeting and adopted_on and meeting.starts_on != adopted_on:
            self.add_error(
                "adopted_on",
                _("Datumet ska vara styrelsemötets datum (%(date)s).") % {"date": meeting.starts_on.isoformat()},
            )
        return cleaned

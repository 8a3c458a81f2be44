from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.domain import DateInRange
from core.revisions import RevisionFormMixin
from meetings.selectors import board_meetings_in
from projects.selectors import project_choices

from .models import MAX_PLAN_YEARS, REFERENCES, Block, Plan, Section
from .services import BlockInput


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
    class Meta(PlanYearsForm.Meta):
        fields = ["first_year", "last_year", "given_title", "subtitle", "document_date"]
        widgets = {"document_date": forms.DateInput(attrs={"type": "date"})}


class PlanDetailsForm(forms.ModelForm):
    """What the plan calls itself: title, subtitle and the date on its cover."""

    class Meta:
        model = Plan
        fields = ["given_title", "subtitle", "document_date"]
        widgets = {"document_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Spara uppgifterna")))


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
    """A section's title and text, with the revision it was opened at (core.revisions).

    Its data blocks come with it in a SectionBlockFormSet and are saved with it.
    """

    class Meta:
        model = Section
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace", "data-preview": "body"})}
        help_texts = {
            "body": _(
                "Markdown: **fet**, *kursiv*, listor med - eller 1. En rad [[datablock 2]] visar datablock 2 "
                "just där; datablock som texten inte placerar visas efter texten, i ordning."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class MeetingReferenceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.starts_on.isoformat()} {obj.title}"


class SectionBlockForm(forms.Form):
    """One data block of a section: its kind and, for the blocks that need one, the insats or meeting shown."""

    kind = forms.ChoiceField(label=_("Datablock från sofint"), required=False)
    project = forms.ModelChoiceField(
        label=_("Insats"), queryset=None, required=False, empty_label=_("Ingen insats vald"),
        help_text=_("För blocket 'En insats'."),
    )  # fmt: skip
    meeting = MeetingReferenceField(
        label=_("Styrelsemöte"), queryset=None, required=False, empty_label=_("Inget möte valt"),
        help_text=_("För blocket 'Ett styrelsemöte'."),
    )  # fmt: skip
    param = forms.CharField(
        label=_("Urval"), max_length=200, required=False,
        help_text=_("För budgetblocken: utan-diagram visar tabellerna utan diagram. För målgrupperna: "
                    "utan-beskrivning visar bara namnen."),
    )  # fmt: skip
    # The number the block had when the page was opened: the text's [[datablock N]] follow it when blocks go.
    number = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=999)

    def __init__(self, *args, plan, meeting_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Inget datablock")), *Block.choices]
        self.fields["project"].queryset = project_choices()
        # The plan's years and the year before, and the years of the meetings the blocks show now
        # (a plan copied from last year's keeps its meeting until another is chosen).
        years = sorted({plan.first_year - 1, *plan.year_list, *meeting_years})
        self.fields["meeting"].queryset = board_meetings_in(years=years)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        reference = REFERENCES.get(kind)
        if reference and not cleaned.get(reference[0]) and not self.has_error(reference[0]):
            self.add_error(reference[0], reference[1])
        return cleaned

    @property
    def is_block(self) -> bool:
        """Return True when the row holds a block to keep (not an empty extra row, not marked for deletion)."""
        return bool(self.cleaned_data.get("kind")) and not self.cleaned_data.get("DELETE")


class BaseSectionBlockFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort datablocket")

    def blocks(self) -> list[BlockInput]:
        """Return the blocks to save, in order (call after is_valid())."""
        return [
            BlockInput(
                kind=form.cleaned_data["kind"],
                project=form.cleaned_data.get("project"),
                meeting=form.cleaned_data.get("meeting"),
                param=form.cleaned_data.get("param", ""),
                opened_number=form.cleaned_data.get("number"),
            )
            for form in self.forms
            if form.is_block
        ]

    def removed_numbers(self) -> set[int]:
        """Return the numbers of the blocks the user removed (marked, or their kind emptied)."""
        return {
            form.cleaned_data["number"] for form in self.forms if form.cleaned_data.get("number") and not form.is_block
        }


SectionBlockFormSet = forms.formset_factory(
    SectionBlockForm, formset=BaseSectionBlockFormSet, extra=1, can_delete=True, max_num=30, validate_max=True
)
BLOCK_PREFIX = "datablock"


def block_formset(*, plan, section=None, data=None) -> BaseSectionBlockFormSet:
    """Return the formset of `section`'s data blocks (bound to `data` when given)."""
    blocks = list(section.blocks.select_related("meeting")) if section is not None and section.pk else []
    initial = [
        {"kind": block.kind, "project": block.project_id, "meeting": block.meeting_id, "param": block.param,
         "number": block.number}
        for block in blocks
    ]  # fmt: skip
    meeting_years = {block.meeting.starts_on.year for block in blocks if block.meeting is not None}
    return SectionBlockFormSet(
        data, initial=initial, prefix=BLOCK_PREFIX, form_kwargs={"plan": plan, "meeting_years": meeting_years}
    )


class SendForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Till styrelsemötet"), queryset=None, required=False, empty_label=_("Inget möte valt")
    )

    acknowledged = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    acknowledge = forms.BooleanField(required=False)

    def __init__(self, *args, plan, problems: int = 0, **kwargs):
        """`problems` is how many open items the checklist shown with the form has."""
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = board_meetings(plan.first_year)
        self.helper = FormHelper()
        self.helper.attrs = {"data-busy-text": _("Skapar PDF:en och sparar versionen – det tar några sekunder …")}
        if problems:
            self.initial["acknowledged"] = problems
            self.fields["acknowledge"].required = True
            self.fields["acknowledge"].label = ngettext(
                "Jag har läst listan och skickar planen med %(count)d känd brist. Den sparas med versionen.",
                "Jag har läst listan och skickar planen med %(count)d kända brister. De sparas med versionen.",
                problems,
            ) % {"count": problems}
            self.fields["acknowledge"].error_messages["required"] = _(
                "Bekräfta att planen ska skickas med bristerna i listan, eller rätta dem först."
            )
        else:
            del self.fields["acknowledge"]
        self.helper.add_input(Submit("submit", _("Skicka till styrelsen")))

    def acknowledged_count(self) -> int:
        """The number of open items the sender acknowledged (0: none)."""
        if not self.cleaned_data.get("acknowledge"):
            return 0
        return self.cleaned_data.get("acknowledged") or 0


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Fastställd den"), widget=forms.DateInput(attrs={"type": "date"}), validators=[DateInRange()]
    )
    meeting = MeetingChoiceField(
        label=_("Vid styrelsemötet"), queryset=None, required=False, empty_label=_("Inget möte valt"),
        help_text=_("Lämna tomt när mötet inte finns i sofint, och ange beslutet nedan."),
    )  # fmt: skip
    reference = forms.CharField(
        label=_("Beslutsreferens"), max_length=200, required=False,
        help_text=_("Som protokollet anger beslutet när mötet inte finns i sofint, t.ex. Styrelsemöte 2007-01-11 § 3. "
                    "Visas på försättsbladet som du skriver den."),
    )  # fmt: skip

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

"""Forms for the förbundschef: projects with money per year, goals, reports and status moves."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionFormMixin
from governance.models import Member, Person
from meetings.models import Meeting, MeetingKind

from .models import FollowUpReport, Goal, Project, ProjectYear, TargetGroup
from .targets import Comparison, TargetSyntaxError, parse_target


class SecondarySubmit(Submit):
    field_classes = "btn btn-outline-primary"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def board_meetings():
    return Meeting.objects.filter(kind__code=MeetingKind.BOARD).select_related("kind").order_by("-starts_on")


class BoardMeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.starts_on.isoformat()} {obj.title}"


class ProjectFilterForm(forms.Form):
    """The filters above the project list; every field may be left empty."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Inriktning"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Ägare"), required=False, queryset=Member.objects.all(), empty_label=_("Alla")
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *Project.Status.choices]
        self.fields["kind"].choices = [("", _("Alla")), *Project.Kind.choices]
        self.fields["year"].choices = [("", _("Alla")), *[(year, year) for year in years]]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ProjectForm(RevisionFormMixin, forms.ModelForm):
    """A project as its page edits it; the rules (two members for an individinriktad insats) are the service's."""

    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "short_description",
            "description",
            "owners",
            "participants",
            "target_groups",
            "starts_on",
            "ends_on",
            "leader",
            "follow_up_national",
            "follow_up_indicators",
            "follow_up_external",
            "follow_up_text",
        ]
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "follow_up_text": forms.Textarea(attrs={"rows": 3}),
            "owners": forms.CheckboxSelectMultiple,
            "participants": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Person.objects.order_by("name")
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the revision the page was opened at
        self.helper.layout = Layout(
            Fieldset(_("Insatsen"), "name", "kind", "short_description", "description"),
            Fieldset(
                _("Medlemmar och målgrupper"),
                Row(Column("owners"), Column("participants"), Column("target_groups")),
            ),
            Fieldset(_("Period och ledning"), Row(Column("starts_on"), Column("ends_on"), Column("leader"))),
            Fieldset(
                _("Uppföljning"),
                "follow_up_national",
                "follow_up_indicators",
                "follow_up_external",
                "follow_up_text",
            ),
        )


class ProjectYearForm(forms.ModelForm):
    class Meta:
        model = ProjectYear
        fields = ["year", "granted", "spent", "planned_women", "planned_men"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


ProjectYearFormSet = inlineformset_factory(
    Project, ProjectYear, form=ProjectYearForm, extra=1, can_delete=True, min_num=0
)


TARGET_HELP = _(
    "Skriv målvärdet som planen gör, till exempel ”minst 30 %”, ”15–20 %”, ”minst 100 per kalenderår”, "
    "”inom två veckor” eller ”20 deltagare per coach”. Lämna tomt om målet inte har något tal."
)


class GoalForm(RevisionFormMixin, forms.ModelForm):
    target_text = forms.CharField(label=_("Mätbart mål"), required=False, help_text=TARGET_HELP, max_length=200)

    class Meta:
        model = Goal
        fields = ["term", "text", "target_text", "due_on", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.target_spec is not None:
            self.initial.setdefault("target_text", str(self.instance.target_spec))
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Spara målet")))
        self.helper.add_input(SecondarySubmit("save_add", _("Spara och lägg till nästa mål")))

    def clean_target_text(self):
        text = self.cleaned_data["target_text"].strip()
        if not text:
            self.instance.measure, self.instance.comparison = "", ""
            self.instance.target, self.instance.target_max, self.instance.per = None, None, ""
            return text
        try:
            target = parse_target(text)
        except TargetSyntaxError:
            raise ValidationError(
                _("Hittar inget tal i ”%(text)s”. Skriv till exempel ”minst 30 %%” eller ”inom 14 dagar”."),
                params={"text": text},
            ) from None
        self.instance.measure = target.measure
        self.instance.comparison = target.comparison
        self.instance.target = target.low
        self.instance.target_max = target.high if target.comparison == Comparison.RANGE else None
        self.instance.per = target.per
        return text


class ReportForm(RevisionFormMixin, forms.ModelForm):
    """A follow-up report, with one value field per measurable goal of the project."""

    meeting = BoardMeetingField(
        label=_("Styrelsemöte"), queryset=Meeting.objects.none(), required=False, empty_label=_("Inget valt")
    )

    class Meta:
        model = FollowUpReport
        fields = [
            "kind",
            "period_start",
            "period_end",
            "meeting",
            "participants_women",
            "participants_men",
            "narrative",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, goals=(), results=None, **kwargs):
        super().__init__(*args, **kwargs)
        results = results or {}
        self.fields["meeting"].queryset = board_meetings()
        self.goal_fields = []
        for goal in goals:
            if not goal.is_measurable:
                continue
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.DecimalField(
                label=goal.text,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                localize=True,
                help_text=_("Mål: %(target)s") % {"target": goal.target_spec},
            )
            if goal.pk in results:
                self.initial.setdefault(name, results[goal.pk])
            self.goal_fields.append((goal, name))
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the revision the form was opened at
        self.helper.layout = Layout(
            Fieldset(_("Rapporten"), "kind", Row(Column("period_start"), Column("period_end")), "meeting"),
            Fieldset(
                _("Deltagare under perioden (endast antal)"),
                Row(Column("participants_women"), Column("participants_men")),
            ),
            Fieldset(_("Uppmätta värden per mål"), *[name for _goal, name in self.goal_fields])
            if self.goal_fields
            else HTML(
                '<p class="form-text">'
                + str(
                    _("Insatsen har inga mätbara mål ännu; lägg till mål på insatsens sida för att rapportera värden.")
                )
                + "</p>"
            ),
            "narrative",
        )
        self.helper.add_input(Submit("save", _("Spara rapporten")))

    def goal_values(self) -> dict:
        return {goal: self.cleaned_data.get(name) for goal, name in self.goal_fields}


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    meeting = BoardMeetingField(
        label=_("Beslutat vid styrelsemöte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Inget"),
        help_text=_("Krävs när insatsen beviljas eller avslås."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Project.Status(s).label) for s in project.allowed_moves()]
        self.fields["meeting"].queryset = board_meetings()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Ändra status")))

"""Forms for the förbundschef: the förbund's goals, their follow-ups, and the copy to next year."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionFormMixin
from projects.targets import Comparison, TargetError, parse_target

from .models import JUDGEMENTS, ForbundGoal, GoalFollowUp, GoalIntroduction

TARGET_HELP = _(
    "Skriv målvärdet om målet har ett tal, till exempel ”minst 30 %”, ”högst 5 %” eller ”minst 100 per "
    "kalenderår”. Lämna tomt för ett mål som följs upp med en bedömning."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ForbundGoalForm(RevisionFormMixin, forms.ModelForm):
    """One goal as the plan words it; the target is read from its wording by projects.targets."""

    target_text = forms.CharField(label=_("Mätbart mål"), required=False, help_text=TARGET_HELP, max_length=200)

    class Meta:
        model = ForbundGoal
        fields = ["kind", "first_year", "last_year", "text", "target_text", "measured_by", "measured_when", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.target_spec is not None:
            self.initial.setdefault("target_text", str(self.instance.target_spec))
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the revision the page was opened at
        self.helper.layout = Layout(
            Fieldset(_("Målet"), "kind", Row(Column("first_year"), Column("last_year"), Column("order")), "text"),
            Fieldset(_("Uppföljning"), "target_text", Row(Column("measured_by"), Column("measured_when"))),
        )
        self.helper.add_input(Submit("save", _("Spara målet")))

    def clean_target_text(self):
        text = self.cleaned_data["target_text"].strip()
        goal = self.instance
        if not text:
            goal.measure, goal.comparison, goal.target, goal.target_max, goal.per = "", "", None, None, ""
            return text
        try:
            target = parse_target(text)
        except TargetError as error:
            raise ValidationError(error.message, code="target") from None
        goal.measure, goal.comparison, goal.target = target.measure, target.comparison, target.low
        goal.target_max = target.high if target.comparison == Comparison.RANGE else None
        goal.per = target.per
        return text


class GoalFollowUpForm(RevisionFormMixin, forms.ModelForm):
    """A follow-up of one goal: the outcome for a measurable goal, else the colour judged and the reason."""

    class Meta:
        model = GoalFollowUp
        fields = ["followed_up_on", "period", "value", "judgement", "assessment", "source"]
        widgets = {"followed_up_on": DateInput(), "assessment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goal = self.instance.goal
        # A measurable goal takes the outcome and computes its colour; a goal without a number is judged.
        if goal.is_measurable:
            del self.fields["judgement"]
            self.fields["value"].help_text = _("Målvärdet är %(target)s: färgen räknas fram.") % {
                "target": goal.target_spec
            }
            shown = "value"
        else:
            del self.fields["value"]
            judgement = self.fields["judgement"]
            judgement.required = True
            judgement.choices = [("", _("Välj måluppfyllelse"))] + [
                (attainment.value, f"{attainment.colour_label}: {attainment.label}") for attainment in JUDGEMENTS
            ]
            self.fields["assessment"].required = True
            self.fields["assessment"].help_text = _("Skälet till bedömningen, och utfallet om det finns ett.")
            shown = "judgement"
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Row(Column("followed_up_on"), Column("period")),
            shown,
            "assessment",
            "source",
        )
        self.helper.add_input(Submit("save", _("Spara uppföljningen")))


class GoalIntroductionForm(forms.ModelForm):
    class Meta:
        model = GoalIntroduction
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].help_text = _("Det planen skriver före målen. Lämna tomt för att ta bort inledningen.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Spara inledningen")))

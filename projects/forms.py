"""Forms for the förbundschef: projects with money per year, goals, reports and status moves."""

import calendar
import datetime
import re
from typing import NamedTuple

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.domain import MAX_ID_DIGITS, DateInRange
from core.formatting import MONTHS
from core.forms import AmountField
from core.revisions import RevisionFormMixin
from governance.models import Member, Person
from meetings.models import Meeting, MeetingKind

from .models import FollowUpReport, Goal, Precision, Project, ProjectYear, TargetGroup, period_point_label
from .services import CarryOverRow
from .targets import Comparison, Measure, Target, TargetError, describe_target, parse_target, read_target


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


class RowChoiceMultipleField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id; a value that is no row id is refused before the database sees it.

    Django looks the sent values up with one `__in` query, and SQLite fails on an integer
    wider than 64 bits instead of finding nothing.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for sent in value if isinstance(value, (list, tuple)) else [value]:
                text = str(sent)
                if not (text.isdigit() and len(text) <= MAX_ID_DIGITS):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                    )
        return super()._check_values(value)


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


class PeriodPoint(NamedTuple):
    day: datetime.date
    precision: str


_MONTHS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^([a-zåäö]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodPointField(forms.CharField):
    """A period's first or last day, as precisely as the plan gives it: a day, a month or a year.

    "2018-10-01" is that day; "2018-10" or "oktober 2018" is the month, stored as its first
    day for a start and its last day for an end; "2019" is the year, likewise.
    """

    default_error_messages = {
        "invalid": _("Skriv ett datum (2018-10-01), en månad (2018-10 eller ”oktober 2018”) eller ett år (2019)."),
    }

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = " ".join(str(super().to_python(value) or "").lower().split())
        if not text:
            return None
        try:
            point = self._read(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if point is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        DateInRange()(point.day)
        return point

    def _read(self, text: str) -> PeriodPoint | None:
        if match := _ISO_DAY.match(text):
            return PeriodPoint(datetime.date(*map(int, match.groups())), Precision.DAY)
        month = None
        if match := _ISO_MONTH.match(text):
            year, month = int(match[1]), int(match[2])
        elif (match := _NAMED_MONTH.match(text)) and match[1] in _MONTHS:
            year, month = int(match[2]), _MONTHS[match[1]]
        if month is not None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return PeriodPoint(datetime.date(year, month, last if self.end else 1), Precision.MONTH)
        if match := _YEAR.match(text):
            year = int(match[1])
            return PeriodPoint(datetime.date(year, 12, 31) if self.end else datetime.date(year, 1, 1), Precision.YEAR)
        return None


class OwnerForm(forms.Form):
    """One owner of a project: a member, and optionally the unit within it that owns the insats."""

    member = forms.ModelChoiceField(
        label=_("Medlem"), queryset=Member.objects.none(), required=False, empty_label=_("Välj medlem")
    )
    unit = forms.CharField(
        label=_("Enhet inom medlemmen"),
        max_length=200,
        required=False,
        help_text=_("Om planen nämner den: ”Vuxenpsykiatrin”, ”Vårdcentralen i Nora”."),
    )

    def __init__(self, *args, member_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.order_by("name")
        if member_choices is not None:  # the formset's rows share one list (one query, not one per row)
            self.fields["member"].choices = member_choices
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["member"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") and not cleaned.get("member"):
            raise ValidationError(
                _("Ange vilken medlem enheten ”%(unit)s” hör till."), code="unit_without_member",
                params={"unit": cleaned["unit"]},
            )  # fmt: skip
        return cleaned


class BaseOwnerFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        if not hasattr(self, "_member_choices"):
            self._member_choices = [("", _("Välj medlem")), *Member.objects.order_by("name").values_list("pk", "name")]
        return {**super().get_form_kwargs(index), "member_choices": self._member_choices}

    def owners(self) -> list[tuple]:
        """Return (member, unit) for each filled row, in the order given."""
        return [
            (form.cleaned_data["member"], form.cleaned_data.get("unit", ""))
            for form in self.forms
            if form.cleaned_data.get("member")
        ]


OwnerFormSet = forms.formset_factory(
    OwnerForm, formset=BaseOwnerFormSet, extra=2, max_num=20, absolute_max=20, validate_max=True
)


def owner_formset(project: Project, data=None) -> BaseOwnerFormSet:
    """Return the owners' formset of `project`, its rows in the plan's order."""
    initial = [{"member": row.member_id, "unit": row.unit} for row in project.owners_in_order] if project.pk else []
    return OwnerFormSet(data, initial=initial, prefix="owners")


class ProjectForm(RevisionFormMixin, forms.ModelForm):
    """A project as its page edits it; the rules (owners, the dated history) are the service's.

    A new project may be entered with the status it has now and the day it got it, so a
    project that started years ago is entered in one step.
    """

    starts_on = PeriodPointField(
        label=_("Start"), help_text=_("Ett datum (2018-01-01), en månad (oktober 2018) eller ett år.")
    )
    ends_on = PeriodPointField(label=_("Slut"), end=True, help_text=_("Lämna tomt om slutet inte är bestämt."))
    initial_status = forms.ChoiceField(
        label=_("Status nu"),
        required=False,
        help_text=_("För en insats som redan pågår: välj dess status nu, utan att gå igenom idé och ansökan."),
    )
    status_on = forms.DateField(
        label=_("Sedan"),
        required=False,
        widget=DateInput(),
        validators=[DateInRange()],
        help_text=_("Dagen insatsen fick statusen. Lämna tomt om den inte är känd: då visas ”datum okänt”."),
    )
    status_meeting = BoardMeetingField(
        label=_("Beslutat vid styrelsemöte"), queryset=Meeting.objects.none(), required=False, empty_label=_("Inget")
    )
    status_reference = forms.CharField(
        label=_("Beslutshänvisning"),
        max_length=200,
        required=False,
        help_text=_("När mötet inte finns i sofint: ”Styrelsebeslut 2017-05-12 § 4”."),
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "short_description",
            "description",
            "owned_by_forbund",
            "participants",
            "target_groups",
            "starts_on",
            "ends_on",
            "period_note",
            "leader",
            "follow_up_national",
            "follow_up_indicators",
            "follow_up_external",
            "follow_up_text",
        ]
        field_classes = {
            "participants": RowChoiceMultipleField,
            "target_groups": RowChoiceMultipleField,
        }
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "follow_up_text": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Person.objects.order_by("name")
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("name")
        self.fields["participants"].help_text = _(
            "Medlemmarna som deltar utöver ägarna. En individinriktad insats bör involvera minst två medlemmar."
        )
        if self.instance.pk:
            self.initial["starts_on"] = self.instance.start_label
            self.initial["ends_on"] = self.instance.end_label
        self.is_new = self.instance.pk is None
        history = []
        if self.is_new:
            self.fields["initial_status"].choices = Project.Status.choices
            self.fields["initial_status"].initial = Project.Status.IDEA
            self.fields["status_meeting"].queryset = board_meetings()
            history = [
                Fieldset(
                    _("Status och historik"),
                    Row(Column("initial_status"), Column("status_on")),
                    Row(Column("status_meeting"), Column("status_reference")),
                )
            ]
        else:
            for name in ("initial_status", "status_on", "status_meeting", "status_reference"):
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the revision the page was opened at
        self.helper.layout = Layout(
            Fieldset(_("Insatsen"), "name", "kind", "short_description", "description"),
            *history,
            Fieldset(_("Ägare"), HTML('{% include "projects/_owner_rows.html" %}'), "owned_by_forbund"),
            Fieldset(_("Deltagande medlemmar och målgrupper"), Row(Column("participants"), Column("target_groups"))),
            Fieldset(
                _("Period och ledning"),
                Row(Column("starts_on"), Column("ends_on"), Column("leader")),
                "period_note",
            ),
            Fieldset(
                _("Uppföljning"),
                "follow_up_national",
                "follow_up_indicators",
                "follow_up_external",
                "follow_up_text",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        for name, precision in (("starts_on", "starts_precision"), ("ends_on", "ends_precision")):
            point = cleaned.get(name)
            setattr(self.instance, precision, point.precision if point else Precision.DAY)
            if point is not None:
                cleaned[name] = point.day
        return cleaned

    def status_entry(self) -> dict:
        """Return the status a new project is entered with, as project_save takes it."""
        if not self.is_new:
            return {}
        return {
            "initial_status": self.cleaned_data.get("initial_status") or Project.Status.IDEA,
            "status_on": self.cleaned_data.get("status_on"),
            "status_meeting": self.cleaned_data.get("status_meeting"),
            "status_reference": self.cleaned_data.get("status_reference", ""),
        }


class ProjectYearForm(forms.ModelForm):
    decision_meeting = BoardMeetingField(
        label=_("Styrelsemöte"), queryset=Meeting.objects.none(), required=False, empty_label=_("Inget")
    )

    class Meta:
        model = ProjectYear
        fields = [
            "year", "granted", "spent", "planned_women", "planned_men",
            "decided_on", "decision_meeting", "decision_reference",
        ]  # fmt: skip
        widgets = {"decided_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_meeting"].queryset = board_meetings()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["decision_meeting"].widget.attrs["class"] = "form-select form-select-sm"


# At most one row per year the förbund can mean; a post claiming more rows (a tampered count)
# is refused as a whole with the formset's own message, before any row is read.
PROJECT_YEARS_MAX = settings.SOFINT_YEAR_MAX - settings.SOFINT_YEAR_MIN + 1
ProjectYearFormSet = inlineformset_factory(
    Project, ProjectYear, form=ProjectYearForm, extra=1, can_delete=True, min_num=0,
    max_num=PROJECT_YEARS_MAX, absolute_max=PROJECT_YEARS_MAX, validate_max=True,
)  # fmt: skip


TARGET_HELP = _(
    "Skriv målvärdet som planen gör, till exempel ”minst 30 %”, ”15–20 %”, ”minst 100 per kalenderår”, "
    "”30 % färre vårdkontakter”, ”inom två veckor” eller ”20 deltagare per coach”. Lämnas tomt läses målets "
    "text. Du ser vad som lästes innan målet sparas."
)
TARGET_FIELDS = ("measure", "comparison", "target", "target_max", "per")


class GoalReadingMixin:
    """Read a goal's target from its wording, show the reading, and let the user correct it before saving.

    The explicit fields (measure, comparison, target …) always win. When they are empty,
    the target is read from `target_text`, else from the goal's own text; a reading the
    user has not seen yet is put into the fields and the form is shown again
    (`self.reading`), so what is saved is what the user saw. `reading_of` carries the text
    that was read: a reading the user saw and emptied is respected (the goal is text only).
    """

    reading: Target | None = None
    read_requested = False

    def _read_target(self, cleaned) -> None:
        self.reading = None
        self.reading_source = ""
        explicit = [cleaned.get(name) for name in TARGET_FIELDS[:4]]
        read_now = self.data.get("read") is not None if hasattr(self.data, "get") else False
        self.read_requested = read_now
        if any(value not in (None, "") for value in explicit) and not read_now:
            measure, comparison, target = explicit[:3]
            if not (measure and comparison and target is not None):
                raise ValidationError(
                    _("Fyll i måttet, jämförelsen och målvärdet, eller töm alla tre för ett mål utan tal."),
                    code="target_incomplete",
                )
            if comparison != Comparison.RANGE:
                cleaned["target_max"] = None
            return
        written = (cleaned.get("target_text") or "").strip()
        source = written or cleaned.get("text") or ""
        target = None
        if written:
            try:
                target = parse_target(written)
            except TargetError as error:
                self.add_error("target_text", ValidationError(error.message, code="target"))
                return
        elif source:
            target = read_target(source)
        seen = (cleaned.get("reading_of") or "") == source
        if target is not None and (read_now or not seen):
            self.reading, self.reading_source = target, "target_text" if written else "text"
            self._show_reading(target, source)
            return
        if target is not None and written:
            self._fill(cleaned, target)
        else:
            for name in TARGET_FIELDS:
                cleaned[name] = "" if name in ("measure", "comparison", "per") else None

    @staticmethod
    def _fill(cleaned, target: Target) -> None:
        cleaned.update(
            measure=target.measure,
            comparison=target.comparison,
            target=target.low,
            target_max=target.high if target.comparison == Comparison.RANGE else None,
            per=target.per,
        )

    def _show_reading(self, target: Target, source: str) -> None:
        # The form is shown again with what was read in its fields, editable.
        self.data = self.data.copy()
        self.data.pop("read", None)  # the next post saves what is shown, unless the user asks to read again
        values = {
            "measure": target.measure,
            "comparison": target.comparison,
            "target": str(target.low).replace(".", ","),
            "target_max": str(target.high).replace(".", ",") if target.comparison == Comparison.RANGE else "",
            "per": target.per,
            "reading_of": source,
        }
        for name, value in values.items():
            self.data[self.add_prefix(name)] = value

    @property
    def reading_label(self) -> str:
        return describe_target(self.reading) if self.reading is not None else ""


class GoalForm(GoalReadingMixin, RevisionFormMixin, forms.ModelForm):
    target_text = forms.CharField(label=_("Mätbart mål i text"), required=False, help_text=TARGET_HELP, max_length=200)
    reading_of = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    class Meta:
        model = Goal
        fields = ["term", "text", "target_text", *TARGET_FIELDS, "due_on", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput()}
        localized_fields = ["target", "target_max"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.target_spec is not None:
            self.initial.setdefault("target_text", str(self.instance.target_spec))
            self.initial.setdefault("reading_of", str(self.instance.target_spec))
        self.fields["measure"].help_text = _("Fylls i när målvärdet läses; ändra om det lästes fel.")
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            "term",
            "text",
            "target_text",
            Fieldset(
                _("Målvärdet"),
                Row(Column("measure"), Column("comparison")),
                Row(Column("target"), Column("target_max"), Column("per")),
            ),
            Row(Column("due_on"), Column("order")),
        )
        self.helper.add_input(SecondarySubmit("read", _("Läs målvärdet")))
        self.helper.add_input(Submit("save", _("Spara målet")))
        self.helper.add_input(SecondarySubmit("save_add", _("Spara och lägg till nästa mål")))

    def clean(self):
        cleaned = super().clean()
        self._read_target(cleaned)
        return cleaned


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
                max_value=100 if goal.measure == Measure.SHARE else None,
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


DECISION_REFERENCE_HELP = _("När mötet inte finns i sofint: ”Styrelsebeslut 2017-05-12 § 4”.")


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    decided_on = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        validators=[DateInRange()],
        help_text=_("Dagen statusen ändrades eller beslutet fattades; får ligga bakåt i tiden."),
    )
    meeting = BoardMeetingField(
        label=_("Beslutat vid styrelsemöte"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Inget"),
        help_text=_("Beviljande och avslag behöver mötet eller en beslutshänvisning."),
    )
    decision_reference = forms.CharField(
        label=_("Beslutshänvisning"), required=False, max_length=200, help_text=DECISION_REFERENCE_HELP
    )
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Project.Status(s).label) for s in project.allowed_moves()]
        self.fields["meeting"].queryset = board_meetings()
        self.fields["decided_on"].initial = datetime.date.today
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Ändra status")))


class StatusHistoryForm(forms.Form):
    """A status the project had before the one it has now, with its date and decision."""

    status = forms.ChoiceField(label=_("Status"))
    decided_on = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=DateInput(),
        validators=[DateInRange()],
        help_text=_("Dagen statusen gällde från. Lämna tomt om planen inte säger det: då visas ”datum okänt”."),
    )
    meeting = BoardMeetingField(
        label=_("Beslutat vid styrelsemöte"), queryset=Meeting.objects.none(), required=False, empty_label=_("Inget")
    )
    decision_reference = forms.CharField(
        label=_("Beslutshänvisning"), required=False, max_length=200, help_text=DECISION_REFERENCE_HELP
    )
    note = forms.CharField(label=_("Anteckning"), required=False, max_length=300)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Project.Status(status).label) for status in Project.earlier_statuses(project.status)
        ]
        self.fields["meeting"].queryset = board_meetings()
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Lägg till i historiken")))


# --- Carrying running projects into the next year ---------------------------------------------------


class CarryOverRowForm(RevisionFormMixin, forms.Form):
    """One project on the carry-over page: does it continue, its money for the year, its period's new end."""

    def __init__(self, *args, candidate, **kwargs):
        self.candidate = candidate
        self.instance = project = candidate.project  # the revision the page was opened at (RevisionFormMixin)
        year = candidate.year
        super().__init__(*args, prefix=f"insats-{project.pk}", **kwargs)
        self.fields["continues"] = forms.BooleanField(label=_("Fortsätter %(year)s") % {"year": year}, required=False)
        # Whether the amount may be what it is (negative, too large, missing) is the service's to say.
        self.fields["granted"] = AmountField(
            required=False,
            error_messages={"invalid": _("Skriv beloppet i hela kronor, utan ören, till exempel 650 000.")},
            label=_("Beviljat %(year)s (kr)") % {"year": year},
            help_text=_("Hela kronor, som styrelsen beviljar för %(year)s.") % {"year": year},
        )
        if candidate.period_ends_before:
            # The end as the project's period gives it: a day, a month or a year, at the end of `year`.
            self.fields["ends_on"] = PeriodPointField(
                label=_("Periodens nya slut"),
                end=True,
                help_text=_("Ett datum, en månad eller ett år; starten behålls."),
            )
            self.initial["ends_on"] = period_point_label(datetime.date(year, 12, 31), project.ends_precision)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("continues") and cleaned.get("granted") is not None:
            self.add_error(
                "granted",
                _("Kryssa i ”Fortsätter %(year)s” eller töm beloppet.") % {"year": self.candidate.year},
            )
        return cleaned

    @property
    def continues(self) -> bool:
        return bool(self.cleaned_data.get("continues"))

    def carry_over_row(self):
        """Return the row as projects_carry_over takes it."""
        point = self.cleaned_data.get("ends_on")
        return CarryOverRow(
            project=self.candidate.project,
            granted=self.cleaned_data.get("granted"),
            ends_on=point.day if point else None,
            ends_precision=point.precision if point else Precision.DAY,
            expected_revision=self.opened_revision,
        )


class CarryOverDecisionForm(forms.Form):
    """The board's decision that grants the year's money, shared by every project carried over; all optional."""

    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput(),
        validators=[DateInRange()],
        help_text=_("När medlen beviljades."),
    )
    decision_meeting = BoardMeetingField(
        label=_("Beslut vid styrelsemöte"), queryset=Meeting.objects.none(), required=False, empty_label=_("Inget")
    )
    decision_reference = forms.CharField(
        label=_("Beslutshänvisning"),
        max_length=200,
        required=False,
        help_text=_("När mötet inte finns i sofint: ”Styrelsebeslut 2018-11-23 § 6”."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_meeting"].queryset = board_meetings()

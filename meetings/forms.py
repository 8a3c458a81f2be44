from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.revisions import RevisionFormMixin

from .models import Meeting
from .services import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(RevisionFormMixin, forms.ModelForm):
    """A calendar entry as the förbundschef enters it; the rules live in Meeting.clean()."""

    class Meta:
        model = Meeting
        # What the services let change, except the status: cancelling has a page of its own.
        fields = [name for name in EDITABLE_FIELDS if name != "status"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "starts_on": _("Datum"),
            "ends_on": _("Slutdatum"),
            "all_day": _("Heldag"),
            "year": _("Hör till årsplanering"),
        }
        help_texts = {
            "title": _("Tema eller rubrik, t.ex. HELÅRSREDOVISNING eller Finsamkonferensen."),
            "ends_on": _("Bara för möten över flera dagar."),
            "all_day": _("Heldag har ingen start- eller sluttid. Utan heldag och utan tid visas ingen tid."),
            "year": _("Lämna tomt för samma år som datumet."),
        }

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].empty_label = None
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the revision the form was opened at
        self.helper.layout = Layout(
            Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            Row(Column("starts_on", css_class="col-md-4"), Column("ends_on", css_class="col-md-4")),
            Row(
                Column(Field("all_day"), css_class="col-md-4 pt-md-4"),
                Column("start_time", css_class="col-md-4"),
                Column("end_time", css_class="col-md-4"),
            ),
            "location",
            "description",
            Row(Column("year", css_class="col-md-4")),
        )
        self.helper.add_input(Submit("submit", submit_label or _("Spara")))

    def meeting_data(self) -> dict:
        """Return the entry's fields as entered, without the revision the form carries."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class CalendarAdoptionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Styrelsemöte"),
        queryset=None,
        empty_label=None,
        help_text=_("Det styrelsemöte som fastställde kalendariet."),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: f"{meeting.starts_on.isoformat()} {meeting.title}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Fastställ")))

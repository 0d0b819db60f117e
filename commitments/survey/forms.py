"""Forms of the members' survey: staff's survey, question, extension and return forms; the answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commitments.models import Unit
from commitments.survey import services
from commitments.survey.models import (
    PEOPLE_BREAKDOWNS,
    Breakdown,
    QuestionKind,
    SurveyAnswer,
    SurveyQuestion,
)
from members.forms import country_choices
from members.models import Organisation
from pact.kernel import schedule
from pact.kernel.texts import Localised, LocalisedTextFormField
from partnerships.models import Ecosystem

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_ATTRS = {"step": "any", "min": "0", "inputmode": "decimal"}
COUNTRY_ROWS = 3


class SurveyForm(forms.Form):
    """A survey's year, texts, dates and reminders (staff)."""

    year = forms.IntegerField(label=_("Year covered"), min_value=2020, max_value=2100)
    title = LocalisedTextFormField(label=_("Title"), max_length=200)
    introduction = LocalisedTextFormField(
        label=_("Introduction"),
        required=False,
        multiline=True,
        max_length=4000,
        help_text=_("Shown to organisations above the questions."),
    )
    opens_on = forms.DateField(label=_("Opening day"), widget=DATE_WIDGET)
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE_WIDGET,
        help_text=_("Answers submitted after this day are accepted but marked late."),
    )
    closes_on = forms.DateField(
        label=_("Closing day"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Nothing is accepted after this day. Empty: 30 days after the deadline."),
    )
    reminder_days = forms.CharField(
        label=_("Reminders, days before each organisation's deadline"),
        help_text=_("Comma-separated, e.g. 14, 3. Only organisations that have not submitted."),
        required=False,
        initial="14, 3",
    )
    breakdowns = forms.MultipleChoiceField(
        label=_("Breakdowns asked for on the headline questions"),
        choices=Breakdown.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Women and people with fewer opportunities apply to questions about people."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        if survey is None:
            if not self.is_bound:
                self.fields["year"].initial = timezone.localdate().year
        else:
            del self.fields["year"]
            del self.fields["breakdowns"]
            if not survey.is_scheduled:
                for name in ("opens_on", "deadline", "closes_on"):
                    del self.fields[name]

    def clean_reminder_days(self) -> list[int]:
        try:
            return schedule.parse_reminder_days(self.cleaned_data.get("reminder_days", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        deadline = data.get("deadline")
        closes_on = data.get("closes_on") or (
            schedule.default_closing_day(deadline) if deadline else None
        )
        for name, messages in schedule.date_errors(
            data.get("opens_on"), deadline, closes_on
        ).items():
            for message in messages:
                self.add_error(name, message)
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=[c for c in QuestionKind.choices if c[0] != QuestionKind.HEADLINE],
        widget=forms.RadioSelect,
        initial=QuestionKind.NUMBER,
    )
    text = LocalisedTextFormField(label=_("Question"), max_length=500)
    help = LocalisedTextFormField(
        label=_("Help text"), required=False, multiline=True, max_length=2000
    )
    unit = forms.ChoiceField(
        label=_("Unit (numbers)"),
        choices=[("", _("Choose a unit")), *Unit.choices],
        required=False,
    )
    options = LocalisedTextFormField(
        label=_("Options (choices), one per line"),
        required=False,
        multiline=True,
        help_text=_("Each translation has the same options, in the same order, one per line."),
    )
    breakdowns = forms.MultipleChoiceField(
        label=_("Breakdowns (numbers)"),
        choices=Breakdown.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required = forms.BooleanField(label=_("An answer is required to submit"), required=False)

    def __init__(self, *args, question: SurveyQuestion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question is not None and question.kind == QuestionKind.HEADLINE:
            for name in ("kind", "unit", "options"):
                del self.fields[name]

    def to_input(self) -> services.QuestionInput:
        data = self.cleaned_data
        headline = self.question is not None and self.question.kind == QuestionKind.HEADLINE
        return services.QuestionInput(
            kind=QuestionKind.HEADLINE if headline else data["kind"],
            text=data["text"],
            help=data.get("help"),
            unit=data.get("unit", ""),
            options=data.get("options"),
            breakdowns=list(data.get("breakdowns") or []),
            required=bool(data.get("required")),
        )

    def apply_service_errors(self, exc: services.SurveyError) -> None:
        for name, messages in exc.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not exc.errors:
            self.add_error(None, exc.message)


def question_initial(question: SurveyQuestion) -> dict:
    return {
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "unit": question.unit,
        "options": question.options,
        "breakdowns": question.breakdowns,
        "required": question.required,
    }


class ExtensionForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Extend the deadline for"),
        choices=[
            ("everyone", _("Every organisation")),
            ("organisations", _("The organisations chosen below")),
        ],
        widget=forms.RadioSelect,
        initial="organisations",
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Organisations invited that have not submitted yet."),
    )
    deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason (for the audit log)"), max_length=500, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("scope") == "organisations" and not data.get("organisations"):
            self.add_error("organisations", _("Choose at least one organisation."))
        return data


class ClosingDayForm(forms.Form):
    closes_on = forms.DateField(label=_("New closing day"), widget=DATE_WIDGET)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the answers returned?"),
        help_text=_("The organisation sees this and can correct and resubmit its answers."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "The template of this page, filled in: columns question_id, part and answer. At most "
            "2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


# --- answering ---------------------------------------------------------------------------------------------


@dataclass
class QuestionGroup:
    """What the answer page shows for one question: its text, help, fields and errors."""

    question: SurveyQuestion
    text: Localised
    help: Localised | None
    main: forms.BoundField
    people: list[forms.BoundField] = field(default_factory=list)
    ecosystems: list[forms.BoundField] = field(default_factory=list)
    countries: list[tuple[forms.BoundField, forms.BoundField]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def has_breakdown(self) -> bool:
        return bool(self.people or self.ecosystems or self.countries)

    @property
    def breakdown_given(self) -> bool:
        def given(bound):
            return bool(bound.value())

        return any(given(b) for b in self.people + self.ecosystems) or any(
            given(v) for _c, v in self.countries
        )


def _option_label(line: Localised) -> str:
    """An option's text, marked with its language when it is not the page's."""
    if line.differs:
        return format_html('<span lang="{}">{}</span>', line.language, line.text)
    return line.text


def _number(label, **attrs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=20,
        decimal_places=6,
        widget=forms.NumberInput(attrs={**NUMBER_ATTRS, **attrs}),
    )


class AnswerForm(forms.Form):
    """Every question of a survey, with the breakdowns each asks for; checked by the service's
    rules (``services.check_answer``) so a mistake shows next to the field it is about."""

    # Rendered inside the autosave status (survey/answer.html), which each autosave answer
    # replaces with the version it saved: no out-of-band swap, no id for htmx to settle.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        questions: list[SurveyQuestion],
        answers: dict[int, SurveyAnswer] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.group_errors: dict[int, list[str]] = {}
        answers = answers or {}
        countries = country_choices()
        for question in questions:
            name = services.field_name(question)
            answer = answers.get(question.pk)
            label = str(question.text)
            if question.is_number:
                unit = services.question_unit(question)
                attrs = {"step": "1"} if unit in (Unit.PERSONS, Unit.COUNT) else {}
                self.fields[name] = _number(label, **attrs)
                for part in PEOPLE_BREAKDOWNS:
                    if question.has_breakdown(part):
                        part_label = (
                            _("Of whom women")
                            if part == Breakdown.WOMEN
                            else _("Of whom people with fewer opportunities")
                        )
                        self.fields[services.field_name(question, part)] = _number(
                            part_label, **attrs
                        )
                if question.has_breakdown(Breakdown.ECOSYSTEM):
                    for code, eco_label in Ecosystem.choices:
                        self.fields[services.field_name(question, f"ecosystem_{code}")] = _number(
                            eco_label, **attrs
                        )
                if question.has_breakdown(Breakdown.COUNTRY):
                    given = sorted(answer.part(Breakdown.COUNTRY)) if answer else []
                    rows = max(COUNTRY_ROWS, len(given) + 1)
                    for n in range(1, rows + 1):
                        self.fields[services.field_name(question, f"country_{n}")] = (
                            forms.ChoiceField(
                                label=_("Country %(n)s") % {"n": n},
                                choices=countries,
                                required=False,
                            )
                        )
                        self.fields[services.field_name(question, f"country_{n}_value")] = _number(
                            _("Figure for country %(n)s") % {"n": n}, **attrs
                        )
            elif question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[
                        *(
                            (key, _option_label(line))
                            for key, line in zip(
                                question.option_keys(), question.option_lines(), strict=False
                            )
                        ),
                        ("", _("No answer")),
                    ],
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=services.TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        if not self.is_bound:
            self.initial.update(answer_initial(questions, answers))

    # reading

    def answers(self) -> dict[int, services.AnswerInput]:
        data = self.cleaned_data
        result = {}
        for question in self.questions:
            name = services.field_name(question)
            answer = services.AnswerInput()
            if question.is_number:
                answer.number = data.get(name)
                answer.women = data.get(services.field_name(question, Breakdown.WOMEN))
                answer.fewer_opportunities = data.get(
                    services.field_name(question, Breakdown.FEWER_OPPORTUNITIES)
                )
                for code, _label in Ecosystem.choices:
                    value = data.get(services.field_name(question, f"ecosystem_{code}"))
                    if value is not None:
                        answer.by_ecosystem[code] = value
                n = 1
                while services.field_name(question, f"country_{n}") in self.fields:
                    country = data.get(services.field_name(question, f"country_{n}"))
                    value = data.get(services.field_name(question, f"country_{n}_value"))
                    if country and value is not None:
                        answer.by_country[country] = (
                            answer.by_country.get(country, Decimal(0)) + value
                        )
                    n += 1
            elif question.kind == QuestionKind.CHOICE:
                answer.choice = data.get(name) or ""
            else:
                answer.text = data.get(name) or ""
            result[question.pk] = answer
        return result

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for question in self.questions:
            for name, part_value in self._country_rows(question):
                if part_value is not None and not data.get(name):
                    self.add_error(name, _("Choose the country of this figure."))
        if self.errors:
            return data
        answers = self.answers()
        for question in self.questions:
            self.apply_errors(services.check_answer(question, answers[question.pk]))
        return data

    def _country_rows(self, question):
        n = 1
        while services.field_name(question, f"country_{n}") in self.fields:
            yield (
                services.field_name(question, f"country_{n}"),
                self.cleaned_data.get(services.field_name(question, f"country_{n}_value")),
            )
            n += 1

    def apply_errors(self, errors: dict[str, list[str]]) -> None:
        """Errors by field name (``services.field_name``): on the field, or on its question."""
        by_pk = {q.pk: q for q in self.questions}
        for name, messages in errors.items():
            for message in messages:
                if name in self.fields:
                    self.add_error(name, message)
                    continue
                pk = int(name[1:].split("_")[0]) if name[1:].split("_")[0].isdigit() else None
                question = by_pk.get(pk) if pk else None
                if question is not None:
                    self.group_errors.setdefault(question.pk, []).append(message)
                    self.add_error(None, f"{question.text}: {message}")
                else:
                    self.add_error(None, message)

    # showing

    def groups(self) -> list[QuestionGroup]:
        groups = []
        for question in self.questions:
            name = services.field_name(question)
            group = QuestionGroup(
                question=question,
                text=question.text.get(),
                help=question.help.get() if question.help else None,
                main=self[name],
                errors=self.group_errors.get(question.pk, []),
            )
            for part in PEOPLE_BREAKDOWNS:
                key = services.field_name(question, part)
                if key in self.fields:
                    group.people.append(self[key])
            for code, _label in Ecosystem.choices:
                key = services.field_name(question, f"ecosystem_{code}")
                if key in self.fields:
                    group.ecosystems.append(self[key])
            n = 1
            while services.field_name(question, f"country_{n}") in self.fields:
                group.countries.append(
                    (
                        self[services.field_name(question, f"country_{n}")],
                        self[services.field_name(question, f"country_{n}_value")],
                    )
                )
                n += 1
            groups.append(group)
        return groups


def answer_initial(
    questions: list[SurveyQuestion], answers: dict[int, SurveyAnswer]
) -> dict[str, object]:
    initial: dict[str, object] = {}
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            continue
        name = services.field_name(question)
        if question.is_number:
            initial[name] = answer.number
            initial[services.field_name(question, Breakdown.WOMEN)] = answer.women
            initial[services.field_name(question, Breakdown.FEWER_OPPORTUNITIES)] = (
                answer.fewer_opportunities
            )
            for code, value in answer.part(Breakdown.ECOSYSTEM).items():
                initial[services.field_name(question, f"ecosystem_{code}")] = value
            for n, (code, value) in enumerate(sorted(answer.part(Breakdown.COUNTRY).items()), 1):
                initial[services.field_name(question, f"country_{n}")] = code
                initial[services.field_name(question, f"country_{n}_value")] = value
        elif question.kind == QuestionKind.CHOICE:
            initial[name] = answer.choice
        else:
            initial[name] = answer.text
    return initial

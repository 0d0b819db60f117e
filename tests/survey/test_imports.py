"""The survey as a spreadsheet: the template comes back filled in, is checked line by line, and
saved as the form would save it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commitments.survey import imports, services
from commitments.survey.models import ResponseStatus, SurveyAnswer, SurveyImport, SurveyResponse


def template_url(scene, fmt: str) -> str:
    return reverse(
        "survey:export_template", args=[scene.survey.year, scene.world.member_org.slug, fmt]
    )


def upload_url(scene) -> str:
    return reverse("survey:import_upload", args=[scene.survey.year, scene.world.member_org.slug])


def fill(rows: list[dict], scene) -> None:
    """What a person writes in the template's answer column."""
    p, money, choice, text = scene.people.pk, scene.money.pk, scene.choice.pk, scene.text.pk
    wanted = {
        (p, ""): "1 200",
        (p, "women"): "700",
        (p, "ecosystem:tourism"): "1000",
        (p, "country:BE"): "1200",
        (money, ""): "2500,50",
        (choice, ""): "No",  # an option's text is understood as well as its number
        (text, ""): "Guides trained",
    }
    for row in rows:
        key = (int(row["question_id"]), row["part"] or "")
        if key in wanted:
            row["answer"] = wanted[key]


def check_saved(scene) -> None:
    response = SurveyResponse.objects.get(survey=scene.survey, organisation=scene.world.member_org)
    people = SurveyAnswer.objects.get(response=response, question=scene.people)
    assert (people.number, people.women) == (Decimal(1200), Decimal(700))
    assert people.by_ecosystem == {"tourism": "1000"} and people.by_country == {"BE": "1200"}
    assert SurveyAnswer.objects.get(response=response, question=scene.money).number == Decimal(
        "2500.50"
    )
    assert SurveyAnswer.objects.get(response=response, question=scene.choice).choice == "2"
    assert SurveyAnswer.objects.get(response=response, question=scene.text).text == "Guides trained"


def test_the_csv_template_round_trip_saves_and_submits_the_answers(scene, login):
    client = login(scene.world.member)
    download = client.get(template_url(scene, "csv"))
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert list(rows[0]) == imports.COLUMNS
    assert {r["part"] for r in rows if int(r["question_id"]) == scene.people.pk} >= {
        "",
        "women",
        "fewer_opportunities",
        "ecosystem:tourism",
        "country:BE",  # the organisation's own country is offered
    }
    choice_row = next(r for r in rows if int(r["question_id"]) == scene.choice.pk)
    assert choice_row["unit_or_options"] == "1 = Yes | 2 = No"
    fill(rows, scene)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=imports.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("survey.csv", out.getvalue().encode(), content_type="text/csv")
    checked = client.post(upload_url(scene), {"file": upload})
    assert checked.status_code == 302
    preview = client.get(checked["Location"])
    assert "7 answers ready to save" in preview.content.decode()
    confirmed = client.post(checked["Location"], {"action": "confirm", "submit": "1"})
    assert confirmed.status_code == 302
    check_saved(scene)
    response = SurveyResponse.objects.get(survey=scene.survey, organisation=scene.world.member_org)
    assert response.status == ResponseStatus.SUBMITTED
    # The template downloaded again holds the answers: the round trip closes.
    again = list(
        csv.DictReader(
            io.StringIO(client.get(template_url(scene, "csv")).content.decode("utf-8-sig"))
        )
    )
    assert (
        next(r for r in again if int(r["question_id"]) == scene.people.pk and not r["part"])[
            "answer"
        ]
        == "1200"
    )


def test_the_xlsx_template_round_trip_saves_the_answers(scene, login):
    client = login(scene.world.contributor)
    workbook = load_workbook(io.BytesIO(client.get(template_url(scene, "xlsx")).content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == imports.COLUMNS
    rows = [
        dict(zip(header, (c.value if c.value is not None else "" for c in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
    ]
    fill(rows, scene)
    filled = Workbook()
    out_sheet = filled.active
    out_sheet.append(header)
    for row in rows:
        out_sheet.append([row[c] for c in header])
    content = io.BytesIO()
    filled.save(content)
    upload = SimpleUploadedFile("survey.xlsx", content.getvalue())
    checked = client.post(upload_url(scene), {"file": upload})
    assert checked.status_code == 302
    assert client.post(checked["Location"], {"action": "confirm"}).status_code == 302
    check_saved(scene)
    assert (
        SurveyResponse.objects.get(organisation=scene.world.member_org).status
        == ResponseStatus.DRAFT
    )


def _upload(client, scene, text: str, name: str = "survey.csv"):
    return client.post(upload_url(scene), {"file": SimpleUploadedFile(name, text.encode())})


def test_every_bad_line_is_named_with_its_column_and_nothing_is_saved(scene, login):
    client = login(scene.world.member)
    p = scene.people.pk
    text = (
        "question_id,part,answer\n"
        f"{p},,12.5\n"  # line 2: not a whole number
        f"{p},women,20\n"  # line 3: more than the total
        f"{p},sheep,4\n"  # line 4: no such part
        "99999,,4\n"  # line 5: no such question
        f"{scene.money.pk},,lots\n"  # line 6: not a number
        f"{scene.choice.pk},,Maybe\n"  # line 7: not an option
        f"{p},women,3\n"  # line 8: twice
    )
    checked = _upload(client, scene, text)
    assert checked.status_code == 302
    found = SurveyImport.objects.get()
    problems = {(e["line"], e["column"]) for e in found.errors}
    assert {
        (2, "answer"),
        (4, "part"),
        (5, "question_id"),
        (6, "answer"),
        (7, "answer"),
        (8, "part"),
    } <= problems
    messages = " ".join(e["message"] for e in found.errors)
    assert "Counts of people or things must be whole numbers." in messages
    assert "“Maybe” is not one of the options (1 = Yes | 2 = No)." in messages
    page = client.get(checked["Location"]).content.decode()
    assert "nothing can be saved until the file is corrected" in page
    refused = client.post(checked["Location"], {"action": "confirm"})
    assert refused.status_code == 409
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("survey.pdf", "x", "Upload a .csv or .xlsx file."),
        ("survey.xlsx", "not a zip", "This is not an XLSX workbook."),
        ("survey.csv", "question_id,part\n1,\n", "missing: answer"),
        ("survey.csv", "question_id,answer\n" + "1,2\n" * 5001, "At most 5000 rows"),
    ],
)
def test_files_are_checked_with_the_report_imports_limits(scene, login, name, content, message):
    answer = _upload(login(scene.world.member), scene, content, name)
    assert answer.status_code == 400
    assert message in answer.content.decode()


def test_a_file_too_large_is_refused(scene, login, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    answer = _upload(login(scene.world.member), scene, "question_id,answer\n1,22222\n")
    assert "The file is larger than 2 MB." in answer.content.decode()


def test_a_save_between_upload_and_confirmation_is_a_conflict_not_an_overwrite(scene, login):
    client = login(scene.world.member)
    checked = _upload(client, scene, f"question_id,answer\n{scene.people.pk},10\n")
    services.save_answers(
        survey=scene.survey,
        organisation=scene.world.member_org,
        actor=scene.world.contributor,
        lock_version=0,
        answers={scene.people.pk: services.AnswerInput(number=Decimal(99))},
    )
    refused = client.post(checked["Location"], {"action": "confirm"})
    assert refused.status_code == 409
    assert SurveyAnswer.objects.get(question=scene.people).number == Decimal(99)


def test_an_outsider_can_neither_download_nor_upload(scene, login):
    client = login(scene.world.outsider)
    assert client.get(template_url(scene, "csv")).status_code == 404
    assert client.get(upload_url(scene)).status_code == 404

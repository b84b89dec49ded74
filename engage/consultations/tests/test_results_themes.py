"""Working on the themes of free-text answers: rename, merge, split, code answers by hand."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from engage.consultations.models import QuestionKind, Theme, ThemeCode
from engage.consultations.tests.result_fixture import build_consultation, themes_for

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def consultation(office):
    consultation = build_consultation(office)
    themes_for(consultation)
    return consultation


@pytest.fixture
def question(consultation):
    return consultation.questions.get(kind=QuestionKind.TEXT)


def _theme(label):
    return Theme.objects.get(label=label)


def test_themes_page_lists_keywords_counts_and_quotes(client, analyst, consultation, question):
    client.force_login(analyst)
    url = reverse("consultations:themes", args=[consultation.pk, question.pk])
    page = _text(client.get(url).content.decode())
    assert "Police visibility police, see 10" in page
    assert "“We never see a police officer in our village any more.”" in page
    assert "Speeding speeding, a46 5" in page
    # 20 people answered; 5 of them (the formula) are in no theme.
    assert "20 people answered; 5 of the answers are in no theme." in page


def test_rename_a_theme(client, analyst, consultation, question):
    client.force_login(analyst)
    theme = _theme("Speeding")
    url = reverse("consultations:theme_edit", args=[consultation.pk, theme.pk])
    assert 'value="Speeding"' in client.get(url).content.decode()
    response = client.post(url, {"label": "  Speeding on rural roads "}, follow=True)
    theme.refresh_from_db()
    assert (theme.label, theme.kept) == ("Speeding on rural roads", True)
    assert "“Speeding” is now called “Speeding on rural roads”." in _text(response.content.decode())


def test_rename_to_nothing_says_what_to_fix(client, analyst, consultation):
    client.force_login(analyst)
    theme = _theme("Speeding")
    url = reverse("consultations:theme_edit", args=[consultation.pk, theme.pk])
    response = client.post(url, {"label": "   "})
    assert response.status_code == 400
    assert "Enter a name for the theme" in response.content.decode()
    assert _theme("Speeding").kept is False


def test_merge_themes(client, analyst, consultation, question):
    client.force_login(analyst)
    visible, speeding = _theme("Police visibility"), _theme("Speeding")
    url = reverse("consultations:theme_merge", args=[consultation.pk, question.pk])
    response = client.post(
        url, {"themes": [visible.pk, speeding.pk], "into": visible.pk}, follow=True
    )
    assert "Merged 2 themes into “Police visibility”." in _text(response.content.decode())
    assert list(question.themes.values_list("label", flat=True)) == ["Police visibility"]
    assert ThemeCode.objects.filter(theme=visible).count() == 15


def test_merge_needs_two_themes_and_keeps_the_choice(client, analyst, consultation, question):
    client.force_login(analyst)
    visible = _theme("Police visibility")
    url = reverse("consultations:theme_merge", args=[consultation.pk, question.pk])
    response = client.post(url, {"themes": [visible.pk], "into": visible.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select at least two themes to merge" in html
    assert re.search(rf'value="{visible.pk}"[^>]*checked', html)
    assert question.themes.count() == 2


def test_merge_into_a_theme_not_selected_is_refused(client, analyst, consultation, question):
    client.force_login(analyst)
    visible, speeding = _theme("Police visibility"), _theme("Speeding")
    extra = Theme.objects.create(question=question, label="Other", position=3)
    url = reverse("consultations:theme_merge", args=[consultation.pk, question.pk])
    response = client.post(url, {"themes": [visible.pk, speeding.pk], "into": extra.pk})
    assert response.status_code == 400
    assert "Choose one of the themes you selected to merge" in response.content.decode()


def test_split_a_theme_in_two(client, analyst, consultation, question):
    client.force_login(analyst)
    visible = _theme("Police visibility")
    url = reverse("consultations:theme_split", args=[consultation.pk, visible.pk])
    response = client.post(url, {"parts": "2"}, follow=True)
    assert "Split “Police visibility” into" in _text(response.content.decode())
    labels = list(question.themes.values_list("label", flat=True))
    assert len(labels) == 3 and "Police visibility" not in labels
    assert ThemeCode.objects.filter(theme__question=question).count() == 15


def test_a_theme_too_small_to_split_says_so(client, analyst, consultation, question):
    client.force_login(analyst)
    lone = Theme.objects.create(question=question, label="Lone", position=3)
    url = reverse("consultations:theme_split", args=[consultation.pk, lone.pk])
    response = client.post(url, {"parts": "2"}, follow=True)
    assert "too few or too alike to split" in response.content.decode()
    assert question.themes.filter(label="Lone").exists()


def test_answers_filtered_by_theme_and_not_coded(client, analyst, consultation, question):
    client.force_login(analyst)
    url = reverse("consultations:answers", args=[consultation.pk, question.pk])
    assert "20 answers" in _text(client.get(url).content.decode())
    page = _text(client.get(url, {"theme": _theme("Speeding").pk}).content.decode())
    assert "5 answers" in page and "Speeding on the A46" in page
    assert "village" not in page
    page = _text(client.get(url, {"theme": "none"}).content.decode())
    assert "5 answers" in page and "HYPERLINK" in page


def test_code_an_answer_by_hand(client, analyst, consultation, question):
    client.force_login(analyst)
    formula = next(
        r
        for r in consultation.responses.filter(submitted_at__isnull=False)
        if "HYPERLINK" in r.answers.get(question.key, "")
    )
    speeding = _theme("Speeding")
    back = reverse("consultations:answers", args=[consultation.pk, question.pk]) + "?theme=none"
    url = reverse("consultations:answer_code", args=[consultation.pk, question.pk, formula.pk])
    response = client.post(
        url, {f"r{formula.pk}-themes": [speeding.pk], f"r{formula.pk}-next": back}
    )
    assert response["Location"] == f"{back}#answer-{formula.pk}"
    code = ThemeCode.objects.get(response=formula)
    assert (code.theme, code.manual, code.coded_by) == (speeding, True, analyst)
    # Unticking every theme leaves it in none.
    client.post(url, {f"r{formula.pk}-next": back})
    assert not ThemeCode.objects.filter(response=formula).exists()


def test_coding_never_redirects_off_site(client, analyst, consultation, question):
    client.force_login(analyst)
    response = consultation.responses.filter(submitted_at__isnull=False).first()
    url = reverse("consultations:answer_code", args=[consultation.pk, question.pk, response.pk])
    answer = client.post(url, {f"r{response.pk}-next": "https://evil.example/"})
    assert answer["Location"].startswith(
        reverse("consultations:answers", args=[consultation.pk, question.pk])
    )


def test_themes_of_a_choice_question_are_not_found(client, analyst, consultation):
    client.force_login(analyst)
    choice = consultation.questions.get(kind=QuestionKind.PRECEPT)
    url = reverse("consultations:themes", args=[consultation.pk, choice.pk])
    assert client.get(url).status_code == 404


def test_themes_are_for_analysts(client, commissioner, consultation, question):
    client.force_login(commissioner)
    url = reverse("consultations:themes", args=[consultation.pk, question.pk])
    assert client.get(url).status_code == 403

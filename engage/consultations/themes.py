"""Themes of the free-text answers to a question: found by clustering, then shaped by analysts.

Finding them: the answers become TF-IDF vectors (English stop words and a few words every answer
uses), clustered by MiniBatchKMeans with a fixed seed; the number of themes (3 to 8) is the one
with the best silhouette on a fixed sample of the answers, so the same answers always give the
same themes. A theme is named after its top keywords ("Patrols, visibility, officers"), keeps
its top 8 keywords, and quotes the answers that best match them.

Shaping them: an analyst renames, merges and splits themes and codes answers by hand. A theme an
analyst has touched is `kept`, and its codes become manual: the analyst has accepted which
answers it holds. Recomputing replaces only the themes nobody touched and their automatic codes,
and clusters only the answers no analyst has coded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from engage.accounts.models import User
from engage.consultations.models import Question, QuestionKind, Response, Theme, ThemeCode

SEED = 2026
THEME_RANGE = range(3, 9)
SAMPLE = 1000  # answers the number of themes is chosen on
MIN_ANSWERS = 6  # fewer answers than this are read, not clustered
KEYWORDS = 8
QUOTES = 3
QUOTE_LENGTH = 300
# Words nearly every answer to a consultation uses, which would otherwise name every theme.
DOMAIN_STOP_WORDS = {
    "think",
    "really",
    "just",
    "like",
    "feel",
    "im",
    "dont",
    "don",
    "didn",
    "doesn",
    "isn",
    "ve",
    "ll",
    "lot",
    "lots",
    "get",
    "got",
    "make",
    "also",
    "want",
    "need",
    "needs",
    "would",
    "could",
    "should",
    "things",
    "thing",
    "way",
    "people",
    "yes",
    "no",
    "ok",
}
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | DOMAIN_STOP_WORDS)
TOKEN = re.compile(r"(?u)\b\w\w+\b")


def vectoriser(n_answers: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        stop_words=STOP_WORDS,
        token_pattern=TOKEN.pattern,
        lowercase=True,
        min_df=2 if n_answers >= 50 else 1,
        max_df=0.9 if n_answers >= 50 else 1.0,
        max_features=20_000,
        sublinear_tf=True,
        dtype=np.float32,
    )


def choose_k(matrix, *, seed: int = SEED) -> int:  # type: ignore[no-untyped-def]
    """The number of themes, 3 to 8, with the best silhouette on a fixed sample of answers."""
    rows = matrix.shape[0]
    sample = np.random.default_rng(seed).choice(rows, size=min(SAMPLE, rows), replace=False)
    sample.sort()
    part = matrix[sample]
    best_k, best_score = THEME_RANGE.start, -2.0
    for k in THEME_RANGE:
        if k >= part.shape[0]:
            break
        labels = MiniBatchKMeans(
            n_clusters=k, random_state=seed, n_init=1, batch_size=1024
        ).fit_predict(part)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(part, labels, metric="cosine", random_state=seed))
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def label_from(keywords: Sequence[str]) -> str:
    """ "Patrols, visibility, officers" from the top keywords."""
    words = list(keywords[:3])
    if not words:
        return _("Other")
    return ", ".join([words[0].capitalize(), *words[1:]])[:120]


def shorten(text: str, limit: int = QUOTE_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def cluster_texts(
    texts: Sequence[str], *, k: int | None = None, seed: int = SEED
) -> tuple[np.ndarray, list[list[str]]]:
    """(each text's cluster, -1 when it has no words that count; each cluster's keywords)."""
    found = _cluster(texts, k=k, seed=seed)
    return found.labels, found.keywords


class _Clustered:
    """What clustering found, with the TF-IDF matrix kept for choosing quotes without
    reading every answer again."""

    def __init__(
        self,
        labels: np.ndarray,
        keywords: list[list[str]],
        matrix=None,  # type: ignore[no-untyped-def]
        vocabulary: dict[str, int] | None = None,
    ) -> None:
        self.labels = labels
        self.keywords = keywords
        self.matrix = matrix
        self.vocabulary = vocabulary or {}


def _cluster(texts: Sequence[str], *, k: int | None = None, seed: int = SEED) -> _Clustered:
    labels = np.full(len(texts), -1)
    if len(texts) < max(MIN_ANSWERS, (k or 0)):
        return _Clustered(labels, [])
    tfidf = vectoriser(len(texts))
    try:
        matrix = tfidf.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return _Clustered(labels, [])
    has_words = np.asarray(matrix.getnnz(axis=1) > 0)
    rows = matrix[has_words]
    if rows.shape[0] < max(MIN_ANSWERS, (k or 0)):
        return _Clustered(labels, [])
    with threadpool_limits(1):
        k = k or choose_k(rows, seed=seed)
        k = min(k, rows.shape[0])
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
        found = model.fit_predict(rows)
    terms = tfidf.get_feature_names_out()
    keywords = [
        [str(terms[i]) for i in np.argsort(-centre, kind="stable")[:KEYWORDS] if centre[i] > 0]
        for centre in model.cluster_centers_
    ]
    labels[has_words] = found
    return _Clustered(labels, keywords, matrix.tocsr(), dict(tfidf.vocabulary_))


def question_texts(question: Question) -> dict[int, str]:
    """The submitted answers to a free-text question, by response pk."""
    key = question.key
    out = {}
    rows = (
        Response.objects.filter(consultation_id=question.consultation_id)
        .submitted()
        .values_list("pk", "answers")
    )
    for pk, answers in rows:
        value = (answers or {}).get(key)
        if isinstance(value, str) and value.strip():
            out[pk] = value
    return out


def _manually_coded(question: Question) -> set[int]:
    return set(
        ThemeCode.objects.filter(theme__question=question, manual=True).values_list(
            "response_id", flat=True
        )
    )


@transaction.atomic
def recompute_themes(
    question: Question, *, seed: int = SEED, texts: dict[int, str] | None = None
) -> list[Theme]:
    """Find the themes of a free-text question's answers again.

    Deletes the themes no analyst kept and every automatic code; keeps kept themes and manual
    codes; clusters the answers with no manual code into new themes (after the kept ones).
    Returns the new themes. `texts` (response pk → answer) saves reading the answers again.
    """
    return _recompute(question, seed=seed, texts=texts)[0]


@transaction.atomic
def recompute_and_summarise(
    question: Question, *, seed: int = SEED, texts: dict[int, str] | None = None
) -> list[dict]:
    """recompute_themes, then theme_summary, reusing what clustering found (the answers of the
    new themes and their TF-IDF vectors) rather than reading and vectorising them again."""
    texts = question_texts(question) if texts is None else texts
    _themes, known, scorer = _recompute(question, seed=seed, texts=texts)
    return theme_summary(question, texts, known=known, scorer=scorer)


def _recompute(
    question: Question, *, seed: int, texts: dict[int, str] | None
) -> tuple[list[Theme], dict[int, list[int]], _Scorer | None]:
    if question.kind != QuestionKind.TEXT:
        raise ValidationError(_("Only free-text questions have themes."))
    texts = question_texts(question) if texts is None else texts
    ThemeCode.objects.filter(theme__question=question, manual=False).delete()
    Theme.objects.filter(question=question, kept=False).delete()
    coded = _manually_coded(question)
    # In the order of the answers' text, not of their arrival: the same answers give the same
    # themes however they came in (MiniBatchKMeans depends on the order of its rows).
    todo = sorted((pk for pk in texts if pk not in coded), key=lambda pk: (texts[pk], pk))
    found = _cluster([texts[pk] for pk in todo], seed=seed)
    labels, keywords = found.labels, found.keywords
    if not keywords:
        return [], {}, None
    sizes = np.bincount(labels[labels >= 0], minlength=len(keywords))
    order = [c for c in np.argsort(-sizes, kind="stable") if sizes[c] > 0]
    start = (
        Theme.objects.filter(question=question)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    themes = Theme.objects.bulk_create(
        Theme(
            question=question,
            label=label_from(keywords[c]),
            keywords=keywords[c],
            position=start + i,
        )
        for i, c in enumerate(order)
    )
    theme_of = {int(c): theme.pk for c, theme in zip(order, themes, strict=True)}
    todo_array = np.asarray(todo, dtype=np.int64)
    known = {theme_of[int(c)]: todo_array[labels == c].tolist() for c in order}
    _insert_codes([(t, r) for t, members in known.items() for r in members])
    scorer = _Scorer(todo_array, found.matrix, found.vocabulary)
    return themes, known, scorer


def _insert_codes(pairs: list[tuple[int, int]]) -> None:
    """Automatic codes (theme pk, response pk) in plain INSERTs of many rows each: a
    consultation can have a hundred thousand answers, and building a model instance for each
    costs more than the clustering (and one statement per row several times more than this)."""
    table = connection.ops.quote_name(ThemeCode._meta.db_table)
    limit = connection.features.max_query_params or 999
    size = max(1, min(500, limit // 2))
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), size):
            chunk = pairs[start : start + size]
            values = ", ".join(["(%s, %s, FALSE)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (theme_id, response_id, manual) VALUES {values}",  # noqa: S608
                [x for pair in chunk for x in pair],
            )


# -- what analysts do ---------------------------------------------------------------------------


def _keep(theme: Theme, by: User | None) -> None:
    """An analyst has accepted this theme: it and the answers in it survive recomputing."""
    theme.kept = True
    theme.save(update_fields=["kept", "label", "keywords"])
    ThemeCode.objects.filter(theme=theme, manual=False).update(manual=True, coded_by=by)


@transaction.atomic
def rename_theme(theme: Theme, label: str, *, by: User | None) -> Theme:
    """Give a theme a name of the analyst's; the theme and its answers are then kept."""
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(_("Enter a name for the theme."))
    if len(label) > 120:
        raise ValidationError(_("The name must be 120 characters or fewer."))
    theme.label = label
    _keep(theme, by)
    return theme


@transaction.atomic
def merge_themes(into: Theme, others: Iterable[Theme], *, by: User | None) -> Theme:
    """Move the answers of `others` into `into` and delete them; `into` is kept.

    An answer already in `into` is not counted twice. Keywords: into's, then the others' new ones.
    """
    others = [t for t in others if t.pk != into.pk]
    if not others:
        raise ValidationError(_("Choose at least one other theme to merge into this one."))
    if any(t.question_id != into.question_id for t in others):
        raise ValidationError(_("Only themes of the same question can be merged."))
    other_ids = [t.pk for t in others]
    already = set(ThemeCode.objects.filter(theme=into).values_list("response_id", flat=True))
    moving = ThemeCode.objects.filter(theme_id__in=other_ids).exclude(response_id__in=already)
    seen: set[int] = set()
    keep_ids = []
    for code_id, response_id in moving.order_by("pk").values_list("pk", "response_id"):
        if response_id not in seen:
            seen.add(response_id)
            keep_ids.append(code_id)
    ThemeCode.objects.filter(pk__in=keep_ids).update(theme=into)
    keywords = list(into.keywords)
    for theme in others:
        keywords += [k for k in theme.keywords if k not in keywords]
    into.keywords = keywords[:KEYWORDS]
    Theme.objects.filter(pk__in=other_ids).delete()
    _keep(into, by)
    return into


@transaction.atomic
def split_theme(theme: Theme, *, by: User | None, parts: int = 2, seed: int = SEED) -> list[Theme]:
    """Cluster a theme's answers into `parts` new kept themes named by their keywords."""
    if not 2 <= parts <= 8:
        raise ValidationError(_("A theme can be split into 2 to 8 themes."))
    texts = question_texts(theme.question)
    codes = list(ThemeCode.objects.filter(theme=theme).order_by("response_id"))
    answers = [(c, texts[c.response_id]) for c in codes if c.response_id in texts]
    labels, keywords = cluster_texts([t for _c, t in answers], k=parts, seed=seed)
    if len(keywords) < parts or len(set(labels[labels >= 0])) < parts:
        raise ValidationError(
            _("This theme's %(n)s answers are too few or too alike to split into %(parts)s.")
            % {"n": len(answers), "parts": parts}
        )
    Theme.objects.filter(question=theme.question, position__gt=theme.position).update(
        position=F("position") + parts
    )
    new = Theme.objects.bulk_create(
        Theme(
            question=theme.question,
            label=label_from(keywords[p]),
            keywords=keywords[p],
            kept=True,
            position=theme.position + 1 + p,
        )
        for p in range(parts)
    )
    ThemeCode.objects.bulk_create(
        ThemeCode(theme=new[int(label)], response_id=code.response_id, manual=True, coded_by=by)
        for (code, _text), label in zip(answers, labels, strict=True)
        if label >= 0
    )
    # Answers with no words that count (or no longer answered) stay with the first part.
    placed = {
        code.response_id for (code, _t), label in zip(answers, labels, strict=True) if label >= 0
    }
    ThemeCode.objects.bulk_create(
        ThemeCode(theme=new[0], response_id=c.response_id, manual=True, coded_by=by)
        for c in codes
        if c.response_id not in placed
    )
    theme.delete()
    return new


@transaction.atomic
def code_answer(
    response: Response, question: Question, themes: Iterable[Theme], *, by: User | None
) -> list[ThemeCode]:
    """Place one answer in exactly these themes of its question, by hand (none: in no theme).

    Its earlier codes for this question are replaced; the themes it is placed in are kept.
    """
    themes = list(themes)
    if response.consultation_id != question.consultation_id:
        raise ValidationError(_("This response is not to this consultation."))
    if any(t.question_id != question.pk for t in themes):
        raise ValidationError(_("Choose themes of this question."))
    ThemeCode.objects.filter(response=response, theme__question=question).delete()
    codes = ThemeCode.objects.bulk_create(
        ThemeCode(theme=t, response=response, manual=True, coded_by=by)
        for t in {t.pk: t for t in themes}.values()
    )
    for theme in themes:
        if not theme.kept:
            _keep(theme, by)
    return codes


class _Scorer:
    """Scores answers against a theme's keywords from their TF-IDF vectors: a keyword is in an
    answer exactly when its column is non-zero (same tokens, lower-cased, as TOKEN finds)."""

    def __init__(self, pks: np.ndarray, matrix, vocabulary: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
        self.pks = pks  # sorted response pks of the matrix's rows
        self.matrix = matrix
        self.vocabulary = vocabulary

    def scores(self, keywords: Sequence[str], members: Sequence[int]) -> np.ndarray | None:
        """Each member's score, or None when some keyword or member is not in the matrix."""
        if any(k not in self.vocabulary for k in keywords) or not len(members):
            return None
        wanted = np.asarray(members, dtype=np.int64)
        rows = np.searchsorted(self.pks, wanted)
        if (rows >= len(self.pks)).any() or (
            self.pks[np.minimum(rows, len(self.pks) - 1)] != wanted
        ).any():
            return None
        weight = np.zeros(self.matrix.shape[1])
        for i, k in enumerate(keywords):
            weight[self.vocabulary[k]] = KEYWORDS - i
        part = self.matrix[rows]
        part.data = (part.data > 0).astype(np.float64)
        return np.asarray(part @ weight).ravel()


def _quotes(
    keywords: Sequence[str], answers: Sequence[tuple[int, str]], scores: np.ndarray | None = None
) -> list[str]:
    """The answers that best match a theme's keywords (its centroid's top terms), shortened."""
    if scores is None:
        weight = {k: KEYWORDS - i for i, k in enumerate(keywords)}
        scores = np.array(
            [
                sum(weight.get(w, 0) for w in set(TOKEN.findall(text.lower())))
                for _pk, text in answers
            ],
            dtype=np.float64,
        )
    if not len(answers):
        return []
    pks = np.array([pk for pk, _t in answers], dtype=np.int64)
    lengths = np.array([abs(len(text) - 160) for _pk, text in answers], dtype=np.int64)
    # Best score first; among equals, an answer of a readable length first.
    order = np.lexsort((pks, lengths, -np.asarray(scores)))
    quotes: list[str] = []
    for i in order:
        quote = shorten(answers[i][1])
        if quote not in quotes:
            quotes.append(quote)
        if len(quotes) == QUOTES:
            break
    return quotes


def theme_summary(
    question: Question,
    texts: dict[int, str] | None = None,
    *,
    known: dict[int, list[int]] | None = None,
    scorer: _Scorer | None = None,
) -> list[dict]:
    """The themes of a question as the analysis result shows them (see analysis.py).

    `known`: the members (sorted response pks) of themes just found, which need not be read.
    """
    texts = question_texts(question) if texts is None else texts
    known = known or {}
    themes = list(Theme.objects.filter(question=question).order_by("position", "pk"))
    members: dict[int, list[int]] = {t.pk: [] for t in themes}
    for theme_id, response_id in (
        ThemeCode.objects.filter(theme__question=question)
        .exclude(theme_id__in=list(known))
        .values_list("theme_id", "response_id")
    ):
        if response_id in texts:
            members[theme_id].append(response_id)
    for theme_id, pks in known.items():
        members[theme_id] = [pk for pk in pks if pk in texts]
    base = len(texts)
    out = []
    for theme in themes:
        pks = sorted(members[theme.pk])
        answers = [(pk, texts[pk]) for pk in pks]
        scores = scorer.scores(theme.keywords, pks) if scorer is not None else None
        out.append(
            {
                "id": theme.pk,
                "label": theme.label,
                "keywords": list(theme.keywords),
                "n": len(answers),
                "pct": 100 * len(answers) / base if base else 0.0,
                "quotes": _quotes(theme.keywords, answers, scores),
                "kept": theme.kept,
            }
        )
    return out

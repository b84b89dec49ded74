"""A whole set of answers to the demo's precept consultation, for the benches that post them."""

from __future__ import annotations

from typing import Any


def full_answers(c: Any) -> dict[str, object]:
    q = {x.kind: x for x in c.questions.prefetch_related("options", "statements")}
    o = {k: [opt.pk for opt in v.options.all()] for k, v in q.items()}
    s = [st.pk for st in q["statements"].statements.all()]
    return {
        q["precept"].key: o["precept"][1],
        q["number"].key: 3,
        q["single"].key: o["single"][1],
        q["multiple"].key: [o["multiple"][0], o["multiple"][2]],
        q["ranking"].key: [o["ranking"][1], o["ranking"][0]],
        q["scale"].key: 4,
        q["text"].key: "More patrols on Abbey Street on Friday nights, please.",
        q["statements"].key: {str(s[0]): 1, str(s[1]): -1, str(s[2]): 0},
    }

"""Offline Indonesian-vs-English detection by stop-word score.

News text in either language is full of function words ("yang", "dan", "di" / "the", "of", "and")
that the other language almost never uses, so counting them is enough to tell the two editions
apart, with no model and no network. Names, numbers and loanwords count for neither side.
"""

from __future__ import annotations

import re

LANGUAGES = ("id", "en")

STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(
        """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh atau
        karena ada mereka sudah telah bisa dapat kata sebagai saat bahwa para tersebut lebih hanya
        ia dia kami kita saya namun tetapi setelah sejak belum masih secara serta seperti hingga
        menjadi antara tahun sekitar bagi agar jika ketika sedang maupun sementara kepada tak
        kemudian lalu pun nya sangat banyak beberapa semua orang anak tanya ujar menurut""".split()
    ),
    "en": frozenset(
        """the and of to in is was for that on with by at from as it he she they have has had were
        are be been which who whom their this these those an or not but said its his her our we
        you would will could should there about after into over than when while where because
        what how also more most some such only other out up been being do does did""".split()
    ),
}

_WORD = re.compile(r"[^\W\d_]+")


def language_scores(text: str) -> dict[str, int]:
    """How many words of ``text`` are stop words of each language."""
    scores = dict.fromkeys(LANGUAGES, 0)
    for word in _WORD.findall(text.lower()):
        for lang in LANGUAGES:
            if word in STOPWORDS[lang]:
                scores[lang] += 1
    return scores


def detect_language(text: str, default: str = "id") -> str:
    """``"id"`` or ``"en"``: the language whose stop words are more frequent (``default`` on a tie)."""
    scores = language_scores(text)
    best = max(scores.values())
    winners = [lang for lang, score in scores.items() if score == best]
    return default if len(winners) != 1 else winners[0]


NAMES = {"id": "Indonesian", "en": "English"}


def clear_language(text: str) -> str | None:
    """The language of ``text`` when its stop words leave no doubt (twice the other's, at least 5)."""
    scores = language_scores(text)
    (best, top), (_, second) = sorted(scores.items(), key=lambda kv: -kv[1])[:2]
    return best if top >= 5 and top >= 2 * second else None

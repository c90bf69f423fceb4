"""Write src/locnews/data/casing/{id,en}.txt: the words the training corpora write in lower case.

    python training/build_casing.py [CORPORA_DIR]   (default: ../shared/corpora)

Training splits only (bppt.train and extra/), never dev or test. See locnews/casing.py for how the
lists are used (sentence-casing Title Case headlines before MT).
"""

from __future__ import annotations

import sys
from pathlib import Path

from locnews.text.casing import CASING_DIR, common_word_list
from locnews.fileio import atomic_write_text

FILES = ["bppt/bppt.train", "extra/news.valid", "extra/general.valid", "extra/general.test",
         "extra/religious.valid", "extra/religious.test"]


def main() -> None:
    corpora = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    for lang in ("id", "en"):
        lines: list[str] = []
        for f in FILES:
            lines += (corpora / f"{f}.{lang}").read_text(encoding="utf-8").splitlines()
        words = common_word_list(lines)
        header = (f"# Words the locnews training corpora ({', '.join(FILES)}; {len(lines)} lines) write in lower case\n"
                  "# more often than capitalised in mid-sentence: a Title Case headline has them lower-cased for\n"
                  "# the model (locnews/casing.py). Built by training/build_casing.py; one word a line.\n")
        atomic_write_text(CASING_DIR / f"{lang}.txt", header + "\n".join(words) + "\n")
        print(f"{lang}: {len(words)} words from {len(lines)} lines")


if __name__ == "__main__":
    main()

"""Back-translate the monolingual corpora with the bundled model (synthetic pairs for training).

For each monolingual file ``X.<lang>`` writes ``<out>/X.<lang>`` (the real sentences, cleaned and
de-duplicated) and ``<out>/X.<other>`` (the model's translation, line by line). The trainer uses
such a pair only in the direction synthetic → real, with a ``<bt>`` tag on the synthetic source
(``--back-translated``), so the model can tell synthetic input from real input.

Resumable: translations are appended in chunks; a rerun continues after the last complete chunk.

    python training/backtranslate.py ../shared/corpora/mono/*.id ../shared/corpora/mono/*.en -o runs/bt
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "src" / "locnews" / "data" / "models"
OTHER = {"id": "en", "en": "id"}


def load(package: Path, tmp: Path, threads: int):
    """The bidirectional model of ``package`` (either direction is chosen by its ``<2xx>`` prefix)."""
    import ctranslate2
    import sentencepiece as spm

    zf = zipfile.ZipFile(package)
    top = zf.namelist()[0].split("/")[0]
    mdir = tmp / "model"
    for name in zf.namelist():
        if name.startswith(f"{top}/model/") and not name.endswith("/"):
            out = mdir / Path(name).name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(zf.read(name))
    sp = spm.SentencePieceProcessor(model_proto=zf.read(f"{top}/sentencepiece.model"))
    tr = ctranslate2.Translator(str(mdir), device="cpu", compute_type="int8", intra_threads=threads)
    return tr, sp


def clean(lines: list[str], max_words: int = 60) -> list[str]:
    seen, out = set(), []
    for line in lines:
        s = " ".join(line.split())
        if not s or s in seen or not (3 <= len(s.split()) <= max_words):
            continue
        seen.add(s)
        out.append(s)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--beam", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=512)
    ap.add_argument("--package", default=str(MODELS / "translate-id_en.argosmodel"),
                    help="the model to back-translate with (this session used the package of git revision 8d590f9)")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    tr, sp = load(Path(a.package), tmp, a.threads)
    for f in map(Path, a.files):
        lang = f.suffix[1:]
        tgt = OTHER[lang]
        real = clean(f.read_text(encoding="utf-8").splitlines())
        (out / f.name).write_text("\n".join(real) + "\n", encoding="utf-8")
        synth_path = out / (f.stem + "." + tgt)
        done = synth_path.read_text(encoding="utf-8").splitlines() if synth_path.exists() else []
        done = done[: len(done) // a.chunk * a.chunk] if len(done) < len(real) else done
        with open(synth_path, "w", encoding="utf-8") as fh:
            fh.write("".join(x + "\n" for x in done))
        t0 = time.time()
        for i in range(len(done), len(real), a.chunk):
            batch = real[i : i + a.chunk]
            toks = sp.encode(batch, out_type=str)
            res = tr.translate_batch(toks, target_prefix=[[f"<2{tgt}>"]] * len(toks), beam_size=a.beam,
                                     max_batch_size=64, max_decoding_length=200, repetition_penalty=1.2,
                                     no_repeat_ngram_size=4)
            hyps = [" ".join(sp.decode(r.hypotheses[0][1:]).split()) for r in res]
            with open(synth_path, "a", encoding="utf-8") as fh:
                fh.write("".join(h + "\n" for h in hyps))
            n = i + len(batch)
            rate = (n - len(done)) / (time.time() - t0)
            print(f"{f.name}: {n}/{len(real)} {rate:.1f} sent/s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env bash
# Fourth session's run: the bundled 8.4 M model grown to 8 encoder layers (function-preserving, see
# train.grow_state_dict) and trained on bppt + extra + more/ + back-translated mono/.
# Usage: training/run-grow.sh [extra train options]; resumes from runs/grow/checkpoint.pt when present.
set -euo pipefail
cd "$(dirname "$0")/.."
C=../shared/corpora; E=$C/extra; M=$C/more; B=runs/bt
W=runs/grow
mkdir -p $W
[ -f $W/sentencepiece.model ] || cp training/id-en-bidir/sentencepiece.model $W/
grow=()
[ -f $W/checkpoint.pt ] || grow=(--grow-from training/id-en-bidir/checkpoint.pt)
bt=()
if [ -f $B/leipzig-news-2008.en ] && [ "$(wc -l < $B/leipzig-news-2008.en)" = "$(wc -l < $B/leipzig-news-2008.id)" ]; then
  bt+=(--back-translated $B/leipzig-news-2008.en $B/leipzig-news-2008.id)
fi
if [ -f $B/onestopenglish.id ] && [ "$(wc -l < $B/onestopenglish.id)" = "$(wc -l < $B/onestopenglish.en)" ]; then
  bt+=(--back-translated $B/onestopenglish.id $B/onestopenglish.en 0.5)
fi
if [ -f $B/indonli-premises.en ] && [ "$(wc -l < $B/indonli-premises.en)" = "$(wc -l < $B/indonli-premises.id)" ]; then
  bt+=(--back-translated $B/indonli-premises.en $B/indonli-premises.id)
fi
if [ -f $B/indonli-hypotheses.en ] && [ "$(wc -l < $B/indonli-hypotheses.en)" = "$(wc -l < $B/indonli-hypotheses.id)" ]; then
  bt+=(--back-translated $B/indonli-hypotheses.en $B/indonli-hypotheses.id 0.3)
fi
exec .venv/bin/locnews models train --from id --to en \
  --train $C/bppt/bppt.train.id $C/bppt/bppt.train.en --train $E/news.valid.id $E/news.valid.en \
  --train $E/general.valid.id $E/general.valid.en --train $E/general.test.id $E/general.test.en \
  --train $E/religious.valid.id $E/religious.valid.en 0.3 --train $E/religious.test.id $E/religious.test.en 0.3 \
  --train $M/smeru.id $M/smeru.en --train $M/ausaid.id $M/ausaid.en --train $M/pud.id $M/pud.en \
  --train $M/tico19.id $M/tico19.en --train $M/tatoeba_anki.id $M/tatoeba_anki.en 0.3 \
  --train $M/talpco.id $M/talpco.en 0.3 --train $M/nusax.id $M/nusax.en 0.5 \
  --train $M/nusax_lexicon.id $M/nusax_lexicon.en \
  "${bt[@]}" "${grow[@]}" \
  --data-notes training/corpora.tsv --dev $C/bppt/bppt.dev.id $C/bppt/bppt.dev.en --enc-layers 8 --threads 2 --eval-every 200 --patience 12 \
  --mask-rate 0.5 --max-steps 11200 --cooldown-steps 600 --snapshots 4 \
  --workdir $W -o $W/out/translate-id_en.argosmodel "$@"

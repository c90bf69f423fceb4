#!/usr/bin/env bash
# Data/capacity ablation on bppt.dev at an equal step budget (issue 11). Every arm starts from the same
# weights — the 8.4 M model at step 10400 (training/id-en-bidir/checkpoint.pt, dev 45.42 / 48.75) —
# and trains the same 200 steps on the same schedule (the rate re-warms over 50 steps, holds at the
# inverse-sqrt value, 2.2e-4, and falls linearly to zero over the last 100); only the data or the
# size differ:
#   base    bppt.train + extra/ (what the 8.4 M model was trained on)
#   more    base + more/
#   bt      more + the tagged back-translations of mono/ (runs/bt, see training/backtranslate.py)
#   larger  bt, grown to 8 encoder layers (11.5 M; function-preserving, so it starts equal)
# Usage: training/ablation.sh [arm…]  (default: all four); results in runs/ablation/<arm>/train.log,
# summarised by benchmarks/ablation.py.
set -euo pipefail
cd "$(dirname "$0")/.."
C=../shared/corpora; E=$C/extra; M=$C/more; B=runs/bt
base=(--train $C/bppt/bppt.train.id $C/bppt/bppt.train.en --train $E/news.valid.id $E/news.valid.en
  --train $E/general.valid.id $E/general.valid.en --train $E/general.test.id $E/general.test.en
  --train $E/religious.valid.id $E/religious.valid.en 0.3 --train $E/religious.test.id $E/religious.test.en 0.3)
more=(--train $M/smeru.id $M/smeru.en --train $M/ausaid.id $M/ausaid.en --train $M/pud.id $M/pud.en
  --train $M/tico19.id $M/tico19.en --train $M/tatoeba_anki.id $M/tatoeba_anki.en 0.3
  --train $M/talpco.id $M/talpco.en 0.3 --train $M/nusax.id $M/nusax.en 0.5
  --train $M/nusax_lexicon.id $M/nusax_lexicon.en)
bt=(--back-translated $B/leipzig-news-2008.en $B/leipzig-news-2008.id
  --back-translated $B/onestopenglish.id $B/onestopenglish.en 0.5
  --back-translated $B/indonli-premises.en $B/indonli-premises.id
  --back-translated $B/indonli-hypotheses.en $B/indonli-hypotheses.id 0.3)
arms=("$@"); [ ${#arms[@]} -gt 0 ] || arms=(base more bt larger)
for arm in "${arms[@]}"; do
  W=runs/ablation/$arm
  [ -f $W/out/done ] && continue
  rm -rf $W; mkdir -p $W
  cp training/id-en-bidir/sentencepiece.model $W/
  case $arm in
    base) data=("${base[@]}"); size=(--enc-layers 4) ;;
    more) data=("${base[@]}" "${more[@]}"); size=(--enc-layers 4) ;;
    bt) data=("${base[@]}" "${more[@]}" "${bt[@]}"); size=(--enc-layers 4) ;;
    larger) data=("${base[@]}" "${more[@]}" "${bt[@]}"); size=(--enc-layers 8) ;;
    *) echo "unknown arm $arm" >&2; exit 2 ;;
  esac
  .venv/bin/locnews models train --from id --to en "${data[@]}" "${size[@]}" \
    --grow-from training/id-en-bidir/checkpoint.pt --dev $C/bppt/bppt.dev.id $C/bppt/bppt.dev.en \
    --threads ${ABLATION_THREADS:-1} --eval-every 200 --mask-rate 0.5 --max-steps 10600 --cooldown-steps 100 \
    --rewarm-steps 50 --workdir $W -o $W/out/translate-id_en.argosmodel
  touch $W/out/done
done

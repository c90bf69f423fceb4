"""Train an id⇄en Transformer on the CPU and package it as an Argos Translate model.

Optional extra (``pip install '.[train]'``): torch and sacrebleu are imported here only.

Pipeline: parallel text → SentencePiece (one joint vocabulary) → a small pre-norm Transformer in
torch, laid out like OpenNMT-py so its weights map one to one onto CTranslate2's TransformerSpec →
int8 CTranslate2 model → ``.argosmodel`` zip (metadata.json, model/, sentencepiece.model, README.md).

One model serves both directions: the decoder is told the target language by a forced first token
(``<2en>`` / ``<2id>``), which Argos supports as the package's ``target_prefix``. On two CPU cores
that halves the training runs and lets each direction learn from the other's data (both
languages are seen as source and as target).

Training resumes from ``<workdir>/checkpoint.pt``, logs loss, tokens/s and dev chrF to
``<workdir>/train.log`` (JSON lines), keeps the best checkpoint on dev chrF and stops early.
"""


from locnews.train.card import BIDIRECTIONAL_WHY, model_card
from locnews.train.command import main
from locnews.train.config import (
           BOS,
           BT_TAG,
           EOS,
           LANG_NAMES,
           PAD,
           UNK,
           TrainConfig,
           prefix_token,
)
from locnews.train.data import (
           clean_pairs,
           encode_back_translated,
           encode_examples,
           make_batches,
           mask_pair,
           mask_pairs,
           read_parallel,
           train_sentencepiece,
)
from locnews.train.export import (
           chrf,
           ct2_translate,
           export_ctranslate2,
           mean_chrf,
           package,
)
from locnews.train.loop import (
           average_snapshots,
           compact_checkpoint,
           log,
           repackage,
           train,
           write_packages,
)
from locnews.train.model import build_model, grow_state_dict

__all__ = ["average_snapshots", "repackage", "BOS", "EOS", "PAD", "UNK", "log", "train_sentencepiece", "BT_TAG", "LANG_NAMES", "TrainConfig", "prefix_token", "clean_pairs", "encode_back_translated", "encode_examples", "make_batches",
           "mask_pair", "mask_pairs", "read_parallel", "build_model", "grow_state_dict", "chrf", "ct2_translate",
           "export_ctranslate2", "mean_chrf", "package", "BIDIRECTIONAL_WHY", "model_card", "compact_checkpoint",
           "train", "write_packages", "main"]

"""Argos Translate packages: discovery, verified install/remove, and a batched CTranslate2 engine.

Two stores, one format (the ``.argosmodel`` zip: ``metadata.json``, ``model/``, ``sentencepiece.model``):

* **bundled** packages ship inside locnews (``locnews/data/models/*.argosmodel``) and are read
  straight from the zip — CTranslate2 and SentencePiece both load from memory — so a fresh install
  translates at once and nothing is ever unpacked or downloaded;
* **installed** packages live under ``$LOCNEWS_DATA_DIR/packages`` (default
  ``~/.local/share/locnews/packages``), read with ``argostranslate.package``. An installed package
  for the same language pair wins over the bundled one.

Offline by construction: nothing here (nor the parts of argostranslate it calls) opens a socket, and
Argos's own sentence splitter — which downloads models — is never used: locnews feeds it segments.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from locnews.errors import LocnewsError
from locnews.paths import bundled_models_dir, user_data_dir

#: What Argos itself needs; ``type`` defaults to "translate" and ``target_prefix`` to none, as in
#: argostranslate.package (its own packages on argospm carry neither).
REQUIRED_METADATA = ("package_version", "from_code", "to_code")
# Install limits against zip bombs: Argos's largest packages unpack to a few hundred MB, in tens of
# files (model/, sentencepiece.model, stanza/), and model weights barely compress.
MAX_UNCOMPRESSED = 1024**3
MAX_MEMBERS = 2000
MAX_RATIO = 50  # uncompressed / compressed, for the archive and for any member over 1 MiB


@dataclass(frozen=True)
class ModelPackage:
    name: str  # the package folder name, e.g. "translate-id_en-1_0"
    from_code: str
    to_code: str
    version: str
    source: str  # "installed" or "bundled"
    path: Path  # installed: the package folder; bundled: the .argosmodel zip
    target_prefix: str = ""
    description: str = ""
    metadata: dict = field(default_factory=dict, compare=False, hash=False)
    folder: str = ""  # bundled: the archive's top folder (another package's, for a reverse direction)

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def packages_dir() -> Path:
    return user_data_dir() / "packages"


# ---------------------------------------------------------------------------------------------
# archive verification (shared by bundled loading and `install`)


def _zip_top(zf: zipfile.ZipFile, origin: Path) -> str:
    """Check every member stays inside one top-level folder; return that folder's name."""
    tops = set()
    total = packed = 0
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise LocnewsError(f"archive has {len(members)} members (a package has tens; limit {MAX_MEMBERS}); refusing",
                           origin)
    for info in members:
        name = info.filename
        pure = PurePosixPath(name)
        if name.startswith(("/", "\\")) or ".." in pure.parts or "\\" in name or ":" in pure.parts[0]:
            raise LocnewsError(f"unsafe path in archive: {name!r} (escapes the package folder)", origin)
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise LocnewsError(f"symbolic link in archive: {name!r}", origin)
        tops.add(pure.parts[0])
        total += info.file_size
        packed += info.compress_size
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LocnewsError(f"member {name!r} expands {info.file_size // max(info.compress_size, 1)}x "
                               f"(a zip bomb?); refusing", origin)
    if total > MAX_UNCOMPRESSED:
        raise LocnewsError(f"archive expands to {total / 2**30:.1f} GiB (limit 1 GiB); refusing", origin)
    if total > 2**20 and total > MAX_RATIO * max(packed, 1):
        raise LocnewsError(f"archive expands {total // max(packed, 1)}x (a zip bomb?); refusing", origin)
    if len(tops) != 1:
        raise LocnewsError(f"expected one top-level folder in the archive, found {len(tops)}", origin)
    top = tops.pop()
    if top.startswith(".") or not top.strip():
        # ".old-x" is the name install() gives a package it is replacing, and listing skips hidden folders
        raise LocnewsError(f"package folder {top!r} starts with a dot (a hidden folder); rename it", origin)
    return top


def _validate_metadata(meta: Any, origin: Path) -> dict:
    if not isinstance(meta, dict):
        raise LocnewsError("metadata.json is not a JSON object", origin)
    missing = [k for k in REQUIRED_METADATA if not meta.get(k)]
    if missing:
        raise LocnewsError(f"metadata.json lacks {', '.join(missing)}", origin)
    meta.setdefault("type", "translate")  # Argos's default
    if meta["type"] != "translate":
        raise LocnewsError(f"package type is {meta['type']!r}, not 'translate'", origin)
    for key in ("from_code", "to_code"):
        code = meta[key]
        if not (isinstance(code, str) and 2 <= len(code) <= 8 and code.replace("_", "").isalnum()):
            raise LocnewsError(f"metadata.json has an invalid {key}: {code!r}", origin)
    return meta


def read_archive(path: Path, *, check_crc: bool = True) -> tuple[str, dict]:
    """Verify an .argosmodel zip without extracting it; return (top folder, metadata).

    ``check_crc`` decompresses every member; `install` always does, while discovery of the
    packages shipped inside locnews skips it (it would cost ~50 ms per package on every command).
    """
    path = Path(path)
    if not path.is_file():
        raise LocnewsError("no such package file", path)
    try:
        with zipfile.ZipFile(path) as zf:
            top = _zip_top(zf, path)
            names = set(zf.namelist())
            if f"{top}/metadata.json" not in names:
                raise LocnewsError("not an Argos package: metadata.json is missing", path)
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise LocnewsError(f"metadata.json is not valid JSON: {exc}", path) from None
            _validate_metadata(meta, path)
            for needed in ("model/model.bin", "sentencepiece.model"):
                if f"{top}/{needed}" not in names:
                    raise LocnewsError(f"not a usable package: {needed} is missing", path)
            bad = zf.testzip() if check_crc else None
            if bad is not None:
                raise LocnewsError(f"corrupt archive: member {bad!r} fails its CRC check", path)
    except zipfile.BadZipFile as exc:
        raise LocnewsError(f"not a valid .argosmodel (zip) file: {exc}", path) from None
    except OSError as exc:
        raise LocnewsError(f"cannot read package: {exc}", path) from None
    return top, meta


def _from_metadata(meta: dict, name: str, source: str, path: Path) -> ModelPackage:
    return ModelPackage(
        name=name,
        from_code=meta["from_code"],
        to_code=meta["to_code"],
        version=str(meta.get("package_version", "")),
        source=source,
        path=path,
        target_prefix=meta.get("target_prefix", "") or "",
        description=meta.get("description", "") or "",
        metadata=meta,
    )


# ---------------------------------------------------------------------------------------------
# discovery


def bundled_packages() -> list[ModelPackage]:
    """The packages shipped inside locnews.

    A bidirectional model ships once: its archive is an ordinary Argos package for its first
    direction, and ``metadata.json`` names the other one under ``locnews_reverse`` (codes and the
    decoder prefix that selects it), which locnews lists as a package of its own on the same weights.
    """
    out = []
    d = bundled_models_dir()
    for f in sorted(d.glob("*.argosmodel")) if d.is_dir() else []:
        top, meta = read_archive(f, check_crc=False)
        out += _with_reverse(_from_metadata(meta, top, "bundled", f))
    return out


def _with_reverse(pkg: ModelPackage) -> list[ModelPackage]:
    """The package, and the other direction of a bidirectional model (``locnews_reverse``)."""
    reverse = pkg.metadata.get("locnews_reverse")
    if not (isinstance(reverse, dict) and reverse.get("from_code") and reverse.get("to_code")):
        return [pkg]
    meta = {k: v for k, v in {**pkg.metadata, **reverse}.items() if k != "locnews_reverse"}
    name = f"translate-{meta['from_code']}_{meta['to_code']}-{str(meta['package_version']).replace('.', '_')}"
    return [pkg, dataclasses.replace(_from_metadata(meta, name, pkg.source, pkg.path), folder=pkg.folder or pkg.name)]


def installed_packages() -> list[ModelPackage]:
    """Packages under the user's data dir, read with argostranslate.package."""
    d = packages_dir()
    if not d.is_dir() or not any(p.is_dir() for p in d.iterdir()):
        return []
    pkg_mod = _argos_package()
    out = []
    for sub in sorted(p for p in d.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            pkg = pkg_mod.Package(sub)
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            continue  # a half-removed folder is not a package
        meta = json.loads((sub / "metadata.json").read_text(encoding="utf-8"))
        out += _with_reverse(_from_metadata(meta, sub.name, "installed", sub))
        del pkg
    return out


def available_packages() -> list[ModelPackage]:
    """Installed first, then bundled: the first package for a pair is the one used."""
    return installed_packages() + bundled_packages()


def find_package(from_code: str, to_code: str, name: str | None = None) -> ModelPackage:
    pkgs = available_packages()
    if name:
        for p in pkgs:
            if name in (p.name, p.path.name, p.path.stem):
                if (p.from_code, p.to_code) != (from_code, to_code):
                    raise LocnewsError(f"model {name!r} translates {p.pair}, not {from_code}-{to_code}")
                return p
        raise LocnewsError(f"no model named {name!r}; see `locnews models list`")
    for p in pkgs:
        if (p.from_code, p.to_code) == (from_code, to_code):
            return p
    have = ", ".join(sorted({p.pair for p in pkgs})) or "none"
    raise LocnewsError(f"no translation model for {from_code}-{to_code} (available: {have})")


# ---------------------------------------------------------------------------------------------
# install / remove


def install(archive: str | Path) -> ModelPackage:
    """Verify, then unpack into the store; nothing is written unless every check passes."""
    archive = Path(archive)
    top, meta = read_archive(archive)
    dest_root = packages_dir()
    dest_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=dest_root))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)
        unpacked = staging / top
        # Argos must be able to read what we install (same class its own consumers use).
        try:
            _argos_package().Package(unpacked)
        except Exception as exc:  # noqa: BLE001 - any failure means "not installable"
            raise LocnewsError(f"argostranslate cannot read this package: {exc}", archive) from None
        _check_model_loads(unpacked / "model", archive)
        final = dest_root / top
        if final.exists():
            old = dest_root / f".old-{top}"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(final, old)
            os.replace(unpacked, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(unpacked, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _from_metadata(meta, top, "installed", dest_root / top)


def _check_model_loads(model_dir: Path, origin: Path) -> None:
    import ctranslate2

    try:
        ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8")
    except Exception as exc:  # noqa: BLE001
        raise LocnewsError(f"CTranslate2 cannot load the model: {exc}", origin) from None


def remove(name: str) -> ModelPackage:
    for p in installed_packages():
        if name in (p.name, p.pair):
            shutil.rmtree(p.path)
            return p
    if any(name in (p.name, p.pair, p.path.name) for p in bundled_packages()):
        raise LocnewsError(f"{name!r} is bundled with locnews and cannot be removed (install another to override it)")
    raise LocnewsError(f"no installed model {name!r}; see `locnews models list`")


def _argos_package():
    # argostranslate.settings creates its folders at import; point them at locnews's store so
    # importing it never touches the user's Argos setup, and nothing ever reaches the network.
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(packages_dir()))
    import argostranslate.package as pkg_mod

    return pkg_mod


# ---------------------------------------------------------------------------------------------
# the engine


def default_threads() -> tuple[int, int]:
    """(inter_threads, intra_threads): one translator replica per core beat intra-op threads here."""
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, n), 1


#: Chosen on bppt.dev for the bundled model (benchmarks/beam_dev.py, results/beam_dev.md).
DEFAULT_BEAM_SIZE = 3


class Engine:
    """One loaded translator for one language pair; translate() is a single batched pass."""

    def __init__(
        self,
        package: ModelPackage,
        *,
        beam_size: int = DEFAULT_BEAM_SIZE,
        max_batch_size: int = 32,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        compute_type: str = "int8",
        files: tuple[dict[str, bytes], bytes] | None = None,
    ) -> None:
        import ctranslate2
        import sentencepiece as spm

        self.package = package
        self.beam_size = beam_size
        self.degenerate: set[str] = set()  # inputs whose output stayed degenerate: source kept
        self.max_batch_size = max_batch_size
        inter, intra = default_threads()
        kw = dict(
            device="cpu",
            compute_type=compute_type,
            inter_threads=inter_threads or inter,
            intra_threads=intra_threads or intra,
        )
        if files is not None or package.source == "bundled":
            # in memory: a bundled zip, or model_files() shipped to a cluster worker
            files, sp_proto = files or _zip_model_files(package.path, package.folder or package.name)
            self.translator = ctranslate2.Translator(package.name, files=files, **kw)
            self.sp = spm.SentencePieceProcessor(model_proto=sp_proto)
        else:
            self.translator = ctranslate2.Translator(str(package.path / "model"), **kw)
            self.sp = spm.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))

    @property
    def name(self) -> str:
        return f"{self.package.name} ({self.package.source})"

    def tokenize(self, texts: list[str]) -> list[list[str]]:
        return [self.sp.encode(t, out_type=str) for t in texts]

    def translate(self, texts: list[str]) -> list[str]:
        """Translate many segments at once; identical inputs are translated once.

        Decoding guards: an output that runs on or loops (``checks.runaway_reason``) is decoded
        again with a length bound relative to its source and repetition penalties; if it is still
        degenerate the source text is returned instead and the input is recorded in
        ``self.degenerate`` so the pipeline can report it as a QA finding.
        """
        from locnews.mt.checks import runaway_reason

        unique = list(dict.fromkeys(texts))
        todo = [t for t in unique if t.strip()]
        done: dict[str, str] = {t: t for t in unique if not t.strip()}
        if todo:
            stopped = [needs_full_stop(t) for t in todo]
            tokens = self.tokenize([t + "." if stop else t for t, stop in zip(todo, stopped)])
            outputs = self._decode(tokens, max_decoding_length=min(512, 32 + 3 * max(len(t) for t in tokens)))
            retry = [i for i, (text, out) in enumerate(zip(todo, outputs)) if runaway_reason(text, out)]
            if retry:
                again = self._decode(
                    [tokens[i] for i in retry], max_decoding_length=min(512, 8 + 2 * max(len(tokens[i]) for i in retry)),
                    repetition_penalty=1.3, no_repeat_ngram_size=3,
                )
                for i, out in zip(retry, again):
                    if runaway_reason(todo[i], out):
                        self.degenerate.add(todo[i])
                        out = todo[i]
                    outputs[i] = out
            outputs = [drop_full_stop(out) if stop and out != text else out for text, out, stop in zip(todo, outputs, stopped)]
            done.update(zip(todo, outputs))
        return [done[t] for t in texts]

    def _decode(self, tokens: list[list[str]], **options: Any) -> list[str]:
        prefix = [[self.package.target_prefix]] * len(tokens) if self.package.target_prefix else None
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, beam_size=self.beam_size, max_batch_size=self.max_batch_size,
            replace_unknowns=True, **options,
        )
        skip = 1 if prefix else 0
        return [self.sp.decode(res.hypotheses[0][skip:]).strip() for res in results]


def _zip_model_files(path: Path, top: str) -> tuple[dict[str, bytes], bytes]:
    with zipfile.ZipFile(path) as zf:
        files = {
            n[len(f"{top}/model/") :]: zf.read(n)
            for n in zf.namelist()
            if n.startswith(f"{top}/model/") and not n.endswith("/")
        }
        sp_proto = zf.read(f"{top}/sentencepiece.model")
    return files, sp_proto


def model_files(package: ModelPackage) -> tuple[dict[str, bytes], bytes]:
    """The model's files and SentencePiece model as bytes (what Engine(files=...) loads)."""
    if package.source == "bundled":
        return _zip_model_files(package.path, package.folder or package.name)
    model_dir = package.path / "model"
    files = {str(f.relative_to(model_dir)): f.read_bytes() for f in sorted(model_dir.rglob("*")) if f.is_file()}
    return files, (package.path / "sentencepiece.model").read_bytes()


def needs_full_stop(text: str) -> bool:
    """A segment of three words or more that ends without punctuation: a headline, a caption.

    The model learnt from sentences that end in a stop; without one it drifts ("Harga beras naik
    tajam" → "The price of rice are student"). Measured on bppt.dev sentences of 3–14 words with
    the stop removed (benchmarks/headline_stop.py), adding one and taking it off again: +0.7 id→en,
    ±0.0 en→id with the current model (+0.8 / +1.3 with the previous one). One- and two-word items (menus, tags) gain nothing consistent and stay as they are.
    """
    text = text.rstrip()
    return len(text.split()) >= 3 and text[-1].isalnum()


def drop_full_stop(out: str) -> str:
    """The model's output without the stop it was given (an ellipsis or "etc." is the model's own)."""
    out = out.rstrip()
    if out.endswith(("...", "…")) or out.lower().endswith(("etc.", "dll.", "dsb.")):
        return out
    return out[:-1].rstrip() if out.endswith(".") else out  # "D.C.." (the stop after an abbreviation) → "D.C."


_ENGINES: dict[tuple, Engine] = {}


def load_engine(from_code: str, to_code: str, name: str | None = None, **options: Any) -> Engine:
    """The engine for a pair, loaded once per process for the same package and options."""
    pkg = find_package(from_code, to_code, name)
    key = (pkg.path, tuple(sorted(options.items())))
    if key not in _ENGINES:
        _ENGINES[key] = Engine(pkg, **options)
    return _ENGINES[key]

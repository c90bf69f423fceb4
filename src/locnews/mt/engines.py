"""Where the MT step of `locnews archive` runs: this process, or the workers of a Ray cluster.

Both engines take the same *units* (lists of masked segments, one CTranslate2 batch each) and give
back, per unit, the raw translations in order and the inputs whose output stayed degenerate
(`Engine.degenerate`), so a unit comes out the same whichever engine ran it: the batch a sentence is
decoded in is fixed by the caller, not by the engine.

On Ray, each worker is an actor holding one translator (one thread: CTranslate2 translators cannot
be pickled or forked, and OpenMP threads oversubscribe a shared node). The model travels through
Ray's object store from the machine that starts the run, so the workers need locnews installed and
nothing else — and they translate with exactly the model the run was started with.
"""

from __future__ import annotations

import hashlib
import itertools
import os

from locnews.errors import LocnewsError
from locnews.mt.models import Engine, ModelPackage, model_files

ENGINES = ("local", "ray")
#: what an engine gives back for a unit: the translations, and the inputs left degenerate (source kept)
Unit = tuple[list[str], list[str]]
RAY_EXTRA = "pip install 'locnews[ray]'"


class EngineFailed(LocnewsError):
    """The engine itself failed (not one article): the run stops; a rerun resumes."""


def fingerprint(files: tuple[dict[str, bytes], bytes]) -> str:
    """A short content hash of a model: the same bytes give the same fingerprint on any machine."""
    h = hashlib.sha256()
    model, sp_proto = files
    for name in sorted(model):
        h.update(name.encode() + b"\0" + hashlib.sha256(model[name]).digest())
    h.update(hashlib.sha256(sp_proto).digest())
    return h.hexdigest()[:16]


def require_ray():
    """The ray module, or the one-line error that names the extra to install."""
    try:
        import ray
    except ImportError:
        raise LocnewsError(f"--engine ray needs Ray: {RAY_EXTRA}") from None
    return ray


class LocalEngine:
    """Units translated in this process: one translator replica per core, one unit per replica."""

    def __init__(self, package: ModelPackage, files, *, beam_size: int, max_batch_size: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.engine = Engine(package, beam_size=beam_size, max_batch_size=max_batch_size, files=files)
        self.workers = _cores()
        self._pool = ThreadPoolExecutor(self.workers)  # CTranslate2 runs concurrent calls on its replicas

    def translate_units(self, units: list[list[str]]) -> list[Unit]:
        return list(self._pool.map(lambda u: _run_unit(self.engine, u), units))

    def close(self) -> None:
        self._pool.shutdown()


class UnitTranslator:
    """A Ray actor: builds its translator once, then translates unit after unit."""

    def __init__(self, package: ModelPackage, files, beam_size: int, max_batch_size: int) -> None:
        self.engine = Engine(
            package, beam_size=beam_size, max_batch_size=max_batch_size,
            inter_threads=1, intra_threads=1, files=files,
        )

    def translate(self, unit: list[str]) -> Unit:
        return _run_unit(self.engine, unit)


def _run_unit(engine: Engine, unit: list[str]) -> Unit:
    out = engine.translate(unit)
    return out, [t for t in unit if t in engine.degenerate]


class RayEngine:
    """Units spread round-robin over one actor per worker on a Ray cluster (or a local one)."""

    def __init__(
        self,
        package: ModelPackage,
        files,
        *,
        beam_size: int,
        max_batch_size: int,
        workers: int | None = None,
        address: str | None = None,
    ) -> None:
        ray = require_ray()
        self.ray = ray
        self._own = not ray.is_initialized()
        if self._own:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home
            # "local": a cluster of our own, even when another one runs on this machine
            kw = {"address": address} if address else {"address": "local", "num_cpus": workers or _cores()}
            try:
                ray.init(**kw, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            except Exception as exc:  # noqa: BLE001 - Ray raises several kinds; all mean "no cluster"
                where = f"at {address}" if address else "on this machine"
                raise LocnewsError(f"cannot start or reach a Ray cluster {where}: {exc}") from None
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.workers = workers
        model = ray.put(files)
        # num_cpus=1 makes Ray set OMP_NUM_THREADS=1 in the worker (no runtime_env: prestarted
        # workers are reused, which halves the start-up)
        actor = ray.remote(UnitTranslator).options(num_cpus=1)
        self.actors = [actor.remote(package, model, beam_size, max_batch_size) for _ in range(workers)]
        self._next = itertools.count()

    def translate_units(self, units: list[list[str]]) -> list[Unit]:
        n = len(self.actors)
        refs = [self.actors[next(self._next) % n].translate.remote(u) for u in units]
        try:
            return self.ray.get(refs)
        except self.ray.exceptions.RayError as exc:  # a node or worker lost: what is staged stays
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineFailed(f"the Ray cluster failed ({first}); rerun to resume") from None

    def close(self) -> None:
        for a in self.actors:
            self.ray.kill(a)
        if self._own:
            self.ray.shutdown()


def open_engine(name: str, package: ModelPackage, files, *, beam_size: int, max_batch_size: int,
                workers: int | None = None, address: str | None = None):
    """The engine for ``--engine name``, its model given as model_files() bytes."""
    if name == "ray":
        return RayEngine(package, files, beam_size=beam_size, max_batch_size=max_batch_size,
                         workers=workers, address=address)
    return LocalEngine(package, files, beam_size=beam_size, max_batch_size=max_batch_size)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)

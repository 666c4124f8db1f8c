"""Read and parse many config files: in worker processes when there are many, always in input order.

``read_configs`` is what ``carrierwatch audit`` and ``hunt`` call for every file sniffed as a config
(``app.intake.collect``), and what ``benchmarks/audit_configs.py`` times. Each file is read with the
pipeline's text rule (UTF-8, undecodable bytes replaced) and parsed by :func:`parse_config`; the result
for a file is ``(DeviceConfig, None)``, or ``(None, "unreadable: <reason>")`` when it cannot be read.

Workers: ``workers`` if given, else ``$CARRIERWATCH_WORKERS``, else the CPUs this process may use; the count
includes this process. With one worker, or fewer than :data:`PARALLEL_MIN` files, everything runs here.
Otherwise the files are cut into chunks, all submitted to a ``ProcessPoolExecutor`` of ``workers - 1``
processes (``forkserver`` start method where the platform has it, ``spawn`` elsewhere: never ``fork`` a
process that may have threads), and this process parses chunks from the end, cancelling them in the pool,
until it reaches one the pool has taken. So the pool's start-up (~0.2 s) is not waited for, this process's
share is never pickled, and a busy CPU slows the run down instead of stalling it. If the pool cannot start or
breaks, the chunks it did not return are parsed here (the run never stops on a worker failure). The model
is the same either way: parsing is a pure function of the file's bytes.

While a large batch is read (and while ``audit_configs`` runs), the cyclic garbage collector is paused
(:func:`gc_paused`): parsing allocates millions of small objects that all stay alive, and each automatic
full collection would walk every one of them again (at 10,000 configs that was about 40% of the run).
The parsers create no reference cycles, so nothing is left for the collector to free late.
"""

from __future__ import annotations

import atexit
import functools
import gc
import multiprocessing
import os
import pickle
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.parse import parse_config

#: Fewer files than this are parsed in this process (the pool's start-up would cost more than it saves).
PARALLEL_MIN = 1000
#: Most files per task (many small tasks keep every process busy until the end).
CHUNK_MAX = 100

ConfigRead = tuple[DeviceConfig | None, str | None]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause automatic cyclic garbage collection for the block (reference counting still frees memory).

    The objects a batch builds are long-lived, and right after a plain pause the collector would walk all
    of them again (at 10,000 configs: 0.5 s after parsing, 1 s after the audit). So: on the way in, one
    collection clears the garbage that exists now (objects frozen earlier are not walked); on the way out,
    what is alive is moved to the permanent generation (``gc.freeze``) before the collector is turned back
    on. Frozen objects are still freed by reference counting when dropped (the parsers and checks build no
    reference cycles); a cycle among them that becomes garbage later waits for ``gc.unfreeze()``, which runs
    at interpreter exit so that such objects are still finalized then. Nested and concurrent use is safe:
    only the outermost block that found the collector enabled collects, freezes and turns it back on."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            _unfreeze_at_exit()
            gc.enable()


@functools.cache
def _unfreeze_at_exit() -> None:
    atexit.register(gc.unfreeze)


def default_workers() -> int:
    """``$CARRIERWATCH_WORKERS`` if set to a positive integer, else the CPUs this process may run on."""
    env = os.environ.get("CARRIERWATCH_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def read_config(path: str | Path, display: str | None = None) -> ConfigRead:
    """Read and parse one config file (pipeline text rule); ``display`` is the path shown in the model."""
    try:
        with open(path, "rb") as fh:  # (Path.read_bytes costs ~8 us more per file)
            data = fh.read()
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or exc}"
    return parse_config(data.decode("utf-8", errors="replace"), path=str(path) if display is None else display), None


def _read_chunk(items: list[tuple[str, str]]) -> list[ConfigRead]:
    return [read_config(path, display) for path, display in items]


def _read_chunk_pickled(items: list[tuple[str, str]]) -> bytes:
    """A worker's task: the chunk's results as one pickle, loaded by the caller's own thread when it
    collects them (not by the pool's result thread while the caller is parsing its share). A worker runs
    without the cyclic collector: it only parses, which builds no reference cycles."""
    gc.disable()
    return pickle.dumps(_read_chunk(items), protocol=pickle.HIGHEST_PROTOCOL)


def read_configs(
    paths: Sequence[str | Path], displays: Sequence[str] | None = None, *, workers: int | None = None
) -> list[ConfigRead]:
    """Read and parse every file of ``paths``; one result per path, in the same order."""
    items = [(str(p), str(p) if displays is None else displays[i]) for i, p in enumerate(paths)]
    n_workers = workers if workers is not None else default_workers()
    with gc_paused():
        if n_workers <= 1 or len(items) < PARALLEL_MIN:
            return _read_chunk(items)
        size = max(20, min(CHUNK_MAX, -(-len(items) // (n_workers * 8))))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        done: list[list[ConfigRead] | None] = [None] * len(chunks)
        try:
            with ProcessPoolExecutor(max_workers=n_workers - 1, mp_context=_context()) as pool:
                futures = [pool.submit(_read_chunk_pickled, chunk) for chunk in chunks]
                # This process is one of the workers: it parses chunks from the end while the pool takes
                # them from the start, until the next one is already taken (no pickling for its share, and
                # no idle wait while the pool starts).
                for i in range(len(chunks) - 1, -1, -1):
                    if not futures[i].cancel():
                        break
                    done[i] = _read_chunk(chunks[i])
                for i, future in enumerate(futures):
                    if done[i] is None:
                        done[i] = pickle.loads(future.result())
        except Exception:  # the pool could not start or a worker died: the rest is parsed here
            pass
        return [read for i, chunk in enumerate(chunks) for read in (done[i] or _read_chunk(chunk))]


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["carrierwatch.configs.bulk"])  # workers fork with the parsers imported
        return ctx
    return multiprocessing.get_context("spawn")

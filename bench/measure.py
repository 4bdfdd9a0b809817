"""Measurement helpers: the machine, memory, percentiles, phase timers and child processes."""

from __future__ import annotations

import gc
import logging
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("bench")


def _meminfo_total_gib() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "ram_gib": _meminfo_total_gib(),
        "python": platform.python_version(),
        "loadavg_start": _loadavg(),
    }
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
    except Exception as exc:  # noqa: BLE001 - the header must never fail
        info["torch"] = f"unavailable ({type(exc).__name__})"
    try:
        import chromadb

        info["chromadb"] = chromadb.__version__
    except Exception:  # noqa: BLE001
        pass
    return info


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def loadavg() -> str:
    return _loadavg()


def peak_rss_mib() -> float:
    """This process's peak resident set size so far (ru_maxrss is KiB on Linux)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes there
        kib //= 1024
    return round(kib / 1024, 1)


def current_rss_mib() -> float | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..100), like numpy's default."""
    if not values:
        return float("nan")
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...; elapsed()`` -> seconds (frozen at exit)."""
    started = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - started
    end.append(time.perf_counter())


class PhaseTimer:
    """Wraps methods of live objects to add up the seconds spent in each, by phase name.
    By default a call nested in another wrapped call counts in both phases (callers subtract);
    ``exclusive`` attributes it to the outermost phase only, so phases add up.

    Only instance attributes of the benchmark's own objects are replaced, and ``restore()``
    puts the originals back; the application's code is not modified.
    """

    def __init__(self, exclusive: bool = False) -> None:
        self.exclusive = exclusive  # nested wrapped calls count only in the outermost phase
        self._active = 0
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._patched: list[tuple[Any, str, bool, Any]] = []
        self.missing: list[str] = []

    def try_wrap(
        self, owner: Callable[[], Any], attr: str, phase: str, *, iterator: bool = False
    ) -> bool:
        """``wrap`` when ``owner()`` has a callable ``attr``; otherwise note the phase as not
        measured (the application's internals may change under the benchmark)."""
        try:
            obj = owner()
            ok = callable(getattr(obj, attr, None)) and hasattr(obj, "__dict__")
        except Exception as exc:  # noqa: BLE001 - a missing hook is reported, not fatal
            log.debug("cannot time %s.%s: %s", phase, attr, exc)
            ok = False
        if ok:
            self.wrap(obj, attr, phase, iterator=iterator)
        elif phase not in self.missing:
            self.missing.append(phase)
        return ok

    def wrap(self, obj: Any, attr: str, phase: str, *, iterator: bool = False) -> None:
        """``iterator``: ``attr`` returns an iterator, and the phase is the time spent
        waiting for its items (work done while the caller handles one item is not)."""
        original = getattr(obj, attr)
        had_own = attr in vars(obj)
        own_value = vars(obj).get(attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[phase] = self.calls.get(phase, 0) + 1
            if self.exclusive and self._active:
                return original(*args, **kwargs)
            started = time.perf_counter()
            self._active += 1
            try:
                return original(*args, **kwargs)
            finally:
                self._active -= 1
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started

        def timed_items(*args: Any, **kwargs: Any) -> Any:
            items = iter(timed(*args, **kwargs))
            while True:
                started = time.perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    waited = time.perf_counter() - started
                    self.seconds[phase] = self.seconds.get(phase, 0.0) + waited
                yield item

        setattr(obj, attr, timed_items if iterator else timed)
        self._patched.append((obj, attr, had_own, own_value))

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def restore(self) -> None:
        for obj, attr, had_own, own_value in reversed(self._patched):
            if had_own:
                setattr(obj, attr, own_value)
            else:
                try:
                    delattr(obj, attr)
                except AttributeError:
                    pass
        self._patched.clear()


def release_services(svc: Any) -> None:
    """Close the Chroma client of a ``Services`` so its memory and files are let go."""
    index = svc.__dict__.get("index")
    client = getattr(index, "_client", None) if index is not None else None
    if client is not None and hasattr(client, "close"):
        try:
            client.close()
        except Exception as exc:  # noqa: BLE001 - best effort cleanup
            log.debug("closing chroma client failed: %s", exc)
    gc.collect()


GNU_TIME = "/usr/bin/time"


@dataclass
class ChildRun:
    wall: float
    returncode: int
    stdout: str
    stderr: str
    maxrss_mib: float
    rss_source: str


def _gnu_time() -> bool:
    if not os.access(GNU_TIME, os.X_OK):
        return False
    try:
        probe = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return "GNU" in probe.stdout + probe.stderr


def _wait(proc: subprocess.Popen, timeout: float) -> tuple[int, Any]:
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage


def _time_rss_kib(path: str) -> int | None:
    try:
        with open(path) as fh:
            lines = [ln.strip() for ln in fh if ln.strip()]
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return None


def run_child(cmd: list[str], env: dict[str, str], timeout: float = 900) -> ChildRun:
    """Run ``cmd``: wall seconds from spawn to exit, and the child's own peak RSS.

    The peak comes from GNU ``/usr/bin/time -f %M`` when present: ``wait4`` on a child
    spawned by this (large) process reports at least this process's RSS at spawn time,
    because Linux carries the RSS high-water mark over exec.
    """
    use_time = _gnu_time()
    with tempfile.TemporaryDirectory(prefix="bench-child-") as tmp:
        rss_file = os.path.join(tmp, "maxrss")
        full = [GNU_TIME, "-f", "%M", "-o", rss_file, *cmd] if use_time else cmd
        out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(full, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            code, usage = _wait(proc, timeout)
            wall = time.perf_counter() - started
        kib = _time_rss_kib(rss_file) if use_time else None
        source = "/usr/bin/time %M" if kib is not None else "wait4 ru_maxrss (upper bound)"
        with open(out_path, "rb") as out, open(err_path, "rb") as err:
            return ChildRun(
                wall=wall,
                returncode=code,
                stdout=out.read().decode("utf-8", "replace"),
                stderr=err.read().decode("utf-8", "replace"),
                maxrss_mib=round((kib if kib is not None else usage.ru_maxrss) / 1024, 1),
                rss_source=source,
            )

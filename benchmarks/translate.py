"""Translation speed and memory: plain transformers against Wiredesk's two backends, side by side.

    python -m benchmarks.translate            # a few minutes on 2 cores
    python -m benchmarks.translate --quick    # one round

Everything runs offline on a random model with the exact opus-mt-de-en architecture
(`benchmarks.bench_model`), on sentences of `seeds/` cleaned and segmented as the pipeline does.
Every system generates exactly `--new-tokens` tokens per sentence, so they all do the same work:
the model cannot end a sentence early, and each system is capped at that length. Systems are
measured in one process, alternating, for several rounds, with the same number of threads
(torch puts them all on one batch; Wiredesk's CTranslate2 default runs one-thread batches side by
side, and is also shown with all threads on one batch; raw CTranslate2 gets Wiredesk's default
split and batch size); the medians are reported, and ratios are medians of same-round ratios.
Rates by CPU time (tokens per CPU second x threads) are printed too: on a shared machine they
move far less than wall-clock rates.
Peak memory is measured in a separate process per system, and `wiredesk run seeds/` end to end
in a subprocess per backend.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.bench_model import ensure_bench_model
from wiredesk import clean, segment
from wiredesk.config import PROJECT_ROOT, Settings, get_settings
from wiredesk.registry import resolve_model
from wiredesk.translate.ct2 import available_cores, converted_folder
from wiredesk.translate.ct2 import thread_counts as ct2_thread_counts
from wiredesk.translate.loader import convert_model

SEEDS = PROJECT_ROOT / "seeds"
WIREDESK = [sys.executable, "-m", "wiredesk.cli"]
PLAIN_SINGLE = "plain transformers, one sentence at a time"
PLAIN_BATCHED = "plain transformers, batched"
WIREDESK_TRANSFORMERS = "Wiredesk, transformers backend"
WIREDESK_CT2 = "Wiredesk, CTranslate2 int8 backend (default threads)"
WIREDESK_CT2_INTRA = "Wiredesk, CTranslate2 int8, all threads on one batch"
RAW_CT2 = "raw CTranslate2 int8, same batches and threads"
SYSTEMS = (
    PLAIN_SINGLE,
    PLAIN_BATCHED,
    WIREDESK_TRANSFORMERS,
    WIREDESK_CT2,
    WIREDESK_CT2_INTRA,
    RAW_CT2,
)
BASELINE = PLAIN_BATCHED
# Other processes' OpenMP threads spin for a while after their work; let them settle first.
PAUSE_SECONDS = 0.3
TARGET_SPEEDUP, TARGET_RAW_SHARE, TARGET_RSS_MB, TARGET_E2E_SECONDS = 2.5, 0.9, 700, 20.0
# The e2e run caps each sentence at its source length: a real translation is about that long,
# and the random model, which never ends a sentence, would otherwise run to the 2x + 10 cap.
E2E_LENGTH = {"WIREDESK_MAX_LENGTH_RATIO": "1.0", "WIREDESK_MAX_LENGTH_EXTRA": "0"}


@dataclass(frozen=True)
class Workload:
    """What every system translates: the sentences, the forced output length, the threads."""

    sentences: list[str]
    new_tokens: int
    batch_size: int
    threads: int

    def for_system(self, name: str) -> list[str]:
        """One sentence at a time is slow: it gets a quarter of the sentences (same lengths)."""
        if name == PLAIN_SINGLE:
            return spread(self.sentences, max(1, len(self.sentences) // 4))
        return self.sentences


@dataclass
class Results:
    """Per round, each system's tokens/s by the wall clock and by its own CPU time.

    The CPU-time rate (tokens / (CPU seconds / threads)) is what the system would do with the
    cores to itself: on a shared machine it moves far less than the wall-clock rate.
    """

    wall: dict[tuple[str, int], list[float]] = field(default_factory=dict)
    cpu: dict[tuple[str, int], list[float]] = field(default_factory=dict)

    def add(self, name: str, beams: int, *, wall: float, cpu: float) -> None:
        self.wall.setdefault((name, beams), []).append(wall)
        self.cpu.setdefault((name, beams), []).append(cpu)

    def median(self, name: str, beams: int, *, cpu: bool = False) -> float:
        """The median rate over the rounds."""
        return statistics.median((self.cpu if cpu else self.wall)[(name, beams)])

    def ratio(self, name: str, other: str, beams: int, *, cpu: bool = False) -> float:
        """The median over rounds of name's rate / other's rate in the same round: pairing the
        two measured moments apart cancels most of the drift in what else the machine runs."""
        rates = self.cpu if cpu else self.wall
        pairs = zip(rates[(name, beams)], rates[(other, beams)], strict=True)
        return statistics.median(mine / theirs for mine, theirs in pairs)


# --- the sentences ----------------------------------------------------------------------------


def seed_sentences() -> list[str]:
    """Every sentence of the seed articles, cleaned and segmented as the pipeline does."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean.clean(path.read_text(encoding="utf-8"), language="de").text
        for paragraph in segment.segment(cleaned, language="de"):
            sentences.extend(s for s in paragraph.sentences if s.strip())
    return sentences


def spread(sentences: Sequence[str], count: int) -> list[str]:
    """`count` sentences evenly spaced over the length order: short and long ones alike, in
    their original order (so plain batching sees them as a user would give them)."""
    if count >= len(sentences):
        return list(sentences)
    by_length = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    step = len(by_length) / count
    chosen = sorted(by_length[int(k * step)] for k in range(count))
    return [sentences[i] for i in chosen]


# --- the systems --------------------------------------------------------------------------------


class PlainTransformers:
    """MarianMT as tutorials run it: tokenizer(..., padding=True) then model.generate."""

    def __init__(self, folder: Path, *, batch_size: int, threads: int) -> None:
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        torch.set_num_threads(threads)
        self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
        self.model = MarianMTModel.from_pretrained(str(folder)).eval()
        self.batch_size = batch_size

    def run(self, sentences: Sequence[str], *, beams: int, new_tokens: int) -> int:
        """Translate in input order, `batch_size` at a time; returns the tokens generated."""
        import torch

        generated = 0
        for start in range(0, len(sentences), self.batch_size):
            batch = self.tokenizer(
                list(sentences[start : start + self.batch_size]), return_tensors="pt", padding=True
            )
            with torch.inference_mode():
                output = self.model.generate(
                    **batch,
                    num_beams=beams,
                    min_new_tokens=new_tokens,
                    max_new_tokens=new_tokens,
                    max_length=None,
                )
            generated += _count_generated(output.tolist(), eos=self.tokenizer.eos_token_id)
        return generated


def _count_generated(rows: list[list[int]], *, eos: int) -> int:
    """Tokens generated in `rows` (after the start token); an early end would skew the rates."""
    for row in rows:
        if eos in row[1:-1]:
            raise RuntimeError("A sentence ended early: the model's end-of-sentence bias is lost.")
    return sum(len(row) - 1 for row in rows)


class WiredeskBackend:
    """A Wiredesk translator, capped at exactly `new_tokens` through its length settings."""

    def __init__(self, translator: Any, *, new_tokens: int) -> None:
        self.translator = translator
        self.new_tokens = new_tokens

    def run(self, sentences: Sequence[str], *, beams: int, new_tokens: int) -> int:
        """Translate through the public interface; every sentence runs to the cap."""
        assert new_tokens == self.new_tokens, "the cap is fixed when the translator is built"
        outputs = self.translator.translate(sentences, beams=beams)
        return len([output for output in outputs if output]) * new_tokens


class RawCTranslate2:
    """ctranslate2.Translator on pre-tokenized input: the floor for Wiredesk's own overhead."""

    def __init__(self, folder: Path, *, batch_size: int, inter: int, intra: int) -> None:
        import ctranslate2
        from transformers import MarianTokenizer

        self.tokenizer = MarianTokenizer.from_pretrained(str(folder))
        self.translator = ctranslate2.Translator(
            str(folder), compute_type="int8", inter_threads=inter, intra_threads=intra
        )
        self.batch_size = batch_size
        self._tokens: dict[tuple[str, ...], list[list[str]]] = {}

    def run(self, sentences: Sequence[str], *, beams: int, new_tokens: int) -> int:
        """Translate with CTranslate2's own length sorting and batching; returns tokens made."""
        results = self.translator.translate_batch(
            self._tokenized(sentences),
            max_batch_size=self.batch_size,
            beam_size=beams,
            min_decoding_length=new_tokens,
            max_decoding_length=new_tokens,
        )
        return sum(len(result.hypotheses[0]) for result in results)

    def _tokenized(self, sentences: Sequence[str]) -> list[list[str]]:
        """Source tokens, made once per sentence list and kept out of the timings."""
        key = tuple(sentences)
        if key not in self._tokens:
            self._tokens[key] = [
                self.tokenizer.convert_ids_to_tokens(self.tokenizer.encode(s)) for s in sentences
            ]
        return self._tokens[key]


def bench_settings(base: Settings, *, workload: Workload) -> Settings:
    """Wiredesk settings that cap every output at exactly `new_tokens` (1 + new_tokens - 1: the
    ratio is negligible), with the same threads and batch size as the plain systems."""
    return base.model_copy(
        update={
            "threads": workload.threads,
            "inter_threads": None,  # Wiredesk's default split of the threads
            "batch_size": workload.batch_size,
            "compute_type": "int8",
            "max_length_ratio": 1e-6,
            "max_length_extra": workload.new_tokens - 1,
        }
    )


def load_system(name: str, *, folder: Path, settings: Settings, workload: Workload) -> Any:
    """Load one system, and only what it needs (so a child process measures only its memory)."""
    from wiredesk.translate.ct2 import CTranslate2Translator
    from wiredesk.translate.marian import MarianTranslator

    spec = resolve_model("de", settings=settings, override=str(folder))
    capped = bench_settings(settings, workload=workload)
    converted = converted_folder(spec, settings=capped)
    if name == PLAIN_SINGLE:
        return PlainTransformers(folder, batch_size=1, threads=workload.threads)
    if name == PLAIN_BATCHED:
        return PlainTransformers(folder, batch_size=workload.batch_size, threads=workload.threads)
    if name == WIREDESK_TRANSFORMERS:
        translator = MarianTranslator.from_folder(folder, spec=spec, settings=capped)
        return WiredeskBackend(translator, new_tokens=workload.new_tokens)
    if name in (WIREDESK_CT2, WIREDESK_CT2_INTRA):
        if name == WIREDESK_CT2_INTRA:
            capped = capped.model_copy(update={"inter_threads": 1})
        translator = CTranslate2Translator.from_folder(converted, settings=capped)
        return WiredeskBackend(translator, new_tokens=workload.new_tokens)
    if name == RAW_CT2:
        inter, intra = ct2_thread_counts(capped)  # the same split as Wiredesk's default
        return RawCTranslate2(converted, batch_size=workload.batch_size, inter=inter, intra=intra)
    raise ValueError(f"unknown system {name!r}")


# --- measuring ------------------------------------------------------------------------------------


def measure_speed(
    systems: dict[str, Any], *, workload: Workload, beams: int, rounds: int, results: Results
) -> None:
    """Time every system `rounds` times, alternating, in a rotating order (none always first)."""
    for system in systems.values():  # warm-up: first calls allocate and initialise
        system.run(workload.sentences[:2], beams=beams, new_tokens=workload.new_tokens)
    names = list(systems)
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            time.sleep(PAUSE_SECONDS)
            sentences = workload.for_system(name)
            wall, cpu = time.perf_counter(), time.process_time()
            tokens = systems[name].run(sentences, beams=beams, new_tokens=workload.new_tokens)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            results.add(name, beams, wall=tokens / wall, cpu=tokens * workload.threads / cpu)
            print(
                f"  round {round_number + 1}, beam {beams}: {name}: {tokens / wall:.1f} tokens/s "
                f"({tokens * workload.threads / cpu:.1f} by CPU time), load "
                f"{os.getloadavg()[0]:.1f}"
            )


@dataclass(frozen=True)
class Run:
    """A finished subprocess: wall time, CPU time, its own peak RSS, exit code and stderr."""

    seconds: float
    cpu_seconds: float
    rss_mb: float
    returncode: int
    stderr: str


def run_measured(command: list[str], *, env: dict[str, str]) -> Run:
    """Run `command` through `benchmarks.peak_rss`, timing it and reading its own peak RSS."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(scratch) / "rss.json"
        launcher = [sys.executable, "-m", "benchmarks.peak_rss", str(report)]
        started = time.perf_counter()
        finished = subprocess.run(
            [*launcher, *command], env=env, stdout=out, stderr=err, cwd=PROJECT_ROOT, check=False
        )
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
        usage = json.loads(report.read_text()) if report.is_file() else {}
    rss_mb = usage.get("rss_kb", 0) / 1024
    return Run(seconds, usage.get("cpu_seconds", 0.0), rss_mb, finished.returncode, stderr)


def measure_memory(name: str, *, args: argparse.Namespace) -> float:
    """Peak RSS (MB) of a process that loads only `name` and translates with it once."""
    command = [sys.executable, "-m", "benchmarks.translate", "--child", name, *_shared_args(args)]
    run = run_measured(command, env=dict(os.environ))
    if run.returncode != 0:
        raise RuntimeError(f"The memory run of {name} failed:\n{run.stderr[-2000:]}")
    return run.rss_mb


def _shared_args(args: argparse.Namespace) -> list[str]:
    """The options a child needs to rebuild the same workload."""
    return [
        f"--sentences={args.sentences}",
        f"--new-tokens={args.new_tokens}",
        f"--threads={args.threads}",
        f"--batch-size={args.batch_size}",
    ]


def child_main(name: str, *, args: argparse.Namespace) -> None:
    """In a child process: load one system, translate two full batches of the longest sentences."""
    settings = get_settings()
    workload = make_workload(args)
    folder = ensure_bench_model(settings)
    system = load_system(name, folder=folder, settings=settings, workload=workload)
    # Two full batches: with one thread per batch, two run at once and both are in memory.
    longest = sorted(workload.sentences, key=len, reverse=True)[: workload.batch_size * 2]
    sentences = longest[:4] if name == PLAIN_SINGLE else longest
    system.run(sentences, beams=4, new_tokens=workload.new_tokens)


def end_to_end(backend: str, *, folder: Path, args: argparse.Namespace) -> Run:
    """`wiredesk run seeds/` with the benchmark model on `backend`, in a fresh process."""
    env = {
        **os.environ,
        **E2E_LENGTH,
        "WIREDESK_MODEL_DE": str(folder),
        "WIREDESK_BACKEND": backend,
        "WIREDESK_THREADS": str(args.threads),
        "WIREDESK_COMPUTE_TYPE": "int8",
        "WIREDESK_HUB_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
    }
    with tempfile.TemporaryDirectory() as out:
        run = run_measured([*WIREDESK, "run", str(SEEDS), "--out", out], env=env)
    if run.returncode != 0:
        raise RuntimeError(f"`wiredesk run` on {backend} failed:\n{run.stderr[-2000:]}")
    if ("CTranslate2" in run.stderr) != (backend == "ctranslate2"):
        raise RuntimeError(
            f"`wiredesk run` did not use the {backend} backend:\n{run.stderr[-2000:]}"
        )
    return run


# --- reporting ------------------------------------------------------------------------------------


def machine() -> str:
    """One line about the machine and library versions the numbers belong to."""
    import ctranslate2
    import torch
    import transformers

    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass  # not Linux: platform.processor() it is
    return (
        f"{cpu}, {available_cores()} cores, Python {platform.python_version()}, torch "
        f"{torch.__version__}, transformers {transformers.__version__}, ctranslate2 "
        f"{ctranslate2.__version__}"
    )


def print_table(results: Results, memory: dict[str, float], *, beams: Sequence[int]) -> None:
    """The markdown table: per beam size, tokens/s by wall clock and by CPU time, each with its
    ratio to plain batched transformers; then the peak RSS of a process running the system."""
    head = " | ".join(f"beam {b} tokens/s | x | beam {b} by CPU time | x" for b in beams)
    print(f"\n| System | {head} | peak RSS |")
    print("|---|" + "---:|---:|---:|---:|" * len(beams) + "---:|")
    for name in SYSTEMS:
        cells = []
        for b in beams:
            for cpu in (False, True):
                rate = results.median(name, b, cpu=cpu)
                cells += [f"{rate:.0f}", f"{results.ratio(name, BASELINE, b, cpu=cpu):.2f}x"]
        rss = f"{memory[name]:.0f} MB" if name in memory else "-"
        print(f"| {name} | {' | '.join(cells)} | {rss} |")


def print_end_to_end(e2e: dict[str, list[Run]]) -> None:
    """Median wall time, CPU time and peak RSS of `wiredesk run seeds/` per backend."""
    for backend, runs in e2e.items():
        seconds = statistics.median(run.seconds for run in runs)
        cpu = statistics.median(run.cpu_seconds for run in runs)
        rss = max(run.rss_mb for run in runs)
        print(
            f"`wiredesk run seeds/` on {backend}: {seconds:.1f} s end to end (CPU {cpu:.1f} s, "
            f"{len(runs)} run(s)), peak RSS {rss:.0f} MB"
        )
    if e2e:
        print(
            "  (random weights never end a sentence, so every sentence of a batch runs to the "
            "batch's cap, here 1.0 x its longest source sentence)"
        )


def print_targets(results: Results, memory: dict[str, float], e2e: dict[str, list[Run]]) -> None:
    """Each target of the issue, met or missed, by the wall clock."""
    speedup = results.ratio(WIREDESK_CT2, BASELINE, 4)
    share = results.ratio(WIREDESK_CT2, RAW_CT2, 4)
    checks = [
        (
            f"beam 4 >= {TARGET_SPEEDUP}x plain batched",
            speedup >= TARGET_SPEEDUP,
            f"{speedup:.2f}x",
        ),
        ("within 10% of raw CTranslate2", share >= TARGET_RAW_SHARE, f"{share:.0%} of raw"),
    ]
    ct2_runs = e2e.get("ctranslate2", [])
    if WIREDESK_CT2 in memory:
        rss = max([memory[WIREDESK_CT2], *(run.rss_mb for run in ct2_runs)])
        checks.append((f"peak RSS <= {TARGET_RSS_MB} MB", rss <= TARGET_RSS_MB, f"{rss:.0f} MB"))
    if ct2_runs:
        seconds = statistics.median(run.seconds for run in ct2_runs)
        label = f"wiredesk run seeds/ <= {TARGET_E2E_SECONDS:.0f} s"
        checks.append((label, seconds <= TARGET_E2E_SECONDS, f"{seconds:.1f} s"))
    print("\nTargets (wall clock):")
    for label, met, value in checks:
        print(f"  {'met   ' if met else 'MISSED'} {label}: {value}")


# --- main -----------------------------------------------------------------------------------------


def make_workload(args: argparse.Namespace) -> Workload:
    """The sentences and settings every system gets."""
    return Workload(
        sentences=spread(seed_sentences(), args.sentences),
        new_tokens=args.new_tokens,
        batch_size=args.batch_size,
        threads=args.threads,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options; `--quick` runs one round unless `--rounds` is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="One round instead of three.")
    parser.add_argument("--rounds", type=int, help="Timed rounds per system (default 3).")
    parser.add_argument("--sentences", type=int, help="Seed sentences translated (default 32).")
    parser.add_argument("--new-tokens", type=int, default=48, help="Tokens made per sentence.")
    parser.add_argument("--threads", type=int, default=2, help="Threads for every system.")
    parser.add_argument("--batch-size", type=int, default=16, help="Sentences per batch.")
    parser.add_argument("--no-e2e", action="store_true", help="Skip the `wiredesk run` timings.")
    parser.add_argument("--e2e-runs", type=int, default=1, help="`wiredesk run`s per backend.")
    parser.add_argument("--no-memory", action="store_true", help="Skip the peak RSS runs.")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 3)
    # Two batches at least: the default thread split runs them side by side.
    args.sentences = args.sentences or 32
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Build what is missing, measure everything, print the table and the targets."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.child:
        child_main(args.child, args=args)
        return
    settings = get_settings()
    folder = ensure_bench_model(settings)
    int8 = settings.model_copy(update={"compute_type": "int8"})
    convert_model("de", settings=int8, override=str(folder))
    workload = make_workload(args)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at start")
    print(
        f"{len(workload.sentences)} seed sentences ({len(workload.for_system(PLAIN_SINGLE))} "
        f"one at a time), {workload.new_tokens} tokens out each, batches of "
        f"{workload.batch_size}, {workload.threads} threads, {args.rounds} round(s)"
    )
    systems = {
        name: load_system(name, folder=folder, settings=settings, workload=workload)
        for name in SYSTEMS
    }
    results = Results()
    for beams in (4, 1):
        measure_speed(systems, workload=workload, beams=beams, rounds=args.rounds, results=results)
    del systems
    memory = {} if args.no_memory else {n: measure_memory(n, args=args) for n in SYSTEMS}
    e2e = {} if args.no_e2e else _end_to_end_all(folder, args=args)
    print_table(results, memory, beams=(4, 1))
    print()
    print_end_to_end(e2e)
    print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    print_targets(results, memory, e2e)


def _end_to_end_all(folder: Path, *, args: argparse.Namespace) -> dict[str, list[Run]]:
    """`wiredesk run seeds/` `--e2e-runs` times per backend, alternating, CTranslate2 first."""
    runs: dict[str, list[Run]] = {"ctranslate2": [], "transformers": []}
    for _ in range(args.e2e_runs):
        for backend, done in runs.items():
            done.append(end_to_end(backend, folder=folder, args=args))
    return runs


if __name__ == "__main__":
    main()

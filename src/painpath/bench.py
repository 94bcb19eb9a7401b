"""Benchmark: per-note assessment time in-process on the sample notes (python -m painpath.bench).

Reports median and p95 milliseconds per note and notes per second after warm-up, on one core, next to a
baseline measured in the same run (spaCy's tokenizer and sentencizer alone on the same notes), so the figure
can be read on a noisy machine. Not a timed test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy
import yaml

from painpath.adapters.contract_json import to_contract
from painpath.adapters.knowledge_files import load_default
from painpath.cli import SAMPLE_NOTE
from painpath.services.assessment import Assessor


def sample_notes() -> list[str]:
    """The shared sample notes when they sit beside the project, plus the clinic's own cases."""
    notes: list[str] = []
    here = Path(__file__).resolve()
    for base in here.parents:
        shared = base.parent / "shared" / "cases" / "samples.yaml"
        if shared.exists():
            notes += [case["text"] for case in yaml.safe_load(shared.read_text())]
            break
    for path in sorted((here.parents[2] / "tests" / "cases").glob("*.yaml")):
        notes += [case["text"] for case in yaml.safe_load(path.read_text())]
    return notes or [SAMPLE_NOTE]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run: object, notes: list[str], rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for note in notes:
            started = time.perf_counter()
            run(note)  # type: ignore[operator]
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    notes = sample_notes()
    words = statistics.mean(len(n.split()) for n in notes)

    started = time.perf_counter()
    assessor = Assessor(load_default())
    build = time.perf_counter() - started

    def full(note: str) -> object:
        return to_contract(assessor.assess_text(note), assessor.kb)

    baseline_nlp = spacy.blank("en")
    baseline_nlp.add_pipe("sentencizer")
    for note in notes:  # warm-up
        full(note)
        baseline_nlp(note)
    engine = timed(full, notes, args.rounds)
    baseline = timed(baseline_nlp, notes, args.rounds)
    med, p95 = statistics.median(engine), percentile(engine, 0.95)
    print(f"notes: {len(notes)} (mean {words:.0f} words), rounds: {args.rounds}, build: {build:.2f} s")
    print(f"assessment (read + reason + JSON): median {med:.2f} ms, p95 {p95:.2f} ms, {1000 / med:.0f} notes/s")
    print(f"baseline (spaCy tokenizer + sentencizer only): median {statistics.median(baseline):.2f} ms")
    print(f"ratio to baseline: {med / statistics.median(baseline):.1f}x")
    long_notes(notes, full, baseline_nlp, rounds=max(1, args.rounds // 10))


def long_text(notes: list[str], *, words: int | None = None, chars: int | None = None) -> str:
    """A long note built from the case notes, as a letter or a chart of several visits would be."""
    parts: list[str] = []
    size = 0
    while (words is not None and size < words) or (chars is not None and size < chars):
        for note in notes:
            parts.append(note.strip())
            size = len(" ".join(parts).split()) if words is not None else len("\n\n".join(parts))
            if (words is not None and size >= words) or (chars is not None and size >= chars):
                break
    text = "\n\n".join(parts)
    return text if chars is None else text[:chars]


def long_notes(notes: list[str], full: object, baseline_nlp: object, *, rounds: int) -> None:
    """Letters of 500 and 2,000 words and notes of 1k, 10k and 40k characters: time per note and per 1,000
    characters beside the same-run baseline; reading must grow linearly with length."""
    cases = [
        ("letter, 500 words", long_text(notes, words=500)),
        ("letter, 2,000 words", long_text(notes, words=2000)),
        ("note, 1,000 characters", long_text(notes, chars=1000)),
        ("note, 10,000 characters", long_text(notes, chars=10_000)),
        ("note, 40,000 characters", long_text(notes, chars=40_000)),
    ]
    print("long notes (median of rounds; per 1,000 characters should stay flat):")
    for name, text in cases:
        engine = statistics.median(timed(full, [text], rounds))
        baseline = statistics.median(timed(baseline_nlp, [text], rounds))
        per_k = engine / (len(text) / 1000)
        print(f"  {name:24s} {len(text):6d} chars  {engine:8.1f} ms  ({per_k:5.1f} ms per 1,000 chars; "
              f"baseline {baseline:.1f} ms, {engine / baseline:.0f}x)")


if __name__ == "__main__":
    main()

"""Dump the full assessment JSON of every note the project can see, one line per note, to compare two trees.

    PYTHONPATH=src python scripts/assess_dump.py OUT.jsonl          # in each tree (main, a branch)
    python scripts/assess_dump.py --compare A.jsonl B.jsonl         # zero differences expected

Notes: the shared samples and published cases, every tests/cases/*.yaml note, the demo clinic's notes, /work/review/*.yaml notes when
present (or --review DIR, a snapshot: the folder changes while others work), and the bench's long letters and
notes. A speed change must leave every line identical.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def notes(review: Path = Path("/work/review")) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    paths = [
        ROOT.parent / "shared" / "cases" / "samples.yaml",
        ROOT.parent / "shared" / "cases" / "published.yaml",
        *sorted((ROOT / "tests" / "cases").glob("*.yaml")),
        ROOT / "src" / "painpath" / "demo_notes.yaml",
        *sorted(review.glob("*.yaml")),
    ]
    for path in paths:
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text())
        items = data if isinstance(data, list) else (data or {}).get("cases") or (data or {}).get("notes", [])
        for k, case in enumerate(items or []):
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                found.append((f"{path.name}#{case.get('id', k)}", case["text"]))
    from painpath.bench import long_text

    texts = [text for _, text in found]
    for words in (500, 2000):
        found.append((f"letter-{words}w", long_text(texts, words=words)))
    for chars in (1000, 10_000, 40_000):
        found.append((f"note-{chars}c", long_text(texts, chars=chars)))
    return found


def dump(out: Path, review: Path) -> None:
    from painpath.adapters.contract_json import to_contract
    from painpath.adapters.knowledge_files import load_default
    from painpath.services.assessment import Assessor

    assessor = Assessor(load_default())
    with out.open("w") as handle:
        for key, text in notes(review):
            result = to_contract(assessor.assess_text(text), assessor.kb)
            handle.write(json.dumps({"key": key, "result": result}, sort_keys=True, default=str) + "\n")


def compare(a: Path, b: Path) -> int:
    left = a.read_text().splitlines()
    right = b.read_text().splitlines()
    if len(left) != len(right):
        print(f"different note counts: {len(left)} vs {len(right)}")
        return 1
    differ = [json.loads(x)["key"] for x, y in zip(left, right, strict=True) if x != y]
    print(f"compared {len(left)} notes: {len(differ)} differ")
    for key in differ[:20]:
        print("  ", key)
    return 1 if differ else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?")
    parser.add_argument("--compare", nargs=2)
    parser.add_argument("--review", default="/work/review", help="a folder of review cases (a snapshot of one)")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(Path(args.compare[0]), Path(args.compare[1])))
    dump(Path(args.out), Path(args.review))

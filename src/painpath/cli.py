"""Command line: assess a note, check the knowledge base, run the demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="PainPath: decision support for a pain practice.")
kb_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Knowledge base tools.")
app.add_typer(kb_app, name="kb")

SAMPLE_NOTE = (
    "44-year-old nurse with lower back pain radiating to the right calf after lifting a patient, barely sleeping. "
    "Exam: positive straight leg raise on the right, weakness in great toe extension, lateral calf sensory change. "
    "MRI: right L5-S1 paracentral disc herniation."
)


def _fail(message: str) -> None:
    """Unusable input: one line on standard error, exit status 2 (shared/contract/assess.md)."""
    typer.echo(f"painpath: {' '.join(message.split())}", err=True)
    raise typer.Exit(2)


def _assessor() -> Any:
    from painpath.adapters.knowledge_files import load_default
    from painpath.services.assessment import Assessor

    return Assessor(load_default())


@app.command()
def assess(
    text: Annotated[str | None, typer.Option("--text", help="the pain story or clinical note")] = None,
    file: Annotated[str | None, typer.Option("--file", help="a file with the note, or - for standard input")] = None,
    intake: Annotated[str | None, typer.Option("--intake", help="a structured intake JSON file")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, or text for a person")] = "text",
) -> None:
    """Assess one note: red flags, triage, differential and plan."""
    from painpath.adapters.contract_json import to_contract
    from painpath.adapters.intake import IntakeError, intake_to_story, parse_intake
    from painpath.adapters.text_report import render
    from painpath.services.assessment import UnusableInput

    given = [name for name, value in (("--text", text), ("--file", file), ("--intake", intake)) if value is not None]
    if len(given) != 1:
        _fail("give exactly one of --text, --file or --intake")
    if fmt not in {"json", "text"}:
        _fail(f"--format must be json or text, not {fmt!r}")
    assessor = _assessor()
    try:
        if intake is not None:
            raw = _read(intake)
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as err:
                _fail(f"{intake}: not valid JSON ({err.msg} at line {err.lineno})")
            story = intake_to_story(parse_intake(data), assessor.kb, assessor.reader)
            result = assessor.assess_story(story)
        else:
            note = text if text is not None else _read(file or "-")
            result = assessor.assess_text(note)
    except (UnusableInput, IntakeError) as err:
        _fail(str(err))
    output = to_contract(result, assessor.kb)
    if fmt == "json":
        typer.echo(json.dumps(output, ensure_ascii=False))
    else:
        typer.echo(render(output))


def _read(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except IsADirectoryError:
        _fail(f"{path}: is a directory, not a file")
    except PermissionError:
        _fail(f"{path}: permission denied")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    raise AssertionError("unreachable")


@kb_app.command("check")
def kb_check(
    vocabulary: Annotated[str | None, typer.Option(help="shared vocabulary.yaml to check ids against")] = None,
) -> None:
    """Validate the knowledge base: unknown ids, missing sources, impossible values."""
    import yaml

    from painpath.adapters.knowledge_files import KnowledgeError, iter_problems, knowledge_dir, load

    try:
        kb = load(knowledge_dir())
    except KnowledgeError as err:
        typer.echo(f"knowledge base invalid: {err}", err=True)
        raise typer.Exit(1) from err
    vocab_path = Path(vocabulary) if vocabulary else _default_vocabulary()
    vocab = yaml.safe_load(vocab_path.read_text(encoding="utf-8")) if vocab_path and vocab_path.exists() else None
    from painpath.adapters.instrument_files import iter_outcome_problems

    problems = list(iter_problems(kb, vocab)) + list(iter_outcome_problems(kb, vocab))
    for problem in problems:
        typer.echo(f"problem: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    lrs = len(kb.likelihoods)
    expert = sum(1 for lr in kb.likelihoods if kb.sources[lr.source].kind == "expert")
    typer.echo(
        f"knowledge base {kb.version} ok: {len(kb.conditions)} conditions, {len(kb.findings)} findings, "
        f"{lrs} likelihood ratios ({lrs - expert} published, {expert} expert estimates), "
        f"{len(kb.red_flags)} red-flag rules, {len(kb.triage_rules)} triage rules, {len(kb.sources)} sources"
        + ("" if vocab else " (shared vocabulary not found: contract ids not checked)")
    )


def _default_vocabulary() -> Path | None:
    for base in [Path.cwd(), *Path.cwd().parents]:
        candidate = base / "shared" / "contract" / "vocabulary.yaml"
        if candidate.exists():
            return candidate
        sibling = base.parent / "shared" / "contract" / "vocabulary.yaml"
        if sibling.exists():
            return sibling
    return None


@app.command()
def demo() -> None:
    """Assess a sample note, then any story typed at the prompt (an empty line or Ctrl-D ends)."""
    from painpath.adapters.contract_json import to_contract
    from painpath.adapters.text_report import render
    from painpath.services.assessment import UnusableInput

    assessor = _assessor()
    typer.echo(f"Sample note:\n  {SAMPLE_NOTE}\n")
    typer.echo(render(to_contract(assessor.assess_text(SAMPLE_NOTE), assessor.kb)))
    while True:
        try:
            story = input("\nType a pain story (empty line to quit): ")
        except EOFError:
            break
        if not story.strip():
            break
        try:
            typer.echo(render(to_contract(assessor.assess_text(story), assessor.kb)))
        except UnusableInput as err:
            typer.echo(f"painpath: {err}", err=True)


def _register_service_commands() -> None:
    from painpath.cli_service import register

    register(app)


_register_service_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""`painpath assess` as shared/contract/assess.md fixes it: JSON, text, stdin, intake, exit 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PAINPATH = [sys.executable, "-m", "painpath.cli"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PAINPATH, *args], capture_output=True, text=True, input=stdin, timeout=120)


def test_json_output_follows_the_contract() -> None:
    out = run("assess", "--text", "Severe low back pain, sciatica in both legs and new difficulty passing urine.", "--format", "json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["triage"]["level"] == "emergency"
    assert [f["id"] for f in result["red_flags"]] == ["cauda_equina_syndrome"]
    assert len(result["differential"]) >= 3
    assert result["kb_version"]


def test_note_on_standard_input() -> None:
    out = run("assess", "--file", "-", "--format", "json", stdin="Throbbing one-sided headaches with nausea twice a month.")
    assert out.returncode == 0
    assert json.loads(out.stdout)["differential"][0]["condition"] == "migraine"


def test_text_report_for_a_person_puts_red_flags_first() -> None:
    out = run("assess", "--text", "Back pain with fever and chills after a spinal injection.")
    assert out.returncode == 0
    assert out.stdout.index("RED FLAGS") < out.stdout.index("TRIAGE") < out.stdout.index("WORKING DIFFERENTIAL")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "--text", "   "], "the note is empty"),
        (["assess", "--file", "/nonexistent/note.txt"], "no such file"),
        (["assess", "--text", "pain", "--format", "xml"], "--format must be json or text"),
        (["assess"], "give exactly one of"),
    ],
)
def test_unusable_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_structured_intake(tmp_path: Path) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps({
        "age": 70, "sex": "female", "locations": ["knee"],
        "findings": {"crepitus": "present", "bony_enlargement": "present", "brief_stiffness": "present"},
        "story": "Knee pain on stairs.",
    }))
    out = run("assess", "--intake", str(intake), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["differential"][0]["condition"] == "knee_osteoarthritis"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"age": 300, "story": "back pain"}, "intake field 'age'"),
        ({"findings": {"made_up": "present"}}, "unknown finding id 'made_up'"),
        ({"locations": ["elbowpit"]}, "unknown region 'elbowpit'"),
        ({"colour": "blue"}, "intake field 'colour'"),
        ({}, "nothing to assess"),
    ],
)
def test_invalid_intake_exits_2_saying_what_to_fix(tmp_path: Path, body: dict, message: str) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps(body))
    out = run("assess", "--intake", str(intake))
    assert out.returncode == 2
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_intake_that_is_not_json(tmp_path: Path) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text("{not json")
    out = run("assess", "--intake", str(intake))
    assert out.returncode == 2
    assert "not valid JSON" in out.stderr

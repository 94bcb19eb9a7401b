"""The dependency rule is a test: the domain imports only the standard library."""

from __future__ import annotations

import subprocess
import sys


def test_domain_imports_no_third_party_package() -> None:
    code = (
        "import sys; import painpath.domain.engine, painpath.domain.model, painpath.domain.rules; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'spacy','medspacy','yaml','pydantic','sqlalchemy','fastapi','typer'}); print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

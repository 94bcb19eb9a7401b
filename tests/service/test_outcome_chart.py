"""The trend chart endpoint: one instrument's scores as SVG, with procedures and medication changes marked."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from tests.service.test_outcome_summary import STALLED, rate

SVG = "{http://www.w3.org/2000/svg}"


def test_the_rating_chart_is_svg_with_one_line_per_site_and_the_treatments_marked(clinic: Any) -> None:
    rate(clinic, clinic.patient_a, STALLED)
    rate(clinic, clinic.patient_a, [("2026-01-05", 6), ("2026-02-02", 3)], site="neck")
    post = lambda path, body: clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/{path}", json=body)  # noqa: E731
    assert post("procedures", {"option_id": "epidural_steroid_injection", "performed_on": "2026-01-12"}).status_code == 201
    medication = {"name": "duloxetine", "dose": 30, "unit": "mg", "status": "trial", "started_on": "2026-02-20"}
    assert post("medications", medication).status_code == 201
    response = clinic.call("patient", "GET", f"/api/patients/{clinic.patient_a}/outcomes/nrs/chart")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.text)  # well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Pain rating (0-10)"  # type: ignore[union-attr]
    text = response.text
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "low back" in text and "neck" in text
    assert "epidural steroid injection" in text and "duloxetine started" in text
    assert "epidural_steroid_injection" not in text  # the procedure by its name, not its code
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert sum("2026-01-05" in t and "8" in t for t in titles) >= 1  # the low-back baseline point


def test_chart_errors_name_the_instrument_or_say_there_is_nothing_to_chart(clinic: Any) -> None:
    bad = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/outcomes/phq_9/chart")
    assert bad.status_code == 422 and "phq9" in bad.json()["detail"]
    empty = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/outcomes/odi/chart")
    assert empty.status_code == 404 and "no scored odi" in empty.json()["detail"]
    rate(clinic, clinic.patient_b, STALLED)
    other = clinic.call("patient", "GET", f"/api/patients/{clinic.patient_b}/outcomes/nrs/chart")
    assert other.status_code == 404 and "low back" not in other.text

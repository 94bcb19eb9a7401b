"""CDS Hooks 2.0 at /cds-services: discovery, JWT-signed calls from a registered client, cards from the knowledge
base's own rules (order review, patient view, booking window), prefetch fetched from the EHR's FHIR server when
not sent, and feedback on cards."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from painpath.adapters.db.cds_store import CdsRecords
from painpath.adapters.db.database import session_factory

ISSUER = "https://ehr.example.org"
BASE = "http://testserver/cds-services"
CES = ("52-year-old man with low back pain for 2 weeks. Since this morning saddle numbness and he has not passed "
       "urine since last night.")


class Ehr:
    """A registered CDS client: its private key signs a fresh JWT per call, as the spec asks."""

    def __init__(self, clinic: Any, name: str = "test-ehr", issuer: str = ISSUER) -> None:
        self.clinic, self.issuer = clinic, issuer
        self.key = ec.generate_private_key(ec.SECP384R1())
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": f"{name}-1", "alg": "ES384", "use": "sig"})
        self.kid = public["kid"]
        self.client = CdsRecords(session_factory(clinic.engine)).add_client(name, issuer, jwks={"keys": [public]})

    def token(self, aud: str, **changes: Any) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "client", "aud": aud, "exp": now + 300, "iat": now,
                  "jti": str(uuid.uuid4())}
        claims.update(changes)
        return jwt.encode(claims, self.key, algorithm="ES384", headers={"kid": self.kid, "jku": ""})

    def post(self, path: str, body: dict[str, Any], *, token: str | None = None) -> Any:
        url = f"{BASE}/{path}"
        return self.clinic.client.post(url, json=body, headers={"Authorization": f"Bearer {token or self.token(url)}"})


def ehr_patient(mrn: str | None = "A-0001", born: date | None = None) -> dict[str, Any]:
    born = born or date(date.today().year - 72, 1, 15)
    patient: dict[str, Any] = {"resourceType": "Patient", "id": "ehr-1", "gender": "female",
                               "birthDate": born.isoformat()}
    if mrn:
        patient["identifier"] = [{"system": "http://hospital.example/mrn", "value": "H-77"},
                                 {"system": "urn:painpath:mrn", "value": mrn}]
    return patient


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def med_request(drug: str, rid: str = "draft-1", **dosage: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "MedicationRequest", "id": rid, "status": "draft", "intent": "order",
                                "subject": {"reference": "Patient/ehr-1"},
                                "medicationCodeableConcept": {"text": drug}}
    if dosage:
        resource["dosageInstruction"] = [dosage]
    return resource


def order_context(*drafts: dict[str, Any], selections: list[str] | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {"userId": "Practitioner/9", "patientId": "ehr-1", "draftOrders": bundle(*drafts)}
    if selections is not None:
        context["selections"] = selections
    return context


RISKY_PREFETCH = {
    "patient": ehr_patient(),
    "medications": bundle(med_request("diazepam 5 mg tablet", "m1", text="5 mg at night")),
    "conditions": bundle({"resourceType": "Condition", "code": {"text": "Obstructive sleep apnoea"}}),
    "egfr": bundle({"resourceType": "Observation", "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "62238-1"}], "text": "eGFR"},
                    "valueQuantity": {"value": 25, "unit": "mL/min/1.73m2"}}),
}


def hook(name: str, context: dict[str, Any], prefetch: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"hook": name, "hookInstance": str(uuid.uuid4()), "context": context}
    if prefetch is not None:
        body["prefetch"] = prefetch
    body.update(extra)
    return body


def test_discovery_lists_every_service_with_its_hook_and_prefetch(clinic: Any) -> None:
    found = clinic.client.get("/cds-services")
    assert found.status_code == 200
    services = {s["id"]: s for s in found.json()["services"]}
    assert {s["hook"] for s in services.values()} == {"patient-view", "order-select", "order-sign",
                                                     "appointment-book"}
    sign = services["painpath-order-sign"]
    assert sign["prefetch"]["medications"] == "MedicationRequest?patient={{context.patientId}}&status=active"
    assert all(s["title"] and s["description"] for s in services.values())


def test_a_call_needs_a_fresh_jwt_from_a_registered_client_for_this_url(clinic: Any) -> None:
    ehr = Ehr(clinic)
    url = f"{BASE}/painpath-order-sign"
    body = hook("order-sign", order_context(med_request("ibuprofen 400 mg three times a day")), RISKY_PREFETCH)
    assert clinic.client.post(url, json=body).status_code == 401
    stranger = ec.generate_private_key(ec.SECP384R1())
    forged = jwt.encode({"iss": ISSUER, "aud": url, "exp": int(time.time()) + 60, "iat": int(time.time()),
                         "jti": "x"}, stranger, algorithm="ES384", headers={"kid": ehr.kid})
    refusals = {
        "no client": ehr.post("painpath-order-sign", body, token="not-a-jwt"),
        "forged": ehr.post("painpath-order-sign", body, token=forged),
        "expired": ehr.post("painpath-order-sign", body, token=ehr.token(url, exp=int(time.time()) - 120,
                                                                           iat=int(time.time()) - 400)),
        "other audience": ehr.post("painpath-order-sign", body, token=ehr.token(f"{BASE}/painpath-patient-view")),
        "unknown issuer": ehr.post("painpath-order-sign", body, token=ehr.token(url, iss="https://other.example")),
    }
    for why, response in refusals.items():
        assert response.status_code == 401, why
    token = ehr.token(url)
    assert ehr.post("painpath-order-sign", body, token=token).status_code == 200
    replay = ehr.post("painpath-order-sign", body, token=token)
    assert replay.status_code == 401 and "already used" in replay.json()["detail"]


def test_an_opioid_order_shows_the_new_mme_the_benzodiazepine_and_naloxone(clinic: Any) -> None:
    ehr = Ehr(clinic)
    draft = med_request("oxycodone 10 mg tablet", doseAndRate=[{"doseQuantity": {"value": 10, "unit": "mg"}}],
                        timing={"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}})
    response = ehr.post("painpath-order-sign", hook("order-sign", order_context(draft), RISKY_PREFETCH))
    assert response.status_code == 200, response.text
    cards = response.json()["cards"]
    summaries = [c["summary"] for c in cards]
    assert "With this order: 60 MME/day (was 0)" in summaries
    mme = next(c for c in cards if c["summary"].startswith("With this order"))
    assert mme["indicator"] == "warning" and "50" in mme["detail"]
    assert mme["source"]["url"].startswith("https://www.cdc.gov/")
    benzo = next(c for c in cards if "benzodiazepine" in c["summary"])
    assert benzo["indicator"] == "critical"
    naloxone = next(c for c in cards if c["summary"].startswith("Naloxone advised"))
    action = naloxone["suggestions"][0]["actions"][0]
    assert action["type"] == "create" and action["resource"]["resourceType"] == "MedicationRequest"
    assert action["resource"]["medicationCodeableConcept"]["text"] == "naloxone"
    order = [c["indicator"] for c in cards]
    assert order == sorted(order, key=["critical", "warning", "info"].index)
    assert all(len(c["summary"]) <= 140 and uuid.UUID(c["uuid"]) and c["source"]["label"] for c in cards)


def test_an_nsaid_is_refused_for_failing_kidneys_and_allowed_when_they_are_normal(clinic: Any) -> None:
    ehr = Ehr(clinic)
    draft = med_request("ibuprofen 400 mg tablet", text="400 mg three times a day")
    risky = ehr.post("painpath-order-select", hook("order-select", order_context(draft, selections=[
        "MedicationRequest/draft-1"]), RISKY_PREFETCH)).json()["cards"]
    kidney = [c for c in risky if c["indicator"] == "critical" and "kidney" in c["detail"]]
    assert kidney and "eGFR 25" in kidney[0]["detail"]
    healthy = dict(RISKY_PREFETCH, egfr=bundle({
        "resourceType": "Observation", "status": "final", "code": {"text": "eGFR"},
        "valueQuantity": {"value": 88}}), patient=ehr_patient(born=date(date.today().year - 40, 3, 1)))
    calm = ehr.post("painpath-order-select", hook("order-select", order_context(draft, selections=[
        "MedicationRequest/draft-1"]), healthy)).json()["cards"]
    assert not [c for c in calm if "kidney" in c["detail"]]
    # only the selected order is reviewed on selection
    other = ehr.post("painpath-order-select", hook("order-select", order_context(draft, selections=[
        "MedicationRequest/something-else"]), RISKY_PREFETCH)).json()["cards"]
    assert other == []


def test_ablation_needs_two_recorded_blocks_and_suggests_ordering_the_block(clinic: Any) -> None:
    ehr = Ehr(clinic)
    rfa = {"resourceType": "ServiceRequest", "id": "sr-1", "status": "draft", "intent": "order",
           "subject": {"reference": "Patient/ehr-1"},
           "code": {"text": "Radiofrequency ablation of lumbar medial branch nerves L4-L5"}}
    prefetch = dict(RISKY_PREFETCH, medications=bundle(), conditions=bundle())
    first = ehr.post("painpath-order-sign", hook("order-sign", order_context(rfa), prefetch)).json()["cards"]
    gate = next(c for c in first if "not yet eligible" in c["summary"])
    assert gate["indicator"] == "critical"
    suggested = gate["suggestions"][0]["actions"][0]["resource"]
    assert suggested["resourceType"] == "ServiceRequest"
    assert suggested["code"]["coding"][0]["code"] == "medial_branch_block"
    today = date.today()
    for sequence, days_ago in ((1, 30), (2, 10)):
        recorded = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures",
                               json={"option_id": "medial_branch_block", "sequence": sequence,
                                     "performed_on": (today - timedelta(days=days_ago)).isoformat(),
                                     "relief_percent": 85, "duration_hours": 6})
        assert recorded.status_code == 201, recorded.text
    after = ehr.post("painpath-order-sign", hook("order-sign", order_context(rfa), prefetch)).json()["cards"]
    assert not [c for c in after if "not yet eligible" in c["summary"]]


def test_patient_view_shows_painpaths_open_red_flags_for_a_patient_it_knows(clinic: Any) -> None:
    ehr = Ehr(clinic)
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    context = {"userId": "Practitioner/9", "patientId": "ehr-1"}
    cards = ehr.post("painpath-patient-view", hook("patient-view", context, {"patient": ehr_patient()})).json()
    emergency = [c for c in cards["cards"] if c["indicator"] == "critical"]
    assert emergency and emergency[0]["summary"].startswith("PainPath") and "emergency" in emergency[0]["summary"]
    assert "Alvarez" not in json.dumps(cards)  # the EHR knows its patient; PainPath sends no demographics
    unknown = ehr.post("painpath-patient-view", hook("patient-view", context, {"patient": ehr_patient(mrn=None)}))
    assert unknown.status_code == 200 and unknown.json() == {"cards": []}
    with clinic.session() as session:
        from sqlalchemy import text
        users = {r[0] for r in session.execute(text("select username from audit_log")).all()}
    assert "cds:test-ehr" in users


def test_missing_prefetch_is_fetched_from_the_ehr_with_its_token_or_answers_412(clinic: Any) -> None:
    ehr = Ehr(clinic)
    seen: list[tuple[str, str]] = []

    class FhirServer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Authorization", "")))
            if self.headers.get("Authorization") != "Bearer ehr-access-token":
                self.send_response(401)
                self.end_headers()
                return
            path = self.path.split("?", 1)[0]
            body = {"/fhir/Patient/ehr-1": RISKY_PREFETCH["patient"],
                    "/fhir/MedicationRequest": RISKY_PREFETCH["medications"],
                    "/fhir/Condition": RISKY_PREFETCH["conditions"],
                    "/fhir/Observation": RISKY_PREFETCH["egfr"]}.get(path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/fhir+json")
            self.end_headers()
            self.wfile.write(json.dumps(body or {}).encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), FhirServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        draft = med_request("ibuprofen 400 mg tablet", text="400 mg three times a day")
        fetched = ehr.post("painpath-order-sign", hook(
            "order-sign", order_context(draft), None, fhirServer=f"http://127.0.0.1:{server.server_port}/fhir",
            fhirAuthorization={"access_token": "ehr-access-token", "token_type": "Bearer", "expires_in": 300,
                               "scope": "user/*.read", "subject": "painpath"}))
        assert fetched.status_code == 200, fetched.text
        assert any("eGFR 25" in c["detail"] for c in fetched.json()["cards"])
        assert {p.split("?")[0] for p, _ in seen} == {"/fhir/Patient/ehr-1", "/fhir/MedicationRequest",
                                                     "/fhir/Condition", "/fhir/Observation"}
        assert all(auth == "Bearer ehr-access-token" for _, auth in seen)
        refused = ehr.post("painpath-order-sign", hook(
            "order-sign", order_context(draft), None, fhirServer=f"http://127.0.0.1:{server.server_port}/fhir",
            fhirAuthorization={"access_token": "wrong", "token_type": "Bearer"}))
        assert refused.status_code == 412 and "401" in refused.json()["detail"]
    finally:
        server.shutdown()
    nowhere = ehr.post("painpath-order-sign", hook("order-sign", order_context(draft)))
    assert nowhere.status_code == 412 and "prefetch" in nowhere.json()["detail"]


def test_appointment_book_warns_when_the_slot_is_later_than_the_triage_allows(clinic: Any) -> None:
    ehr = Ehr(clinic)
    foot_drop = ("45-year-old with sciatica for 3 weeks, since yesterday he cannot lift his left foot and it is "
                 "getting weaker")
    made = clinic.call("clinician", "POST", "/api/assessments", json={"text": foot_drop,
                                                                      "patient_id": clinic.patient_a})
    level = made.json()["triage"]["level"] if "triage" in made.json() else made.json()["output"]["triage"]["level"]
    assert level == "urgent", made.text

    def booking(days: int) -> list[dict[str, Any]]:
        start = (date.today() + timedelta(days=days)).isoformat() + "T09:00:00Z"
        context = {"userId": "Practitioner/9", "patientId": "ehr-1", "appointments": bundle(
            {"resourceType": "Appointment", "id": "ap-1", "status": "proposed", "start": start})}
        answer = ehr.post("painpath-appointment-book", hook("appointment-book", context, {"patient": ehr_patient()}))
        assert answer.status_code == 200, answer.text
        return list(answer.json()["cards"])

    late = booking(18)
    assert late and late[0]["indicator"] == "critical" and "urgent" in late[0]["summary"]
    assert booking(0) == []


def test_feedback_records_accepted_and_overridden_cards_of_this_client_only(clinic: Any) -> None:
    ehr = Ehr(clinic)
    draft = med_request("oxycodone 10 mg tablet", text="10 mg every 6 hours")
    cards = ehr.post("painpath-order-sign", hook("order-sign", order_context(draft), RISKY_PREFETCH)).json()["cards"]
    naloxone = next(c for c in cards if c["summary"].startswith("Naloxone"))
    benzo = next(c for c in cards if "benzodiazepine" in c["summary"])
    now = "2026-01-01T10:00:00Z"
    sent = ehr.post("painpath-order-sign/feedback", {"feedback": [
        {"card": naloxone["uuid"], "outcome": "accepted", "acceptedSuggestions": [{"id": "s1"}],
         "outcomeTimestamp": now},
        {"card": benzo["uuid"], "outcome": "overridden", "outcomeTimestamp": now,
         "overrideReason": {"reason": {"code": "benefit", "display": "benefit outweighs risk"},
                            "userComment": "palliative, reviewed with family"}}]})
    assert sent.status_code == 200 and sent.json() == {"recorded": 2}
    stored = CdsRecords(session_factory(clinic.engine)).feedback_for(benzo["uuid"])
    assert [(f.outcome, f.override_reason, f.user_comment) for f in stored] == [
        ("overridden", "benefit outweighs risk", "palliative, reviewed with family")]
    unknown = ehr.post("painpath-order-sign/feedback", {"feedback": [
        {"card": str(uuid.uuid4()), "outcome": "accepted", "outcomeTimestamp": now}]})
    assert unknown.status_code == 404
    other = Ehr(clinic, name="other-ehr", issuer="https://other-ehr.example")
    stolen = other.post("painpath-order-sign/feedback", {"feedback": [
        {"card": naloxone["uuid"], "outcome": "overridden", "outcomeTimestamp": now}]})
    assert stolen.status_code == 404
    assert len(CdsRecords(session_factory(clinic.engine)).feedback_for(naloxone["uuid"])) == 1


@pytest.mark.parametrize("bad", [
    {"hook": "order-sign", "context": {}},  # no hookInstance
    {"hook": "patient-view", "hookInstance": "x", "context": {"patientId": "ehr-1"}},  # wrong hook
    {"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "ehr-1"}, "prefetch": {}},  # no drafts
])
def test_malformed_calls_say_what_to_fix(clinic: Any, bad: dict[str, Any]) -> None:
    ehr = Ehr(clinic)
    response = ehr.post("painpath-order-sign", bad)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_command_line_registers_a_client_whose_minted_tokens_are_accepted(clinic: Any, tmp_path: Any,
                                                                             monkeypatch: Any) -> None:
    from typer.testing import CliRunner

    from painpath.adapters.cds_auth import private_key_file, public_jwks
    from painpath.cli import app

    key_file = tmp_path / "ehr.pem"
    jwks_file = tmp_path / "ehr.jwks.json"
    jwks_file.write_text(json.dumps(public_jwks(private_key_file(key_file), "cli-1")))
    assert (key_file.stat().st_mode & 0o777) == 0o600
    monkeypatch.setenv("PAINPATH_DATABASE_URL", clinic.url)
    runner = CliRunner()
    added = runner.invoke(app, ["cds-client", "add", "cli-ehr", "--issuer", "https://cli-ehr.example",
                                "--jwks", str(jwks_file)])
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["cds-client", "add", "cli-ehr", "--issuer", "https://cli-ehr.example",
                                "--jwks", str(jwks_file)])
    assert again.exit_code == 1 and "already registered" in again.output
    leaky_file = tmp_path / "leaky.json"  # a private JWK by mistake: refused, it must never sit in the database
    leaky_file.write_text(jwt.algorithms.ECAlgorithm.to_jwk(private_key_file(key_file)))
    private = runner.invoke(app, ["cds-client", "add", "leaky", "--issuer", "https://leaky.example",
                                  "--jwks", str(leaky_file)])
    assert private.exit_code == 2 and "private key" in private.output
    url = f"{BASE}/painpath-patient-view"
    minted = runner.invoke(app, ["cds-client", "token", "--key", str(key_file), "--issuer",
                                 "https://cli-ehr.example", "--aud", url, "--kid", "cli-1"])
    assert minted.exit_code == 0, minted.output
    answer = clinic.client.post(url, json=hook("patient-view", {"patientId": "ehr-1"}, {"patient": ehr_patient()}),
                                headers={"Authorization": f"Bearer {minted.output.strip()}"})
    assert answer.status_code == 200 and answer.json() == {"cards": []}

"""A FHIR R4 transaction Bundle from another system read into PainPath records, checked whole before anything is
stored: every problem names its entry and element (entry[2].resource.birthDate) and nothing of a bad bundle is
saved. Each resource is matched by its identifier (system|value), so posting the same bundle twice changes
nothing.

Imported: Patient, MedicationStatement, AllergyIntolerance, Observation (a questionnaire total whose LOINC code or
PainPath instrument id is known), Procedure (a pain procedure of the plan vocabulary, with the relief as its
outcome), Condition (a problem-list entry of the other system, kept as that system's problem beside PainPath's own
differential) and DocumentReference (a clinical note or referral letter as a text/plain attachment, kept as an
outside record whose note a clinician can assess). A resource refers to its patient by the Patient entry's
fullUrl, a conditional reference (Patient?identifier=system|value) or Patient/{PainPath id}."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from painpath.adapters.fhir_r4 import MRN_SYSTEM
from painpath.services.cds import concept_text, times_a_day

IMPORTABLE = ("Patient", "MedicationStatement", "AllergyIntolerance", "Observation", "Procedure", "Condition",
              "DocumentReference")
CLINICAL_STATUS = ("active", "recurrence", "relapse", "inactive", "remission", "resolved")
NOT_A_PROBLEM = {"entered-in-error", "refuted"}
MAX_NOTE_CHARS = 100_000  # as a note typed in (web/schemas.py Note)
MEDICATION_STATUS = {"active": "current", "intended": "planned", "stopped": "stopped", "completed": "stopped",
                     "on-hold": "stopped"}
SEVERITY = {"mild", "moderate", "severe"}
GENDER = {"male", "female", "other", "unknown"}


class BundleRejected(ValueError):
    """The bundle cannot be imported; ``problems`` are (FHIRPath-like location, what to fix)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {what}" for where, what in problems))
        self.problems = problems


@dataclass
class ImportEntry:
    index: int
    kind: str  # patient | medication | allergy | outcome | procedure | problem | document
    system: str
    value: str
    fields: dict[str, Any]
    patient: tuple[str, str] | int | None = None  # an identifier in the bundle, or a PainPath patient id
    full_url: str = ""


@dataclass
class ImportPlan:
    entries: list[ImportEntry] = field(default_factory=list)


def read_bundle(bundle: Any, *, instruments: dict[str, str], procedures: dict[str, str]) -> ImportPlan:
    """``instruments``: LOINC code or instrument id -> instrument id; ``procedures``: words or option id -> option
    id (lower case). Raises BundleRejected with every problem found."""
    problems: list[tuple[str, str]] = []
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise BundleRejected([("Bundle", "send a Bundle resource")])
    if bundle.get("type") != "transaction":
        raise BundleRejected([("Bundle.type", "must be 'transaction' (all entries stored, or none)")])
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        raise BundleRejected([("Bundle.entry", "a transaction needs at least one entry")])
    if len(entries) > 5000:
        raise BundleRejected([("Bundle.entry", "at most 5,000 entries in one bundle: split it")])
    plan = ImportPlan()
    patients_by_url: dict[str, tuple[str, str]] = {}
    for index, entry in enumerate(entries):
        where = f"Bundle.entry[{index}]"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            problems.append((f"{where}.resource", "each entry needs a resource"))
            continue
        kind = resource.get("resourceType")
        if kind not in IMPORTABLE:
            problems.append((f"{where}.resource.resourceType",
                             f"{kind!r} is not imported; send {', '.join(IMPORTABLE)}"))
            continue
        found: list[tuple[str, str]] = []
        read = _READERS[kind]
        item = read(resource, f"{where}.resource", found, instruments, procedures)
        identifier = _identifier(resource, f"{where}.resource", found)
        if item is None or identifier is None or found:
            problems += found
            continue
        item.index, item.system, item.value = index, identifier[0], identifier[1]
        item.full_url = str(entry.get("fullUrl") or "")
        if kind == "Patient":
            if item.full_url:
                patients_by_url[item.full_url] = identifier
        else:
            item.patient = _patient_reference(resource, f"{where}.resource", problems)
        plan.entries.append(item)
    for item in plan.entries:  # bundle-internal references to the Patient entry's fullUrl
        if isinstance(item.patient, tuple) and item.patient[0] == "fullUrl":
            target = patients_by_url.get(item.patient[1])
            if target is None:
                problems.append((f"Bundle.entry[{item.index}].resource.subject",
                                 f"{item.patient[1]} is not the fullUrl of a Patient entry in this bundle"))
            item.patient = target
    keys = [(e.kind, e.system, e.value) for e in plan.entries]
    for key in {k for k in keys if keys.count(k) > 1}:
        problems.append((f"Bundle.entry[{keys.index(key)}].resource.identifier",
                         f"{key[1]}|{key[2]} appears twice in this bundle for {key[0]}"))
    if problems:
        raise BundleRejected(problems)
    return plan


def _identifier(resource: dict[str, Any], where: str, problems: list[tuple[str, str]]) -> tuple[str, str] | None:
    master = resource.get("masterIdentifier")  # a DocumentReference's own identifier
    for identifier in [*(resource.get("identifier") or []), *([master] if isinstance(master, dict) else [])]:
        if isinstance(identifier, dict) and isinstance(identifier.get("system"), str) and \
                isinstance(identifier.get("value"), str) and identifier["value"].strip():
            return identifier["system"][:200], identifier["value"].strip()[:200]
    problems.append((f"{where}.identifier", "give an identifier with system and value: it is how a second "
                                            "import finds this record instead of copying it"))
    return None


def _patient_reference(resource: dict[str, Any], where: str,
                       problems: list[tuple[str, str]]) -> tuple[str, str] | int | None:
    element = "patient" if resource.get("resourceType") == "AllergyIntolerance" else "subject"
    reference = (resource.get(element) or {}).get("reference") if isinstance(resource.get(element), dict) else None
    if not isinstance(reference, str) or not reference:
        problems.append((f"{where}.{element}", "refer to the patient (the Patient entry's fullUrl, "
                                               "Patient?identifier=system|value, or Patient/{id})"))
        return None
    conditional = re.fullmatch(r"Patient\?identifier=([^|]+)\|(.+)", reference)
    if conditional:
        return conditional.group(1), conditional.group(2)
    local = re.fullmatch(r"Patient/([0-9]{1,10})", reference)
    if local:
        return int(local.group(1))
    return ("fullUrl", reference)


def _day(value: Any, where: str, problems: list[tuple[str, str]], *, required: bool = False) -> date | None:
    if value is None and not required:
        return None
    try:
        day = date.fromisoformat(str(value)[:10]) if isinstance(value, str) and len(value) >= 10 else None
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        problems.append((where, "give a date as YYYY-MM-DD between 1900 and 2100"))
    return day


def _moment(value: Any, where: str, problems: list[tuple[str, str]]) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 1900 <= moment.year <= 2100:
        problems.append((where, "give a dateTime with a time zone, e.g. 2026-03-01T09:30:00Z"))
        return None
    return moment.astimezone(UTC)


def _patient(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], *_: Any) -> ImportEntry | None:
    names = resource.get("name") or []
    name = names[0] if names and isinstance(names[0], dict) else {}
    family = str(name["family"]) if isinstance(name.get("family"), str) else ""
    given = (name.get("given") or [""])[0] if isinstance(name.get("given"), list) else ""
    if not family.strip() or not isinstance(given, str) or not given.strip():
        problems.append((f"{where}.name[0]", "give the family name and a given name"))
    born = _day(resource.get("birthDate"), f"{where}.birthDate", problems, required=True)
    gender = resource.get("gender")
    if gender is not None and gender not in GENDER:
        problems.append((f"{where}.gender", f"use one of {', '.join(sorted(GENDER))}"))
    mrn = next((i.get("value") for i in resource.get("identifier") or []
                if isinstance(i, dict) and i.get("system") == MRN_SYSTEM and isinstance(i.get("value"), str)), None)
    telecom = {t.get("system"): t.get("value") for t in resource.get("telecom") or [] if isinstance(t, dict)}
    return ImportEntry(0, "patient", "", "", {
        "mrn": mrn, "family_name": family.strip()[:100], "given_name": str(given).strip()[:100],
        "birth_date": born, "sex": gender if gender in {"male", "female", "other"} else None,
        "phone": str(telecom["phone"])[:40] if telecom.get("phone") else None,
        "email": str(telecom["email"])[:200] if telecom.get("email") else None})


def _medication(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], *_: Any) -> ImportEntry | None:
    name = concept_text(resource.get("medicationCodeableConcept"))
    if not name:
        problems.append((f"{where}.medicationCodeableConcept", "name the medication (text or a coding display)"))
    status = resource.get("status")
    if status not in MEDICATION_STATUS:
        problems.append((f"{where}.status", f"use one of {', '.join(MEDICATION_STATUS)}"))
    dosage = (resource.get("dosage") or [{}])[0]
    dosage = dosage if isinstance(dosage, dict) else {}
    quantity = ((dosage.get("doseAndRate") or [{}])[0] or {}).get("doseQuantity") or {}
    dose = quantity.get("value") if isinstance(quantity.get("value"), (int, float)) else None
    unit = str(quantity.get("unit") or quantity.get("code") or "")[:10] or None
    per_day = times_a_day(dosage)
    period: dict[str, Any] = resource["effectivePeriod"] if isinstance(resource.get("effectivePeriod"), dict) else {}
    return ImportEntry(0, "medication", "", "", {
        "name": name.lower()[:80], "dose": float(dose) if dose is not None else None, "unit": unit,
        "per_day": per_day, "route": concept_text(dosage.get("route"))[:20] or None,
        "status": MEDICATION_STATUS.get(str(status), "current"),
        "started_on": _day(period.get("start"), f"{where}.effectivePeriod.start", problems),
        "stopped_on": _day(period.get("end"), f"{where}.effectivePeriod.end", problems),
        "effect": "; ".join(concept_text(r) for r in resource.get("statusReason") or [] if concept_text(r))})


def _allergy(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], *_: Any) -> ImportEntry | None:
    substance = concept_text(resource.get("code"))
    if not substance:
        problems.append((f"{where}.code", "name the substance"))
    reactions = [r for r in resource.get("reaction") or [] if isinstance(r, dict)]
    words = [concept_text(m) for r in reactions for m in r.get("manifestation") or []]
    severity = next((r.get("severity") for r in reactions if r.get("severity") in SEVERITY), None)
    return ImportEntry(0, "allergy", "", "", {"substance": substance[:80],
                                              "reaction": "; ".join(w for w in words if w),
                                              "severity": severity or "unknown"})


def _observation(resource: dict[str, Any], where: str, problems: list[tuple[str, str]],
                 instruments: dict[str, str], *_: Any) -> ImportEntry | None:
    codes = [c.get("code") for c in (resource.get("code") or {}).get("coding") or [] if isinstance(c, dict)]
    instrument = next((instruments[c] for c in codes if c in instruments), None)
    if instrument is None:
        problems.append((f"{where}.code", "only questionnaire totals PainPath scores are imported: code them with "
                                          "their LOINC code (e.g. 44261-6 for PHQ-9) or PainPath's instrument id"))
    value = (resource.get("valueQuantity") or {}).get("value") if isinstance(resource.get("valueQuantity"),
                                                                             dict) else None
    if not isinstance(value, (int, float)):
        problems.append((f"{where}.valueQuantity.value", "give the total score as a number"))
    taken = _moment(resource.get("effectiveDateTime"), f"{where}.effectiveDateTime", problems)
    return ImportEntry(0, "outcome", "", "", {"instrument": instrument, "score": value, "taken_at": taken})


def _procedure(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], _: dict[str, str],
               procedures: dict[str, str]) -> ImportEntry | None:
    code = resource.get("code") or {}
    words = [str(c.get("code") or "") for c in code.get("coding") or [] if isinstance(c, dict)] + [concept_text(code)]
    option = next((procedures[w.lower()] for w in words if w.lower() in procedures), None)
    if option is None:
        text = " ".join(words).lower()
        option = next((o for name, o in sorted(procedures.items(), key=lambda kv: -len(kv[0]))
                       if name and re.search(rf"\b{re.escape(name)}\b", text)), None)
    if option is None:
        problems.append((f"{where}.code", "name a pain procedure PainPath tracks (e.g. 'medial branch block')"))
    if resource.get("status") != "completed":
        problems.append((f"{where}.status", "only completed procedures are imported"))
    performed = _day(resource.get("performedDateTime"), f"{where}.performedDateTime", problems, required=True)
    outcome = concept_text(resource.get("outcome"))
    relief = re.search(r"(\d{1,3})\s*%", outcome)
    hours = re.search(r"(\d+(?:\.\d+)?)\s*h(?:ours?)?\b", outcome)
    percent = int(relief.group(1)) if relief else None
    if percent is not None and percent > 100:
        problems.append((f"{where}.outcome", "relief is a percentage from 0 to 100"))
    return ImportEntry(0, "procedure", "", "", {"option_id": option, "performed_on": performed,
                                                "relief_percent": percent,
                                                "duration_hours": float(hours.group(1)) if hours else None,
                                                "functional_gain": ""})


def _condition(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], *_: Any) -> ImportEntry | None:
    code: dict[str, Any] = resource["code"] if isinstance(resource.get("code"), dict) else {}
    text = concept_text(code)
    if not text:
        problems.append((f"{where}.code", "name the problem (text or a coding display)"))
    coding = next((c for c in code.get("coding") or [] if isinstance(c, dict) and isinstance(c.get("system"), str)
                   and isinstance(c.get("code"), str)), {})
    status = _status_code(resource.get("clinicalStatus"))
    if status is not None and status not in CLINICAL_STATUS:
        problems.append((f"{where}.clinicalStatus", f"use one of {', '.join(CLINICAL_STATUS)} "
                                                    "(http://terminology.hl7.org/CodeSystem/condition-clinical)"))
    verification = _status_code(resource.get("verificationStatus"))
    if verification in NOT_A_PROBLEM:
        problems.append((f"{where}.verificationStatus", f"a {verification} condition is not a problem: leave it "
                                                        "out of the bundle"))
    return ImportEntry(0, "problem", "", "", {
        "text": text[:200], "code_system": str(coding["system"])[:200] if coding else None,
        "code": str(coding["code"])[:40] if coding else None,
        "clinical_status": status if status in CLINICAL_STATUS else "active",
        "onset_on": _day(_whole_date(resource.get("onsetDateTime")), f"{where}.onsetDateTime", problems)})


def _whole_date(value: Any) -> Any:
    """A FHIR partial date (2019, 2019-03) as its first day; anything else as it came."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2})?", value):
        return (value + "-01-01")[:10] if len(value) == 4 else value + "-01"
    return value


def _status_code(concept: Any) -> str | None:
    if not isinstance(concept, dict):
        return None
    codes = [c.get("code") for c in concept.get("coding") or [] if isinstance(c, dict)]
    return str(codes[0]) if codes and codes[0] else None


def _document(resource: dict[str, Any], where: str, problems: list[tuple[str, str]], *_: Any) -> ImportEntry | None:
    if resource.get("status") != "current":
        problems.append((f"{where}.status", "only a current document is imported (not superseded or "
                                            "entered-in-error)"))
    contents = resource.get("content")
    attachment = contents[0].get("attachment") if isinstance(contents, list) and contents and \
        isinstance(contents[0], dict) else None
    at = f"{where}.content[0].attachment"
    if not isinstance(attachment, dict):
        problems.append((at, "attach the note's text (contentType text/plain, data in base64)"))
        return None
    content_type = str(attachment.get("contentType") or "")
    charset = re.search(r"charset=([\w-]+)", content_type, re.I)
    if content_type.split(";")[0].strip().lower() != "text/plain":
        problems.append((f"{at}.contentType", f"{content_type or 'no contentType'} is not read: send the note as "
                                              "text/plain (PDF or images are not read)"))
    text = ""
    try:
        raw = base64.b64decode(str(attachment.get("data") or ""), validate=True)
        text = raw.decode(charset.group(1) if charset else "utf-8").replace("\r\n", "\n").strip()
    except (binascii.Error, UnicodeDecodeError, LookupError):
        problems.append((f"{at}.data", "give the note's text in base64 (UTF-8 unless contentType names a charset)"))
    else:
        if not text:
            problems.append((f"{at}.data", "the attachment holds no text: send the note's text in base64"))
        elif "\x00" in text:
            problems.append((f"{at}.data", "the text contains a NUL character (\\u0000): remove it"))
        elif len(text) > MAX_NOTE_CHARS:
            problems.append((f"{at}.data", f"the note is {len(text):,} characters; at most {MAX_NOTE_CHARS:,}"))
    context: dict[str, Any] = resource["context"] if isinstance(resource.get("context"), dict) else {}
    period: dict[str, Any] = context["period"] if isinstance(context.get("period"), dict) else {}
    when = resource.get("date") or period.get("start")
    written = _moment(when, f"{where}.date", problems) if when is not None else datetime.now(UTC)
    authors = [a.get("display") for a in resource.get("author") or [] if isinstance(a, dict)]
    kind = concept_text(resource.get("type")) or str(attachment.get("title") or "") or "Outside document"
    author = next((str(a) for a in authors if isinstance(a, str) and a.strip()), "")
    reason = f"{kind} from {author}" if author else kind
    description = resource.get("description")
    if isinstance(description, str) and description.strip():
        reason += f": {description.strip()}"
    return ImportEntry(0, "document", "", "", {"occurred_at": written, "reason": reason[:400], "note": text,
                                               "kind": "outside_record", "clinician_id": None})


_READERS: dict[str, Any] = {"Patient": _patient, "MedicationStatement": _medication, "AllergyIntolerance": _allergy,
                            "Observation": _observation, "Procedure": _procedure, "Condition": _condition,
                            "DocumentReference": _document}

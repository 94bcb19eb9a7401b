"""CDS Hooks 2.0 use cases (issue 14): read the EHR's context (prefetched FHIR, or fetched from its FHIR server with
the access token it sent), run the knowledge base's own rules, and answer cards.

- patient-view: open red flags and triage, overdue questionnaires, plan reviews and the opioid load with a naloxone
  gap, for a patient PainPath knows (the Patient's PainPath record number identifier).
- order-select / order-sign: draft MedicationRequests (domain/order_review.py: plan safety rules, CDC 2022 MME,
  naloxone, interactions) and draft ServiceRequests for pain procedures (gates, repeat limits, blood-thinner holds).
- appointment-book: the booking window the patient's triage level allows.
Card wording is the knowledge base's; the services add nothing clinical of their own."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from painpath.domain.model import KnowledgeBase, MedicationMention, Observation, PatientStory
from painpath.domain.order_review import (
    CRITICAL,
    INFO,
    WARNING,
    OrderFinding,
    option_for_procedure,
    review_medication_order,
    review_procedure_order,
)
from painpath.domain.plan import ProcedureResponse
from painpath.domain.planning import planning_knowledge
from painpath.domain.scheduling import WindowRule, booking_window
from painpath.services.assessment import Assessor
from painpath.services.errors import Invalid

MRN_SYSTEM = "urn:painpath:mrn"
OPTION_SYSTEM = "urn:painpath:plan-option"
LEVEL_INDICATOR = {"emergency": CRITICAL, "urgent": CRITICAL, "soon": WARNING, "routine": INFO}
_PERIOD_PER_DAY = {"h": 24.0, "d": 1.0, "wk": 1 / 7, "min": 1440.0}


class PrefetchMissing(Exception):
    """Data the service needs was neither prefetched nor fetchable (the spec's 412)."""


@dataclass(frozen=True)
class ServiceDef:
    id: str
    hook: str
    title: str
    description: str
    prefetch: dict[str, str]

    def discovery(self) -> dict[str, Any]:
        return {"id": self.id, "hook": self.hook, "title": self.title, "description": self.description,
                "prefetch": dict(self.prefetch)}


@dataclass(frozen=True)
class CdsCatalog:
    services: dict[str, ServiceDef]
    egfr_loinc: tuple[str, ...]
    source_links: dict[str, str]


class FhirFetcher(Protocol):
    def __call__(self, server: str, query: str, token: str | None) -> dict[str, Any]: ...


class PainPathRecord(Protocol):
    """What the services read from PainPath's own record of the patient (audited reads, adapters/web side)."""

    def find_patient(self, mrn: str) -> int | None: ...
    def latest_plan(self, patient_id: int) -> tuple[str | None, dict[str, Any]]: ...  # (triage, plan json)
    def procedure_responses(self, patient_id: int) -> list[ProcedureResponse]: ...
    def patient_view(self, patient_id: int, today: dt.date,
                     wants_medications: Callable[[dict[str, Any]], bool]) -> PatientViewRecord: ...


class PatientViewRecord(Protocol):
    """What patient-view reads at once: open alerts (level, title, detail), the overdue questionnaires, the
    working assessment's plan and, when ``wants_medications(plan)``, the current medication names."""

    @property
    def alerts(self) -> list[tuple[str, str, str]]: ...
    @property
    def overdue(self) -> list[str]: ...
    @property
    def plan(self) -> dict[str, Any]: ...
    @property
    def medications(self) -> set[str]: ...


@dataclass
class Card:
    summary: str
    indicator: str
    detail: str
    source: dict[str, str]
    rule: str
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    def json(self, card_uuid: str) -> dict[str, Any]:
        body: dict[str, Any] = {"uuid": card_uuid, "summary": self.summary[:140], "indicator": self.indicator,
                                "detail": self.detail, "source": self.source}
        if self.suggestions:
            body["suggestions"] = self.suggestions
            body["selectionBehavior"] = "any"
        return body


@dataclass
class HookCall:
    """One hook request as the spec defines it (already checked for shape by the web layer)."""

    hook: str
    hook_instance: str
    context: dict[str, Any]
    prefetch: dict[str, Any]
    fhir_server: str | None = None
    access_token: str | None = None


class CdsServices:
    def __init__(self, kb: KnowledgeBase, assessor: Assessor, catalog: CdsCatalog, record: PainPathRecord,
                 fetch: FhirFetcher, *, windows: Mapping[str, WindowRule] | None = None,
                 read: Callable[[str], PatientStory] | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        """``read`` is the note reader (spaCy is not promised thread-safe: the web layer passes one that holds
        the engine's lock for each read, and never across a fetch or a database read)."""
        self.kb, self.assessor, self.catalog, self.record, self.fetch = kb, assessor, catalog, record, fetch
        self.read = read or assessor.reader.read
        self.windows = dict(windows) if windows else None
        self.today = today
        self.pk = planning_knowledge(kb)

    # -- entry point ------------------------------------------------------------------------------------
    def call(self, service_id: str, call: HookCall) -> tuple[list[Card], int | None]:
        """Cards for one hook call, and the PainPath patient they concern (None when not known here)."""
        service = self.catalog.services[service_id]
        if call.hook != service.hook:
            raise Invalid(f"hook: this service answers {service.hook!r}, not {call.hook!r}")
        patient_ref = call.context.get("patientId")
        if not isinstance(patient_ref, str) or not patient_ref:
            raise Invalid("context.patientId: required (the EHR's id of the patient in context)")
        needed = {"order-select": "draftOrders", "order-sign": "draftOrders", "appointment-book": "appointments"}
        key = needed.get(service.hook)
        if key is not None and (not isinstance(call.context.get(key), dict)
                                or call.context[key].get("resourceType") != "Bundle"):
            raise Invalid(f"context.{key}: required, a Bundle")
        patient = self._resource(service, call, "patient")
        patient_id = self._painpath_patient(patient)
        if service.hook == "patient-view":
            subject = {"reference": f"Patient/{patient_ref}"}
            return (self._patient_view(patient_id, subject) if patient_id is not None else []), patient_id
        if service.hook in {"order-select", "order-sign"}:
            return self._orders(service, call, patient, patient_id), patient_id
        if service.hook == "appointment-book":
            return self._appointment(call, patient_id), patient_id
        raise Invalid(f"hook {service.hook!r} is not served")

    # -- prefetch ---------------------------------------------------------------------------------------
    def _resource(self, service: ServiceDef, call: HookCall, key: str) -> dict[str, Any] | None:
        """A prefetched resource or Bundle; fetched from the EHR's FHIR server when not sent; PrefetchMissing
        when neither is possible. A prefetch key sent as null means the EHR found nothing: an empty answer."""
        if key in call.prefetch:
            found = call.prefetch[key]
            return found if isinstance(found, dict) else None
        template = service.prefetch.get(key)
        if template is None:
            return None
        if not call.fhir_server:
            raise PrefetchMissing(f"prefetch {key!r} was not sent and no fhirServer was given to fetch it from")
        query = _render(template, call.context)
        return self.fetch(call.fhir_server.rstrip("/"), query, call.access_token)

    @staticmethod
    def _painpath_patient_mrn(patient: dict[str, Any] | None) -> str | None:
        for identifier in (patient or {}).get("identifier") or []:
            if isinstance(identifier, dict) and identifier.get("system") == MRN_SYSTEM and identifier.get("value"):
                return str(identifier["value"])
        return None

    def _painpath_patient(self, patient: dict[str, Any] | None) -> int | None:
        mrn = self._painpath_patient_mrn(patient)
        return self.record.find_patient(mrn) if mrn else None

    # -- patient-view -----------------------------------------------------------------------------------
    def _patient_view(self, patient_id: int, subject: dict[str, str]) -> list[Card]:
        """``subject``: the EHR's own reference to the patient, for the suggestions' draft orders."""
        cards: list[Card] = []
        # one read of the record (one audit entry): the medication list only when the plan has an opioid load
        view = self.record.patient_view(patient_id, self.today(),
                                        lambda plan: bool((plan.get("mme") or {}).get("mme_per_day")))
        for level, title, detail in view.alerts:
            said = title if level in title.lower() else f"{level}: {title}"
            cards.append(Card(f"PainPath {said}", LEVEL_INDICATOR.get(level, INFO), detail,
                              self._source(""), f"alert:{level}"))
        overdue = view.overdue
        if overdue:
            cards.append(Card(f"Overdue PainPath questionnaires: {', '.join(overdue)}", INFO,
                              "Ask the patient to complete them (patient portal) before the next visit.",
                              self._source(""), "overdue_questionnaires"))
        plan = view.plan
        mme = (plan.get("mme") or {}).get("mme_per_day")
        if mme:
            on_naloxone = any(self.pk and self.pk.drug_classes.get(n) == "naloxone" for n in view.medications)
            advised = any(o.get("id") == "naloxone" for s in plan.get("stages") or [] for o in s.get("options", []))
            policy = self.pk.stewardship if self.pk else None
            high = policy is not None and mme >= policy.review_mme
            if advised and not on_naloxone:
                cards.append(Card(f"Opioids {mme:g} MME/day: naloxone advised, none on the medication list",
                                  WARNING, "PainPath's plan offers naloxone for this patient's overdose risk "
                                  "(CDC 2022 recommendation 8).", self._source("cdc2022_naloxone"), "naloxone_gap",
                                  [self._naloxone_suggestion(subject)]))
            else:
                cards.append(Card(f"Opioids {mme:g} MME/day", WARNING if high else INFO,
                                  "Morphine milligram equivalents per day from PainPath's latest assessment "
                                  "(CDC 2022 conversion factors).", self._source("cdc2022_mme"), "mme"))
        return cards

    # -- order-select / order-sign ----------------------------------------------------------------------
    def _orders(self, service: ServiceDef, call: HookCall, patient: dict[str, Any] | None,
                patient_id: int | None) -> list[Card]:
        drafts = call.context.get("draftOrders")
        if not isinstance(drafts, dict) or drafts.get("resourceType") != "Bundle":
            raise Invalid("context.draftOrders: required, a Bundle of the draft orders")
        selections = call.context.get("selections")
        wanted = {s.split("/", 1)[1] for s in selections if isinstance(s, str) and "/" in s} \
            if isinstance(selections, list) and service.hook == "order-select" else None
        orders: list[dict[str, Any]] = [
            e["resource"] for e in drafts.get("entry") or []
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)
            and (wanted is None or e["resource"].get("id") in wanted)]
        if not orders:
            return []
        story = self.story(call, service, patient)
        today = self.today()
        cards: list[Card] = []
        responses = self.record.procedure_responses(patient_id) if patient_id is not None else []
        for index, order in enumerate(orders):
            kind = order.get("resourceType")
            if kind == "MedicationRequest":
                draft = self.medication(order, status="current")
                if draft is None:
                    continue
                findings = review_medication_order(self.kb, story, draft, today=today, enrich=self.assessor.enrich)
            elif kind == "ServiceRequest" and self.pk is not None:
                option = self.procedure_option(order)
                if option is None:
                    continue
                findings = review_procedure_order(self.kb, self.assessor.enrich(story), option, responses,
                                                  today=today)
            else:
                continue
            cards += [self._order_card(f, order, index) for f in findings]
        return cards

    def _order_card(self, finding: OrderFinding, order: dict[str, Any], index: int) -> Card:
        suggestions = []
        if finding.suggest == "naloxone":
            suggestions.append(self._naloxone_suggestion(order.get("subject")))
        elif finding.suggest and self.pk is not None and finding.suggest in self.pk.options:
            label = self.pk.options[finding.suggest].label
            suggestions.append({"label": f"Order a {label}", "actions": [{
                "type": "create", "description": f"Add a {label} order",
                "resource": {"resourceType": "ServiceRequest", "status": "draft", "intent": "order",
                             "subject": order.get("subject") or {},
                             "code": {"coding": [{"system": OPTION_SYSTEM, "code": finding.suggest,
                                                  "display": label}], "text": label}}}]})
        return Card(_sentence(finding.summary), finding.indicator, finding.detail, self._source(finding.source),
                    f"{finding.kind}:{finding.source}"[:80], suggestions)

    def _naloxone_suggestion(self, subject: Any) -> dict[str, Any]:
        option = self.pk.options.get("naloxone") if self.pk else None
        detail = option.detail if option is not None else "naloxone for opioid overdose, with training"
        return {"label": "Add naloxone", "actions": [{
            "type": "create", "description": "Add a naloxone order",
            "resource": {"resourceType": "MedicationRequest", "status": "draft", "intent": "order",
                         "subject": subject or {}, "medicationCodeableConcept": {"text": "naloxone"},
                         "dosageInstruction": [{"text": detail}]}}]}

    # -- appointment-book -------------------------------------------------------------------------------
    def _appointment(self, call: HookCall, patient_id: int | None) -> list[Card]:
        if patient_id is None:
            return []
        triage, _ = self.record.latest_plan(patient_id)
        if triage is None:
            return []
        appointments = call.context.get("appointments")
        if not isinstance(appointments, dict) or appointments.get("resourceType") != "Bundle":
            raise Invalid("context.appointments: required, a Bundle of the proposed appointments")
        window = booking_window(triage, self.today(), self.windows)
        cards: list[Card] = []
        for entry in appointments.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, dict) else None
            start = _date(resource.get("start")) if isinstance(resource, dict) else None
            if start is None:
                continue
            if not window.bookable:
                cards.append(Card(f"Do not book: PainPath triage is {triage}", CRITICAL, window.instruction,
                                  self._source(""), "triage_window:emergency"))
            elif window.latest is not None and start > window.latest:
                cards.append(Card(f"Later than PainPath triage allows ({triage}): book {window.describe()}",
                                  CRITICAL if triage == "urgent" else WARNING, window.instruction,
                                  self._source(""), f"triage_window:{triage}"))
        return cards

    # -- reading the EHR's FHIR into a story ----------------------------------------------------------
    def story(self, call: HookCall, service: ServiceDef, patient: dict[str, Any] | None) -> PatientStory:
        """Age and sex, current medications, active conditions (read by the same reader as notes) and eGFR."""
        values: dict[str, float] = {}
        value_text: dict[str, str] = {}
        today = self.today()
        born = _date((patient or {}).get("birthDate"))
        if born is not None:
            values["age"] = float(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
            value_text["age"] = f"born {born.isoformat()}"
        sex = (patient or {}).get("gender")
        medications = [m for r in _entries(self._resource(service, call, "medications"), "MedicationRequest")
                       if (m := self.medication(r, status="current")) is not None]
        observations: list[Observation] = []
        texts = [concept_text(r.get("code")) for r in _entries(self._resource(service, call, "conditions"),
                                                                 "Condition")]
        texts = [t for t in texts if t]
        if texts:
            read = self.read(". ".join(texts) + ".")
            observations += [o for o in read.observations if not o.historical]
        for obs in _entries(self._resource(service, call, "egfr"), "Observation"):
            value = (obs.get("valueQuantity") or {}).get("value")
            if isinstance(value, (int, float)) and self._is_egfr(obs):
                values["egfr"] = float(value)
                value_text["egfr"] = f"eGFR {value:g}"
                break
        return PatientStory(observations=tuple(observations), values=values,
                            sex=sex if sex in {"male", "female"} else None, medications=tuple(medications),
                            text="; ".join(texts), value_text=value_text)

    def _is_egfr(self, obs: dict[str, Any]) -> bool:
        codes = {c.get("code") for c in (obs.get("code") or {}).get("coding") or [] if isinstance(c, dict)}
        text = concept_text(obs.get("code"))
        return bool(codes & set(self.catalog.egfr_loinc)) or bool(
            re.search(r"\begfr\b|glomerular filtration", text, re.I))

    def medication(self, resource: dict[str, Any], *, status: str) -> MedicationMention | None:
        """A MedicationRequest read into a mention: the drug from its name (the reader's drug lexicon), the dose
        from the structured dosage when given, else from the dosage text."""
        name = concept_text(resource.get("medicationCodeableConcept"))
        if not name:
            return None
        dosage = (resource.get("dosageInstruction") or [{}])[0]
        dosage = dosage if isinstance(dosage, dict) else {}
        structured = _structured_dose(dosage)
        words = structured[0] if structured else str(dosage.get("text") or "")
        text = f"{name} {words}".strip()
        said = name if structured else text
        found = self.assessor.reader.medications.find(said, [(0, len(said))])  # the drug lexicon: no spaCy
        if not found:
            return None
        mention = found[0]
        dose, unit, per_day = structured[1:] if structured else (mention.dose, mention.unit, mention.per_day)
        daily = dose * per_day if dose is not None and per_day is not None else (
            None if structured else mention.daily_dose)
        return MedicationMention(name=mention.name, text=text, dose=dose, unit=unit, per_day=per_day,
                                 daily_dose=daily, status=status, route=mention.route,
                                 acetaminophen_mg=mention.acetaminophen_mg)

    def procedure_option(self, resource: dict[str, Any]) -> str | None:
        assert self.pk is not None
        code = resource.get("code") or {}
        for coding in code.get("coding") or []:
            if isinstance(coding, dict) and coding.get("system") == OPTION_SYSTEM and coding.get("code") in \
                    self.pk.options:
                return str(coding["code"])
        return option_for_procedure(self.pk, concept_text(code))

    def _source(self, source_id: str) -> dict[str, str]:
        source = self.kb.sources.get(source_id) if source_id else None
        label = f"PainPath (knowledge base {self.kb.version})"
        if source is not None:
            label = f"{label}: {source.citation}"
        found = {"label": label[:200]}
        if source_id in self.catalog.source_links:
            found["url"] = self.catalog.source_links[source_id]
        return found


# -- FHIR helpers -------------------------------------------------------------------------------------------
def _render(template: str, context: Mapping[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        found = context.get(key.removeprefix("context.")) if key.startswith("context.") else None
        if not isinstance(found, str):
            raise PrefetchMissing(f"prefetch template needs {key}, which the context does not give")
        return found
    return re.sub(r"\{\{\s*([\w.]+)\s*\}\}", value, template)


def _entries(found: dict[str, Any] | None, kind: str) -> list[dict[str, Any]]:
    if not found:
        return []
    if found.get("resourceType") == kind:
        return [found]
    resources = [e.get("resource") for e in found.get("entry") or [] if isinstance(e, dict)]
    return [r for r in resources if isinstance(r, dict) and r.get("resourceType") == kind]


def concept_text(concept: Any) -> str:
    """A CodeableConcept in words: its text, else its first coding's display ('' when neither is given)."""
    if not isinstance(concept, dict):
        return ""
    if isinstance(concept.get("text"), str) and concept["text"].strip():
        return str(concept["text"]).strip()
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and isinstance(coding.get("display"), str):
            return str(coding["display"]).strip()
    return ""


def times_a_day(dosage: dict[str, Any]) -> float | None:
    """Administrations per day from a Dosage's timing.repeat (frequency per period); None when not given."""
    timing = dosage.get("timing")
    repeat = (timing.get("repeat") or {}) if isinstance(timing, dict) else {}
    frequency, period, per = repeat.get("frequency"), repeat.get("period"), repeat.get("periodUnit")
    if isinstance(frequency, (int, float)) and isinstance(period, (int, float)) and period > 0 and \
            per in _PERIOD_PER_DAY:
        return round(frequency / period * _PERIOD_PER_DAY[per], 4)
    return None


def _structured_dose(dosage: dict[str, Any]) -> tuple[str, float, str, float | None] | None:
    """The dose from doseAndRate[0].doseQuantity and the times a day from timing.repeat (frequency per period):
    ('10 mg 4 times a day', 10.0, 'mg', 4.0); None when no dose quantity in mg, g or mcg is given."""
    dose_rate = (dosage.get("doseAndRate") or [{}])[0]
    quantity = dose_rate.get("doseQuantity") if isinstance(dose_rate, dict) else None
    if not isinstance(quantity, dict) or not isinstance(quantity.get("value"), (int, float)):
        return None
    unit = str(quantity.get("code") or quantity.get("unit") or "").strip().lower()
    if unit not in {"mg", "g", "mcg", "ug"}:
        return None
    unit = "mcg" if unit == "ug" else unit
    value = float(quantity["value"])
    per_day = times_a_day(dosage)
    text = f"{value:g} {unit}" + (f" {per_day:g} times a day" if per_day is not None else "")
    return text, value, unit, per_day


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def load_catalog(raw: Mapping[str, Any]) -> CdsCatalog:
    """The services file (adapters/cds_hooks.yaml) as data; a malformed entry names itself."""
    services: dict[str, ServiceDef] = {}
    for index, entry in enumerate(raw.get("services") or []):
        try:
            service = ServiceDef(str(entry["id"]), str(entry["hook"]), str(entry["title"]),
                                 str(entry["description"]), {str(k): str(v) for k, v in entry["prefetch"].items()})
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"cds_hooks.yaml services[{index}]: {exc}") from None
        services[service.id] = service
    return CdsCatalog(services, tuple(str(c) for c in raw.get("egfr_loinc") or ()),
                      {str(k): str(v) for k, v in (raw.get("source_links") or {}).items()})


def indicator_order(cards: Sequence[Card]) -> list[Card]:
    """Critical first, then warnings, then information (stable within a level)."""
    rank = {CRITICAL: 0, WARNING: 1, INFO: 2}
    return sorted(cards, key=lambda c: rank.get(c.indicator, 3))

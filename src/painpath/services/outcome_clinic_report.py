"""Assemble the per-patient outcomes the clinic report aggregates (the aggregation is domain.outcome_report)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from painpath.domain.instruments import OutcomeCatalog
from painpath.domain.outcome_report import PatientOutcome, ProcedureRelief
from painpath.domain.outcomes import RatingEntry, Response, daily_series, latest_response
from painpath.services.outcome_summary import Measurement, series_key


@dataclass(frozen=True)
class PatientRecord:
    """What the report needs of one patient, as the store loads it (no name, no MRN)."""

    key: str
    condition: str
    treatments: tuple[str, ...]
    measurements: tuple[Measurement, ...]
    reliefs: tuple[tuple[str, int], ...]  # (procedure option id, relief percent) as recorded


def patient_outcome(
    catalog: OutcomeCatalog, record: PatientRecord, *, thresholds: Mapping[str, float]
) -> PatientOutcome:
    """One patient's latest response per instrument and procedure reliefs against the pathway thresholds.

    A per-site instrument counts once per patient: the site with the most check-ins (ties: by site name).
    A procedure whose pathway sets no relief threshold is left out of the relief rows.
    """
    series: dict[tuple[str, str | None], list[RatingEntry]] = {}
    for m in record.measurements:
        if m.score is not None and m.instrument in catalog.instruments:
            key = series_key(catalog, m)
            series.setdefault(key, []).append(RatingEntry(m.taken_at, key[1] or "", m.score))
    best: dict[str, tuple[int, str, Response]] = {}
    for (instrument, site), entries in sorted(series.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        check_ins = daily_series(entries, site=site or "")
        response = latest_response(catalog[instrument], check_ins)
        if response is not None and (instrument not in best or len(check_ins) > best[instrument][0]):
            best[instrument] = (len(check_ins), site or "", response)
    reliefs = tuple(
        ProcedureRelief(option, 100.0, 100.0 - percent, thresholds[option])
        for option, percent in record.reliefs
        if option in thresholds
    )
    return PatientOutcome(
        patient=record.key,
        condition=record.condition,
        treatments=record.treatments,
        responses=tuple(entry[2] for _, entry in sorted(best.items())),
        reliefs=reliefs,
    )


def relief_thresholds(procedure_gates: Mapping[str, Mapping[str, object]],
                      repeat_rules: Mapping[str, Mapping[str, object]]) -> dict[str, float]:
    """Procedure option id -> the relief percent its pathway requires (a gate's diagnostic, or a repeat rule)."""
    found: dict[str, float] = {}
    for gate in procedure_gates.values():
        diagnostic, percent = gate.get("diagnostic"), gate.get("relief_percent")
        if isinstance(diagnostic, str) and isinstance(percent, int | float):
            found[diagnostic] = float(percent)
    for option, rule in repeat_rules.items():
        percent = rule.get("relief_percent")
        if isinstance(percent, int | float):
            found.setdefault(option, float(percent))
    return found


def patient_outcomes(
    catalog: OutcomeCatalog, records: Sequence[PatientRecord], *, thresholds: Mapping[str, float]
) -> list[PatientOutcome]:
    """Every patient's outcome, in the order given."""
    return [patient_outcome(catalog, r, thresholds=thresholds) for r in records]

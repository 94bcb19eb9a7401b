"""The demo clinic's sites, plans and clinician profiles (fictional; issue 15): three clinicians at two sites with
different skills, languages and plans, and coverage and preferences for the demo referrals' patients."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.providers_store import ProviderRecords
from painpath.adapters.db.tables import Patient, User
from painpath.services.access import SYSTEM

PLANS = [  # (code, payer, name, payer rule set)
    ("medicare", "Medicare", "Original Medicare Part B", "medicare_lcd"),
    ("acme_ppo", "Acme Health (example payer)", "Acme PPO", "example_commercial"),
    ("northwind_hmo", "Northwind Care (example payer)", "Northwind HMO", "example_commercial"),
]
WEEKDAYS = [0, 1, 2, 3, 4]
SITES = [
    {"code": "riverside", "name": "Riverside Pain Centre", "address": "12 River Road, Rivertown",
     "latitude": 40.7128, "longitude": -74.0060, "opens": "08:30", "closes": "17:00", "days": [0, 1, 2, 3, 4, 5, 6],
     "procedure_rooms": 2, "plans": ["medicare", "acme_ppo", "northwind_hmo"]},
    {"code": "northgate", "name": "Northgate Spine Clinic", "address": "3 Hill Street, Northgate",
     "latitude": 40.8448, "longitude": -73.8648, "opens": "08:30", "closes": "17:00", "days": [0, 1, 2, 3, 4, 5, 6],
     "procedure_rooms": 1, "plans": ["medicare", "northwind_hmo"]},
]
FLUORO, ULTRASOUND, CT = "fluoroscopy", "ultrasound", "ct"
PROFILES = {
    "dr.osei": {
        "focus": ["lumbar_radiculopathy", "lumbar_spinal_stenosis", "persistent_spinal_pain_after_surgery"],
        "procedures": [{"id": "epidural_steroid_injection", "guidance": [FLUORO]},
                       {"id": "medial_branch_block", "guidance": [FLUORO]},
                       {"id": "radiofrequency_ablation", "guidance": [FLUORO]}],
        "languages": ["en", "fr"], "sessions": [{"site": "riverside", "days": [0, 1, 2, 3, 4, 5, 6]}],
        "accepting_new": True, "plans": ["medicare", "acme_ppo", "northwind_hmo"]},
    "dr.lindqvist": {
        "focus": ["knee_osteoarthritis", "hip_osteoarthritis", "lumbar_facet_pain"],
        "procedures": [{"id": "genicular_nerve_block", "guidance": [ULTRASOUND]},
                       {"id": "joint_injection", "guidance": [ULTRASOUND]},
                       {"id": "medial_branch_block", "guidance": [FLUORO]},
                       {"id": "radiofrequency_ablation", "guidance": [FLUORO]},
                       {"id": "epidural_steroid_injection", "guidance": [FLUORO]}],
        "languages": ["en", "sv"],
        "sessions": [{"site": "northgate", "days": [0, 2, 4, 6]}, {"site": "riverside", "days": [1, 3, 5]}],
        "accepting_new": True, "plans": ["medicare", "northwind_hmo"]},
    "dr.nakamura": {
        "focus": ["complex_regional_pain_syndrome", "persistent_spinal_pain_after_surgery", "peripheral_neuropathy"],
        "procedures": [{"id": "spinal_cord_stimulation", "guidance": [FLUORO]},
                       {"id": "sympathetic_block", "guidance": [FLUORO, ULTRASOUND]},
                       {"id": "epidural_steroid_injection", "guidance": [CT, FLUORO]}],
        "languages": ["en", "ja", "es"], "sessions": [{"site": "northgate", "days": [0, 1, 2, 3, 4, 5, 6]}],
        "accepting_new": False, "plans": ["acme_ppo", "northwind_hmo"]},
}
# the demo referrals' patients (demo_clinic.DEMO_REFERRALS): (mrn, plan, member id, language, home)
COVERAGE = [
    ("REF-0101", "acme_ppo", "ACM-55102", "en", (40.7306, -73.9866)),
    ("REF-0102", "northwind_hmo", "NWC-88120", "fr", (40.8176, -73.9182)),
    ("REF-0103", "medicare", "1EG4-TE5-MK73", "sv", (40.8501, -73.8662)),
]


def load_demo_sites(sessions: sessionmaker[Session]) -> None:
    """Plans, sites and profiles (profiles name both): before any appointment, so each records its site."""
    with sessions() as session:
        store = ProviderRecords(session, SYSTEM)
        for code, payer, name, rules in PLANS:
            store.create_plan({"code": code, "payer": payer, "name": name, "rules": rules})
        for site in SITES:
            store.create_site(dict(site))
        users = {u.username: u.id for u in session.scalars(select(User))}
        for username, profile in PROFILES.items():
            store.put_provider(users[username], version=0, fields={k: v for k, v in profile.items()})


def load_demo_providers(sessions: sessionmaker[Session], today: date) -> None:
    """The referral patients' coverage and preferences (load_demo_sites ran first)."""
    with sessions() as session:
        store = ProviderRecords(session, SYSTEM)
        patients = {p.mrn: p.id for p in session.scalars(select(Patient))}
        for mrn, plan, member, language, (lat, lon) in COVERAGE:
            if mrn not in patients:
                continue
            store.add_coverage(patients[mrn], {"plan": plan, "member_id": member,
                                               "valid_from": today - timedelta(days=200), "valid_to": None,
                                               "referral_required": plan == "northwind_hmo"})
            store.put_preference(patients[mrn], version=0, fields={"language": language, "latitude": lat,
                                                                   "longitude": lon, "note": ""})

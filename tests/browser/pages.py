"""The main pages every browser run checks: each is opened signed in as its role, must answer below 400,
have no serious or critical axe-core violation, request nothing outside the test server, fit a 375 px phone
without horizontal scrolling, and is saved as docs/screenshots/{name}-desktop.png and {name}-phone.png.

Add a row when you add a main page: (role, path, name).
  role  "clinician", "front_desk", "patient", "admin", "therapist", or None for a page seen before signing in
  path  may name demo records: {patient_id} (Grace Okafor, who signs in as patient.okafor),
        {other_patient_id}, {assessment_id} (her latest assessment), {appointment_id} (her next appointment)
  name  the screenshot's file name (unique; lowercase words joined by hyphens)
Keep one row per line so parallel branches merge cleanly.
"""

from __future__ import annotations

MAIN_PAGES: list[tuple[str | None, str, str]] = [
    (None, "/login", "sign-in"),
    ("admin", "/admin", "admin-home"),
    ("admin", "/admin/users", "admin-users"),
    ("admin", "/admin/settings", "admin-settings"),
    ("admin", "/admin/audit", "admin-audit"),
    ("front_desk", "/desk/schedule", "desk-schedule"),
    ("front_desk", "/desk/referrals", "desk-referrals"),
    ("front_desk", "/desk/referrals/new", "desk-referral-new"),
    ("front_desk", "/desk/patients?q=okafor", "desk-patient-search"),
    ("front_desk", "/desk/patients/new", "desk-patient-new"),
    ("front_desk", "/desk/patients/{patient_id}", "desk-patient"),
    ("front_desk", "/desk/patients/{patient_id}/book", "desk-book"),
    ("front_desk", "/desk/appointments/{appointment_id}", "desk-appointment"),
    ("patient", "/portal", "portal-home"),
    ("patient", "/portal/history", "portal-history"),
    ("patient", "/portal/appointments", "portal-appointments"),
    ("patient", "/portal/appointments/{appointment_id}", "portal-appointment"),
    ("clinician", "/clinic/worklist", "clinic-worklist"),
    ("clinician", "/clinic/patients/{patient_id}/goals", "clinic-goals"),
    ("clinician", "/clinic/reports/outcomes", "clinic-outcome-report"),
    ("patient", "/portal/questionnaires", "portal-questionnaires"),
    ("patient", "/portal/questionnaires/phq9", "portal-questionnaire-phq9"),
    ("patient", "/portal/messages", "portal-message"),
    ("clinician", "/clinic/today", "clinic-today"),
    ("clinician", "/clinic/patients?name=o", "clinic-patient-search"),
    ("clinician", "/clinic/patients/{patient_id}", "clinic-chart"),
    ("clinician", "/clinic/patients/{patient_id}/assess", "clinic-assess"),
    ("clinician", "/clinic/assessments/{assessment_id}", "clinic-assessment-result"),
    ("clinician", "/clinic/patients/{patient_id}/procedures/new", "clinic-procedure-new"),
    ("clinician", "/clinic/patients/{patient_id}/summary", "clinic-visit-summary"),
    ("admin", "/admin/clinicians", "admin-clinicians-list"),
    ("admin", "/admin/sites", "admin-sites"),
    ("admin", "/admin/sites/new", "admin-site-new"),
    ("front_desk", "/desk/blocked-time", "desk-blocked-time-list"),
    ("front_desk", "/desk/waitlist", "desk-waitlist"),
    ("patient", "/portal/reminders", "portal-reminders"),
    ("therapist", "/therapy/patients?name=o", "therapy-patient-search"),
    ("therapist", "/therapy/patients/{patient_id}", "therapy-patient"),
]

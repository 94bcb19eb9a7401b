"""The browser pages: the clinician workspace (/clinic), the front desk (/desk) and the patient portal (/portal).

Each module has one ``router``; every page declares one permission (pages.base.page / pages.base.form), like
the API routes, and reaches data only through the same stores, so access rules and auditing are shared.
"""

from __future__ import annotations

from fastapi import APIRouter

from painpath.web.pages import admin as _admin
from painpath.web.pages import admin_jobs as _admin_jobs
from painpath.web.pages import admin_providers as _admin_providers
from painpath.web.pages import blocked_time as _blocked_time
from painpath.web.pages import (  # outcomes: worklist, goals, outcome report, portal questionnaires
    clinic,
    clinic_records,
    outcomes,
)
from painpath.web.pages import desk as _desk
from painpath.web.pages import desk_matching as _desk_matching
from painpath.web.pages import portal as _portal
from painpath.web.pages import portal_reminders as _portal_reminders
from painpath.web.pages import questions as _questions
from painpath.web.pages import therapy as _therapy
from painpath.web.pages import waitlist as _waitlist

PAGE_ROUTERS: list[APIRouter] = [outcomes.router]
PAGE_ROUTERS.append(clinic.router)  # the clinician workspace (/clinic)
PAGE_ROUTERS.append(clinic_records.router)  # dismissals, allergy corrections, prerequisite and therapy records
PAGE_ROUTERS.append(_questions.router)  # answering an assessment's questions (issue 10)
PAGE_ROUTERS.append(_desk.router)
PAGE_ROUTERS.append(_desk_matching.router)  # matching referrals to clinicians, prior authorisation (issue 15)
PAGE_ROUTERS.append(_portal.router)
PAGE_ROUTERS.append(_admin_jobs.router)  # background jobs and dead letters (issue 13)
PAGE_ROUTERS.append(_admin.router)  # users, clinic settings, the audit log (issue 16)
PAGE_ROUTERS.append(_admin_providers.router)  # clinicians and sites (issue 15)
PAGE_ROUTERS.append(_blocked_time.router)  # clinicians' leave and meetings, procedure-room holds (issue 15)
PAGE_ROUTERS.append(_waitlist.router)  # the desk's waitlist, answering offers (desk and portal; issue 15)
PAGE_ROUTERS.append(_portal_reminders.router)  # the patient's reminders and calendar download (issue 15)
PAGE_ROUTERS.append(_therapy.router)  # the therapist's patients, therapy notes and flare reports (issue 12)

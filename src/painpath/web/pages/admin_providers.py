"""The administrator's pages for clinicians and sites (issue 15): what each clinician does and where (conditions,
procedures with their guidance, languages, sites and days, new patients, plans accepted) and each site's address,
coordinates, opening hours, procedure rooms and plans.

The pages validate with the API's own bodies (ProviderPut, SiteCreate, SiteUpdate) and write through the same store
(ProviderRecords), so the rules, the optimistic versions and the audit trail are the API's: there is one write path.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from painpath.adapters.db.providers_store import ProviderRecords
from painpath.adapters.knowledge_files import load_default
from painpath.domain.plan_model import OptionKind
from painpath.services.access import Perm
from painpath.services.errors import Invalid, NotFound, StaleWrite
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import FormState, PageUser, form, form_int, form_values, page, redirect, render, validate
from painpath.web.schemas_providers import ProviderPut, SiteCreate, SiteUpdate

router = APIRouter(include_in_schema=False)
Manage = Perm.SETTINGS_MANAGE
WEEKDAYS = [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"), ("4", "Friday"),
            ("5", "Saturday"), ("6", "Sunday")]
GUIDANCE = [("fluoroscopy", "Fluoroscopy"), ("ultrasound", "Ultrasound"), ("ct", "CT"),
            ("landmark", "Landmarks (no imaging)")]
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "sv": "Swedish", "ja": "Japanese",
             "zh": "Chinese", "ar": "Arabic", "pt": "Portuguese", "it": "Italian", "pl": "Polish", "ru": "Russian",
             "hi": "Hindi", "vi": "Vietnamese", "ko": "Korean", "tl": "Tagalog"}
CLINICIAN_FIELDS = ("focus", "procedures", "languages", "sessions", "accepting_new", "plans", "version")
SITE_FIELDS = ("code", "name", "address", "latitude", "longitude", "opens", "closes", "days", "procedure_rooms",
               "plans", "version")


def store(db: Db, user: PageUser, request: Request) -> ProviderRecords:
    return ProviderRecords(db, user.actor, audit_reads=request.app.state.settings.audit_reads)


def conditions() -> list[tuple[str, str]]:
    kb = load_default()
    return sorted(((c.id, c.label) for c in kb.conditions.values()), key=lambda x: x[1].lower())


def procedures() -> list[tuple[str, str]]:
    planning = load_default().extra.get("planning")
    options = planning.options.values() if planning is not None else []
    return sorted(((o.id, o.label[:1].upper() + o.label[1:]) for o in options if o.kind is OptionKind.PROCEDURE),
                  key=lambda x: x[1].lower())


def language_words(codes: list[str]) -> str:
    return ", ".join(f"{LANGUAGES.get(c, c)} ({c})" for c in codes)


def day_words(days: list[int]) -> str:
    names = dict(WEEKDAYS)
    return ", ".join(names.get(str(d), str(d))[:3] for d in sorted(days))


def message_field(err: Exception, known: tuple[str, ...], default: str) -> tuple[str, str]:
    """A store message 'sessions: no site ...' becomes an error next to that field."""
    name, sep, rest = str(err).partition(": ")
    return (name, rest) if sep and name in known else (default, str(err))


# -- clinicians ---------------------------------------------------------------------------------------------
@router.get("/admin/clinicians")
def clinicians_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Manage))]) -> Response:
    records = store(db, user, request)
    sites = {s.code: s.name for s in records.sites()}
    labels = dict(conditions())
    return render(request, "admin/clinicians.html", user, title="Clinicians", rows=records.providers(),
                  sites=sites, labels=labels, day_words=day_words, language_words=language_words)


def _clinician_values(profile: Any) -> dict[str, Any]:
    if profile is None:
        return {"version": "0", "languages": "en", "accepting_new": "yes", "focus": [], "plans": [],
                "procedures": []}
    values: dict[str, Any] = {
        "version": str(profile.version), "languages": ", ".join(profile.languages),
        "accepting_new": "yes" if profile.accepting_new else "no", "focus": list(profile.focus),
        "plans": list(profile.plans), "procedures": [p["id"] for p in profile.procedures]}
    for p in profile.procedures:
        values[f"guidance_{p['id']}"] = list(p.get("guidance", []))
    for s in profile.sessions:
        values[f"days_{s['site']}"] = [str(d) for d in s["days"]]
    return values


def _clinician_form(request: Request, db: Db, user: PageUser, clinician_id: int, state: FormState | None, *,
                    status: int = 200, stale: StaleWrite | None = None) -> Response:
    records = store(db, user, request)
    found = next(((u, p) for u, p in records.providers() if u.id == clinician_id), None)
    if found is None:
        raise NotFound(f"no clinician {clinician_id}")
    clinician, profile = found
    state = state or FormState(_clinician_values(profile))
    return render(request, "admin/clinician.html", user, title=f"Clinician: {clinician.display_name}",
                  clinician=clinician, form=state, stale=stale, status=status, conditions=conditions(),
                  procedures=procedures(), guidance=GUIDANCE, weekdays=WEEKDAYS, sites=records.sites(),
                  plans=[(p.code, f"{p.payer}: {p.name}") for p in records.plans()], languages=LANGUAGES)


@router.get("/admin/clinicians/{clinician_id}")
def clinician_page(request: Request, db: Db, clinician_id: PathId,
                   user: Annotated[PageUser, Depends(page(Manage))]) -> Response:
    return _clinician_form(request, db, user, clinician_id, None)


def clinician_payload(state: FormState, site_codes: list[str]) -> dict[str, Any]:
    """The form as the API's ProviderPut body; a guidance ticked for a procedure not ticked is an error."""
    performed = state.values_of("procedures")
    for proc_id, label in procedures():
        if state.values_of(f"guidance_{proc_id}") and proc_id not in performed:
            state.errors.setdefault("procedures", f"{label}: a guidance is ticked but 'performs' is not; tick "
                                                  "'performs' or clear its guidance")
    languages = [x.strip().lower() for x in str(state.value("languages")).replace(";", ",").split(",") if x.strip()]
    accepting = state.value("accepting_new")
    if accepting not in ("yes", "no"):
        state.errors["accepting_new"] = "choose whether the clinician takes new patients"
    return {
        "version": form_int(state.value("version"), default=-1),
        "focus": state.values_of("focus"),
        "procedures": [{"id": p, "guidance": state.values_of(f"guidance_{p}")} for p in performed],
        "languages": languages,
        "sessions": [{"site": code, "days": [form_int(d, default=-1) for d in state.values_of(f"days_{code}")]}
                     for code in site_codes if state.values_of(f"days_{code}")],
        "accepting_new": accepting == "yes",
        "plans": state.values_of("plans"),
    }


@router.post("/admin/clinicians/{clinician_id}")
async def clinician_submit(request: Request, db: Db, clinician_id: PathId,
                           user: Annotated[PageUser, Depends(form(Manage))]) -> Response:
    records = store(db, user, request)
    codes = [s.code for s in records.sites()]
    lists = ("focus", "procedures", "plans", *(f"guidance_{p}" for p, _ in procedures()),
             *(f"days_{c}" for c in codes))
    state = FormState(await form_values(request, lists=lists))
    payload = clinician_payload(state, codes)
    body = validate(ProviderPut, state, payload)
    if body is None or not state.ok:
        return _clinician_form(request, db, user, clinician_id, state, status=422)
    try:
        records.put_provider(clinician_id, version=body.version, fields=body.model_dump(exclude={"version"}))
    except StaleWrite as err:
        state.values["version"] = str(err.version)
        return _clinician_form(request, db, user, clinician_id, state, status=409, stale=err)
    except Invalid as err:
        name, message = message_field(err, CLINICIAN_FIELDS, "focus")
        state.errors[name] = message
        return _clinician_form(request, db, user, clinician_id, state, status=422)
    return redirect("/admin/clinicians", notice="Clinician's profile saved")


# -- sites --------------------------------------------------------------------------------------------------
@router.get("/admin/sites")
def sites_page(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Manage))]) -> Response:
    records = store(db, user, request)
    plan_names = {p.code: f"{p.payer}: {p.name}" for p in records.plans()}
    return render(request, "admin/sites.html", user, title="Sites", rows=records.sites(), day_words=day_words,
                  plan_names=plan_names)


def _site_values(site: Any) -> dict[str, Any]:
    return {"version": str(site.version), "code": site.code, "name": site.name, "address": site.address,
            "latitude": "" if site.latitude is None else f"{site.latitude:g}",
            "longitude": "" if site.longitude is None else f"{site.longitude:g}", "opens": site.opens,
            "closes": site.closes, "days": [str(d) for d in site.days], "procedure_rooms": str(site.procedure_rooms),
            "plans": list(site.plans)}


def _site_form(request: Request, db: Db, user: PageUser, site: Any, state: FormState, *, status: int = 200,
               stale: StaleWrite | None = None) -> Response:
    records = store(db, user, request)
    return render(request, "admin/site.html", user, title=f"Site: {site.name}" if site else "Add a site",
                  site=site, form=state, stale=stale, status=status, weekdays=WEEKDAYS,
                  plans=[(p.code, f"{p.payer}: {p.name}") for p in records.plans()])


def _site(records: ProviderRecords, site_id: int) -> Any:
    found = next((s for s in records.sites() if s.id == site_id), None)
    if found is None:
        raise NotFound(f"no site {site_id}")
    return found


def site_payload(state: FormState, *, new: bool) -> dict[str, Any]:
    """The form as the API's SiteCreate or SiteUpdate body. A blank coordinate clears it on an edit."""
    data: dict[str, Any] = {k: state.value(k) for k in ("name", "address", "opens", "closes", "procedure_rooms")}
    data |= {"days": state.values_of("days"), "plans": state.values_of("plans")}
    for key in ("latitude", "longitude"):
        data[key] = state.value(key) or None
    for key, words in (("name", "give the site's name"), ("opens", "give the opening time, e.g. 08:30"),
                       ("closes", "give the closing time, e.g. 17:00"),
                       ("procedure_rooms", "give the number of procedure rooms (0 if none)")):
        if not data[key]:
            state.errors[key] = words
    if not data["days"]:
        state.errors["days"] = "tick at least one day the site is open"
    if new:
        data["code"] = state.value("code")
    else:
        data["version"] = form_int(state.value("version"), default=0)
    return data


@router.get("/admin/sites/new")
def site_new(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Manage))]) -> Response:
    values = {"opens": "08:30", "closes": "17:00", "days": ["0", "1", "2", "3", "4"], "procedure_rooms": "0",
              "plans": []}
    return _site_form(request, db, user, None, FormState(values))


@router.post("/admin/sites/new")
async def site_create(request: Request, db: Db, user: Annotated[PageUser, Depends(form(Manage))]) -> Response:
    state = FormState(await form_values(request, lists=("days", "plans")))
    payload = site_payload(state, new=True)
    body = validate(SiteCreate, state, {k: v for k, v in payload.items() if v is not None})
    if body is None or not state.ok:
        return _site_form(request, db, user, None, state, status=422)
    try:
        row = store(db, user, request).create_site(body.model_dump())
    except Invalid as err:
        name, message = message_field(err, SITE_FIELDS, "code")
        state.errors[name] = message
        return _site_form(request, db, user, None, state, status=422)
    return redirect("/admin/sites", notice=f"Site {row.name} added")


@router.get("/admin/sites/{site_id}")
def site_page(request: Request, db: Db, site_id: PathId,
              user: Annotated[PageUser, Depends(page(Manage))]) -> Response:
    site = _site(store(db, user, request), site_id)
    return _site_form(request, db, user, site, FormState(_site_values(site)))


@router.post("/admin/sites/{site_id}")
async def site_submit(request: Request, db: Db, site_id: PathId,
                      user: Annotated[PageUser, Depends(form(Manage))]) -> Response:
    records = store(db, user, request)
    site = _site(records, site_id)
    state = FormState(await form_values(request, lists=("days", "plans")))
    state.values["code"] = site.code  # a site's code is how sessions name it: not edited here
    payload = site_payload(state, new=False)
    body = validate(SiteUpdate, state, payload)
    if body is None or not state.ok:
        return _site_form(request, db, user, site, state, status=422)
    # validate() drops blanks: a cleared address is an empty one, a cleared coordinate none, no plan ticked none
    fields = body.model_dump(exclude={"version"}) | {"address": body.address or "", "plans": body.plans or []}
    try:
        records.update_site(site_id, version=body.version, fields=fields)
    except StaleWrite as err:
        state.values["version"] = str(err.version)
        return _site_form(request, db, user, _site(store(db, user, request), site_id), state, status=409,
                          stale=err)
    except Invalid as err:
        name, message = message_field(err, SITE_FIELDS, "name")
        state.errors[name] = message
        return _site_form(request, db, user, site, state, status=422)
    return redirect("/admin/sites", notice=f"Site {site.name} saved")

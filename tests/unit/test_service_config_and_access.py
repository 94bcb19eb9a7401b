"""Settings from the environment, the role grants, and the plan-option copy kept in step with the contract."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from painpath.adapters.vocabulary import contract_option_kinds, plan_option_kinds, procedure_ids
from painpath.config import Settings
from painpath.services.access import GRANTS, Actor, Perm, Role

SHARED_VOCABULARY = Path(__file__).resolve().parents[3] / "shared" / "contract" / "vocabulary.yaml"


def test_settings_read_painpath_variables_and_name_a_bad_one() -> None:
    settings = Settings.from_env({"PAINPATH_DATABASE_URL": "sqlite:///x.db", "PAINPATH_PORT": "9000",
                                  "PAINPATH_COOKIE_SECURE": "false"})
    assert (settings.database_url, settings.port, settings.cookie_secure) == ("sqlite:///x.db", 9000, False)
    with pytest.raises(ValueError, match="PAINPATH_PORT must be a whole number"):
        Settings.from_env({"PAINPATH_PORT": "eighty"})
    with pytest.raises(ValueError, match="PAINPATH_AUDIT_READS must be true or false"):
        Settings.from_env({"PAINPATH_AUDIT_READS": "maybe"})


def test_secure_cookies_and_read_auditing_are_on_by_default() -> None:
    settings = Settings.from_env({"PAINPATH_DATABASE_URL": "sqlite:///x.db"})
    assert settings.cookie_secure and settings.audit_reads


def test_front_desk_and_admin_have_no_clinical_permission() -> None:
    clinical = {Perm.CLINICAL_READ, Perm.CLINICAL_WRITE, Perm.ASSESS}
    assert not GRANTS[Role.FRONT_DESK] & clinical
    assert not GRANTS[Role.ADMIN] & clinical
    assert not GRANTS[Role.ADMIN] & {Perm.DEMOGRAPHICS_READ, Perm.PATIENT_SEARCH}


def test_a_patient_reaches_only_their_own_record() -> None:
    patient = Actor(user_id=9, username="p", role=Role.PATIENT, patient_id=3)
    assert patient.may_access_patient(3)
    assert not patient.may_access_patient(4)
    assert not patient.may_access_patient(None)
    assert Actor(user_id=1, username="c", role=Role.CLINICIAN).may_access_patient(4)


def test_medial_branch_block_is_a_procedure_and_physical_therapy_is_not() -> None:
    assert "medial_branch_block" in procedure_ids()
    assert plan_option_kinds()["physical_therapy"] == "therapy"


@pytest.mark.skipif(not SHARED_VOCABULARY.exists(), reason="shared/contract/vocabulary.yaml is not beside the project")
def test_packaged_plan_options_match_the_shared_vocabulary() -> None:
    shared = yaml.safe_load(SHARED_VOCABULARY.read_text(encoding="utf-8"))["plan_options"]
    assert contract_option_kinds() == {option: kind for kind, options in shared.items() for option in options}
    # the practice's own options come on top of the contract's, never in place of one
    assert set(contract_option_kinds()) < set(plan_option_kinds())
    assert plan_option_kinds()["minimally_invasive_lumbar_decompression"] == "procedure"

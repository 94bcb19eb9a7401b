"""The desk matches the demo's urgent sciatica referral to a clinician and opens a prior-authorisation packet, in a
real browser (issue 15); both pages are checked with axe-core and saved as screenshots."""

from __future__ import annotations

import re
from typing import Any


def test_the_desk_matches_a_referral_and_reads_a_prior_auth_packet(signed_in: Any, axe_check: Any,
                                                                   screenshot: Any) -> None:
    page = signed_in("front_desk")
    page.goto("/desk/referrals")
    page.locator("tr", has_text="REF-0101").get_by_role("link", name="Quinn, Harper").click()
    page.wait_for_url(re.compile(r"/desk/patients/\d+$"))
    page.get_by_role("link", name="Match to a clinician").click()
    page.wait_for_url(re.compile(r"/desk/referrals/\d+/matches"))
    first = page.locator("section.match").first
    assert first.locator("h2").inner_text().startswith("1. Dr Ama Osei at Riverside Pain Centre")
    assert "focuses on lumbar radiculopathy" in first.inner_text()
    assert "accepts Acme Health (example payer): Acme PPO" in first.inner_text()
    assert "Ruled out: Dr Keiko Nakamura is not taking new patients" in page.locator("main").inner_text()
    assert axe_check(page) == []
    screenshot(page, "desk-matches")

    page.go_back()
    page.get_by_role("link", name="Prior authorisation").click()
    page.get_by_role("link", name="epidural steroid injection").click()
    page.wait_for_url(re.compile(r"/prior-auth/epidural_steroid_injection$"))
    main = page.locator("main").inner_text()
    assert "Acme Health (example payer): Acme PPO" in main and "Missing (" in main
    assert "ICD-10-CM M54.16" in main
    assert axe_check(page) == []
    screenshot(page, "desk-prior-auth")

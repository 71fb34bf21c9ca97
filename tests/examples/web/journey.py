"""The citizen journey of the reference apps, as a browser or a test client sends it."""

from __future__ import annotations

import functools
from typing import Any, Final

from examples.web.demo import DEMO_PASSWORD, DEMO_USERNAME, Site, demo_site

from formlavoro_adapters import ScryptPasswordHasher
from formlavoro_core.reference import ReferenceData

CHEAP: Final = ScryptPasswordHasher(log2_n=4)
"""Cheap password hashing: the tests log in many times."""

PDF: Final = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
"""A small, harmless PDF for the CV's attachment (CV-10)."""

CONSENT: Final = {
    "privacy_notice_version": "1",
    "citizen_regulation_version": "1",
    "accetto": ["informativa", "regolamento"],
}
CREDENTIALS: Final = {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}
ANSWERS: Final = (
    ("sectors", {"sectors": ["I"]}),
    ("professions", {"professions": ["5.2.2.1.0"]}),
    ("education", {"in_education": "false", "highest_level": "upper_secondary"}),
    (
        "work",
        {
            "has_worked": "true",
            "job_title": "Aiuto cuoca",
            "employer": "Da Pina",
            "start": "2019-05-01",
        },
    ),
)
CV_FORMS: Final = (
    ("/cv/dati-personali", {"phone": "+39 010 555 0101", "residence": "D969"}),
    ("/cv/studio", {"title": "Diploma di istituto alberghiero"}),
    ("/cv/lingue", {"language": "en", "level": "intermediate"}),
)
ONBOARDING_JSON: Final = {
    "sectors": {"sectors": ["I"]},
    "professions": {"professions": ["5.2.2.1.0"]},
    "education": {"in_education": False, "highest_level": "upper_secondary"},
    "work": {"has_worked": False},
}


@functools.cache
def _reference() -> ReferenceData:
    return demo_site(passwords=CHEAP).portal.reference


def new_site(base_url: str = "http://testserver", **changes: Any) -> Site:
    """A demo site with cheap hashing and the reference data loaded once per run."""
    return demo_site(base_url=base_url, passwords=CHEAP, reference=_reference(), **changes)

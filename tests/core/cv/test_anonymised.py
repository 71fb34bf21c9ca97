"""The anonymised view companies will get of a published CV."""

from __future__ import annotations

import datetime as dt

import attrs

from formlavoro_core.codec import Codec
from formlavoro_core.cv.model import Address, Preferences
from formlavoro_core.reference.code_types import MunicipalityCode
from formlavoro_core.values import PhoneNumber, Postcode
from tests.core.cv.minimal_files import make_pdf
from tests.support import ANNA, failure, ok, strings_in, world


def test_the_anonymised_view_holds_no_personal_data_and_no_attachment() -> None:
    w = world()
    citizen, cv = w.citizen_with_cv()
    personal = attrs.evolve(
        cv.personal,
        phone=PhoneNumber("+39 010 9876543"),
        citizenship="IT",
        residence=Address(
            municipality=MunicipalityCode("D969"),
            street="Via XX Settembre 14",
            postcode=Postcode("16121"),
        ),
    )
    ok(w.portal.cv.set_personal_data(citizen, cv.id, personal))
    ok(w.portal.cv.set_preferences(citizen, cv.id, Preferences(notes="Chiamatemi al 333 1234567")))
    ok(w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=make_pdf()))
    view = ok(w.portal.cv.anonymised_preview(citizen, cv.id))
    texts = set(strings_in(Codec.for_documents().unstructure(view)))
    secrets = {
        "Anna",
        "Rossi",
        str(ANNA),
        "anna.rossi@example.it",
        "+39 010 9876543",
        "Via XX Settembre 14",
        "16121",
        dt.date(1985, 12, 10).isoformat(),
        "Chiamatemi al 333 1234567",
        "cv.pdf",
    }
    assert texts.isdisjoint(secrets)
    assert not any("attachment" in text for text in texts)
    assert view.residence_municipality == "D969"
    assert [e.job_title for e in view.experiences] == ["Aiuto cuoca"]
    assert view.id == cv.id


def test_only_the_owner_previews_the_anonymised_view() -> None:
    w = world()
    _, cv = w.citizen_with_cv()
    from tests.support import MARIO  # noqa: PLC0415

    assert failure(w.portal.cv.anonymised_preview(w.login(MARIO), cv.id)).code == "cv.not_found"

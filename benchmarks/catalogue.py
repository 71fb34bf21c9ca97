"""A seeded generator of realistic offer catalogues for the search benchmark.

Professions follow a five-level classification shaped like ISTAT CP2021 (9, 40, 130,
510 and 813 groups per level) and are drawn with a Zipf law, as real offers crowd into
a few professions; workplaces are the municipalities of the four Ligurian provinces;
texts come from a vocabulary of 20,000 words (the trades' own words first, then
Italian-looking words made of syllables) drawn with a Zipf law, as words are in real
texts: a few words are in most offers, most words in very few.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from itertools import accumulate, islice

import attrs

from formlavoro_core.errors import ConfigurationError
from formlavoro_core.ids import EventId, OfferId
from formlavoro_core.offers.model import Offer, OfferStatus, Publisher, PublisherKind
from formlavoro_core.reference import (
    ContractType,
    EducationLevel,
    Municipality,
    Profession,
    Province,
    StaticReferenceData,
    WorkingCondition,
)
from formlavoro_core.reference.code_types import MunicipalityCode, ProfessionCode, ProvinceCode

__all__ = ["SAMPLE", "SHAPE", "Catalogue", "make_catalogue"]

SHAPE = (9, 40, 130, 510, 813)
"""Groups per level of CP2021: grandi gruppi, gruppi, classi, categorie, unità."""

DIGITS = 10
"""Children a group can have: one digit per level of the code."""

_VOCABULARY = (
    "cuoco cameriere barista commesso magazziniere autista operaio elettricista idraulico "
    "infermiere educatore contabile impiegato segretaria programmatore sviluppatore tecnico "
    "manutentore saldatore falegname muratore giardiniere pulizie receptionist animatore "
    "assistente addetto responsabile junior senior esperienza turni weekend stagionale "
    "ristorante albergo hotel spiaggia porto cantiere ufficio negozio supermercato logistica "
    "turismo sanità scuola trasporti produzione vendita clienti cassa banco cucina sala "
    "pasticceria pizzeria gelateria caffè crociere navale meccanica metalmeccanico edilizia "
    "impianti "
    "informatica software rete dati amministrazione paghe fatture magazzino carrello muletto "
    "patente camion furgone consegne corriere notturno diurno orario flessibile contratto "
    "indeterminato determinato apprendistato tirocinio inserimento formazione crescita squadra "
    "affidabile puntuale dinamico motivato disponibile immediata genova savona imperia spezia "
    "riviera levante ponente centro storico periferia zona industriale inglese francese tedesco"
)
_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "ca",
    "ce",
    "ci",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "gi",
    "go",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "pu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zi",
    "zo",
    "tra",
    "tre",
    "tri",
    "pre",
    "pri",
    "pro",
    "sca",
    "sco",
    "sta",
    "ste",
    "sti",
    "sto",
    "gna",
    "gno",
]
VOCABULARY_SIZE = 20_000


def _vocabulary() -> tuple[str, ...]:
    """The trades' words, then made-up words of two to four syllables, all distinct."""
    rng = random.Random(20_000)
    words = dict.fromkeys(_VOCABULARY.split())
    while len(words) < VOCABULARY_SIZE:
        words.setdefault("".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))))
    return tuple(words)


WORDS = _vocabulary()


SAMPLE = 20_000
"""How many offers (the first ones) a catalogue keeps in memory to build queries from."""


@attrs.frozen
class Catalogue:
    """What a benchmark run works on: the offers come as a stream, regenerated on demand."""

    size: int
    seed: int
    reference: StaticReferenceData
    professions: tuple[str, ...]
    municipalities: tuple[Municipality, ...]
    words: tuple[str, ...]
    now: dt.datetime
    sample: tuple[Offer, ...]
    """The first offers of the stream (up to :data:`SAMPLE`), to draw queries from."""

    def offers(self) -> Iterator[Offer]:
        """Every offer, in the same order each time, without holding them all."""
        rng = random.Random(self.seed)
        units = _classification(rng)[-1]
        return _offers(rng, self.size, units, self.municipalities, self.now)


def _classification(rng: random.Random) -> list[list[str]]:
    levels = [[str(digit) for digit in range(1, SHAPE[0] + 1)]]
    for wanted in SHAPE[1:]:
        parents = levels[-1]
        counts = [1] * len(parents)
        while sum(counts) < wanted:
            index = rng.randrange(len(parents))
            if counts[index] < DIGITS:
                counts[index] += 1
        level = [
            f"{parent}.{digit}"
            for parent, count in zip(parents, counts, strict=True)
            for digit in range(count)
        ]
        levels.append(level)
    return levels


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return list(accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


LIGURIAN_MUNICIPALITIES = (67, 32, 69, 66)
"""How many municipalities each Ligurian province has (GE, SP, SV, IM)."""


def _municipalities() -> tuple[Municipality, ...]:
    """The Ligurian municipalities: ISTAT's, or made-up ones without the reference extra.

    The benchmark then runs with the SQL extras alone; the made-up places keep the
    provinces' sizes, so that the same searches find as much.
    """
    try:
        from formlavoro_adapters.reference.places import MunicipalityPlaces  # noqa: PLC0415

        places = MunicipalityPlaces()
    except ConfigurationError:
        return tuple(
            Municipality(
                code=f"{letter}{number:03d}", name=f"{province} {number}", province=province
            )
            for letter, province, count in zip(
                "WXYZ", ("GE", "SP", "SV", "IM"), LIGURIAN_MUNICIPALITIES, strict=True
            )
            for number in range(count)
        )
    return tuple(m for m in places.municipalities() if m.province in {"GE", "SP", "SV", "IM"})


FRAGMENTS = 50_000
"""Word sequences drawn up front; a description joins two of them (about 2.5e9 texts)."""


def _fragments(rng: random.Random, weights: list[float], count: int) -> list[str]:
    """``count`` runs of 7 to 20 words drawn with the vocabulary's Zipf law."""
    return [
        " ".join(rng.choices(WORDS, cum_weights=weights, k=rng.randint(7, 20)))
        for _ in range(count)
    ]


def _offers(
    rng: random.Random,
    size: int,
    units: Sequence[str],
    municipalities: Sequence[Municipality],
    now: dt.datetime,
) -> Iterator[Offer]:
    """The offers, each drawn with a few dozen calls of ``rng``.

    Descriptions join two word runs drawn up front (each word drawn with the Zipf law,
    so words keep their frequencies), titles come from a pool of drawn titles, and the
    weighted choices of a profession come from a table: drawing every word of every
    offer on its own made a million offers take many minutes.
    """
    units = list(units)
    rng.shuffle(units)  # popular professions spread over the tree, as in life
    unit_weights = _zipf_weights(len(units))
    word_weights = _zipf_weights(len(WORDS), 1.0)
    fragments = _fragments(rng, word_weights, min(FRAGMENTS, 2 * size + 2))
    titles = [
        " ".join(
            rng.choices(WORDS[:300], cum_weights=word_weights[:300], k=rng.randint(2, 5))
        ).capitalize()
        for _ in range(min(FRAGMENTS, size + 1))
    ]
    professions = [
        ProfessionCode(code) for code in rng.choices(units, cum_weights=unit_weights, k=65_536)
    ]
    publishers = [
        Publisher(kind=PublisherKind.COMPANY, id=f"company-{n:05d}", name=f"Azienda {n} srl")
        for n in range(max(10, size // 200))
    ]
    places = [(MunicipalityCode(m.code), ProvinceCode(m.province)) for m in municipalities]
    conditions = list(WorkingCondition)
    condition_sets = [
        tuple(sorted(set(rng.sample(conditions, rng.randint(0, 3))), key=conditions.index))
        for _ in range(1_024)
    ]
    levels = list(EducationLevel)
    contracts = list(ContractType)
    events = [EventId(f"event-{n}") for n in range(20)]
    hour, day = dt.timedelta(hours=1), dt.timedelta(days=1)
    second = dt.timedelta(seconds=1)
    random_ = rng.random
    for number in range(size):
        workplace, province = rng.choice(places)
        published = now - rng.randrange(0, 120 * 86_400) * second
        expires = published + rng.randint(20, 180) * day
        roll = random_()
        status = (
            OfferStatus.ACTIVE
            if roll < 0.9  # noqa: PLR2004
            else OfferStatus.CLOSED
            if roll < 0.97  # noqa: PLR2004
            else OfferStatus.DRAFT
        )
        yield Offer(
            id=OfferId(f"offer-{number:08d}"),
            publisher=rng.choice(publishers),
            title=rng.choice(titles),
            description=f"{rng.choice(fragments)} {rng.choice(fragments)}",
            profession=professions[rng.getrandbits(16)],
            workplace=workplace,
            province=province,
            contract_type=rng.choice(contracts),
            working_conditions=rng.choice(condition_sets),
            education_level=None if random_() < 0.3 else rng.choice(levels),  # noqa: PLR2004
            requires_experience=random_() < 0.4,  # noqa: PLR2004
            income_support=random_() < 0.05,  # noqa: PLR2004
            motorbike_required=random_() < 0.03,  # noqa: PLR2004
            protected_category_art1=random_() < 0.04,  # noqa: PLR2004
            protected_category_art18=random_() < 0.02,  # noqa: PLR2004
            willing_to_travel=random_() < 0.2,  # noqa: PLR2004
            car_required=random_() < 0.25,  # noqa: PLR2004
            eures=random_() < 0.02,  # noqa: PLR2004
            event=rng.choice(events) if random_() < 0.03 else None,  # noqa: PLR2004
            status=status,
            created_at=published - hour,
            published_at=None if status is OfferStatus.DRAFT else published,
            expires_on=expires.date(),
            expires_at=expires,
        )


def make_catalogue(size: int, *, seed: int = 1) -> Catalogue:
    """A catalogue of ``size`` offers, the same for the same seed."""
    rng = random.Random(seed)
    levels = _classification(rng)
    municipalities = _municipalities()
    now = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    professions = tuple(code for level in levels for code in level)
    reference = StaticReferenceData(
        professions=[Profession(code=code, title=f"Professione {code}") for code in professions],
        municipalities=municipalities,
        provinces=[
            Province(code="GE", name="Genova", region="Liguria"),
            Province(code="SP", name="La Spezia", region="Liguria"),
            Province(code="SV", name="Savona", region="Liguria"),
            Province(code="IM", name="Imperia", region="Liguria"),
        ],
    )
    sample = tuple(islice(_offers(rng, size, levels[-1], municipalities, now), SAMPLE))
    return Catalogue(
        size=size,
        seed=seed,
        reference=reference,
        professions=professions,
        municipalities=municipalities,
        words=WORDS,
        now=now,
        sample=sample,
    )

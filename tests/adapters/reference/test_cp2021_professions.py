"""CP2021 professions: the shipped sample and ISTAT's file (ON-3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from formlavoro_adapters.reference import Cp2021Professions
from formlavoro_core.errors import ReferenceDataError
from formlavoro_core.reference import PROFESSION_LEVELS, Profession, shared_profession_levels

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def sample() -> Cp2021Professions:
    return Cp2021Professions.sample()


def _all(professions: Cp2021Professions) -> list[Profession]:
    found: list[Profession] = []
    pending = list(professions.professions())
    while pending:
        node = pending.pop(0)
        found.append(node)
        pending.extend(professions.professions(parent=node.code))
    return found


class TestSample:
    def test_it_has_the_nine_grandi_gruppi(self, sample: Cp2021Professions) -> None:
        """ON-3: the sample has the nine grandi gruppi."""
        groups = sample.professions()
        assert [g.code for g in groups] == [str(n) for n in range(1, 10)]
        assert groups[4].title == "Professioni qualificate nelle attività commerciali e nei servizi"
        assert groups[8].title == "Forze armate"

    def test_every_node_is_reachable_from_its_grande_gruppo(
        self, sample: Cp2021Professions
    ) -> None:
        assert len(_all(sample)) == len(sample) == 135

    def test_every_unit_has_its_whole_chain_of_ancestors(self, sample: Cp2021Professions) -> None:
        """ON-3: every unit has its whole chain of ancestors."""
        units = [p for p in _all(sample) if p.level == PROFESSION_LEVELS]
        assert len(units) == 38
        for unit in units:
            chain = [sample.profession(code) for code in unit.ancestors()]
            assert [p.level for p in chain if p is not None] == [1, 2, 3, 4], unit.code

    @pytest.mark.parametrize(
        ("code", "title"),
        [
            ("5.2.2.1.0", "Cuochi in alberghi e ristoranti"),
            ("5.2.2.4.0", "Baristi e professioni assimilate"),
            ("5.1.2.2.0", "Commessi delle vendite al minuto"),
            ("3.1.2.1.0", "Tecnici programmatori"),
            ("7.4.2.3.0", "Conduttori di mezzi pesanti e camion"),
            ("2.6.4.1.0", "Docenti di scuola primaria"),
            ("3.4.5.3.0", "Tecnici dei servizi per l'impiego"),
            ("2.7", "Specialisti nelle tecnologie dell'informazione e della comunicazione"),
        ],
    )
    def test_demo_professions_carry_their_cp2021_titles(
        self, sample: Cp2021Professions, code: str, title: str
    ) -> None:
        """ON-3: demo professions carry their CP2021 titles."""
        profession = sample.profession(code)
        assert profession is not None
        assert profession.title == title

    def test_cooks_are_closer_to_bartenders_than_to_truck_drivers(
        self, sample: Cp2021Professions
    ) -> None:
        assert shared_profession_levels("5.2.2.1.0", "5.2.2.4.0") == 3
        assert shared_profession_levels("5.2.2.1.0", "7.4.2.3.0") == 0

    def test_searching_cuochi_finds_the_cooks(self, sample: Cp2021Professions) -> None:
        """ON-3: searching "cuochi" finds the cooks' category and unit."""
        assert [p.code for p in sample.find_professions("cuochi")] == ["5.2.2.1", "5.2.2.1.0"]


class TestIstatFile:
    def test_the_one_row_per_node_layout_is_read(self, tmp_path: Path) -> None:
        """ON-3: ISTAT's one-row-per-node layout is read (semicolons, Windows-1252)."""
        istat = tmp_path / "CP2021.csv"
        istat.write_bytes(
            "Codice;Nome\n"
            "5;Professioni qualificate nelle attività commerciali e nei servizi\n"
            "5.2;Professioni qualificate nelle attività ricettive e della ristorazione\n"
            "\n"
            "5.2.2;Esercenti ed addetti nelle attività di ristorazione\n"
            "5.2.2.1;Cuochi in alberghi e ristoranti\n"
            '5.2.2.1.0;"Cuochi in alberghi e ristoranti"\n'.encode("cp1252")
        )
        professions = Cp2021Professions.from_istat_file(istat)
        assert len(professions) == 5
        cook = professions.profession("5.2.2.1.0")
        assert cook is not None
        assert cook.title == "Cuochi in alberghi e ristoranti"
        group = professions.profession("5")
        assert group is not None
        assert group.title.endswith("attività commerciali e nei servizi")

    def test_the_one_row_per_unit_layout_with_every_level_is_read(self, tmp_path: Path) -> None:
        istat = tmp_path / "cp2021_struttura.csv"
        header = ",".join(f"COD_{n},NOME_{n}" for n in range(1, 6))
        rows = [
            "5,Professioni qualificate,5.2,Ristorazione e ricettività,5.2.2,Ristorazione,"
            "5.2.2.1,Cuochi in alberghi e ristoranti,5.2.2.1.0,Cuochi in alberghi e ristoranti",
            "5,Professioni qualificate,5.2,Ristorazione e ricettività,5.2.2,Ristorazione,"
            "5.2.2.4,Baristi e professioni assimilate,5.2.2.4.0,Baristi e professioni assimilate",
        ]
        istat.write_text("\n".join([header, *rows]), encoding="utf-8-sig")
        professions = Cp2021Professions.from_istat_file(istat)
        assert len(professions) == 7
        assert [p.code for p in professions.professions(parent="5.2.2")] == [
            "5.2.2.1",
            "5.2.2.4",
        ]

    def test_comments_before_the_header_and_tabs_are_accepted(self, tmp_path: Path) -> None:
        istat = tmp_path / "cp2021.tsv"
        istat.write_text("# exported 2024-01-04\n\nCodice CP2021\tDenominazione\n9\tForze armate\n")
        assert [p.title for p in Cp2021Professions.from_istat_file(istat).professions()] == [
            "Forze armate"
        ]


class TestBadIstatFile:
    def _error(self, tmp_path: Path, content: bytes) -> str:
        bad = tmp_path / "bad.csv"
        bad.write_bytes(content)
        with pytest.raises(ReferenceDataError) as raised:
            Cp2021Professions.from_istat_file(bad)
        return str(raised.value)

    def test_a_malformed_code_is_reported_with_file_and_line(self, tmp_path: Path) -> None:
        message = self._error(tmp_path, b"Codice;Nome\n5;Professioni\n5.22;Typo\n")
        assert message == f"{tmp_path / 'bad.csv'}, line 3: not a CP2021 code: '5.22'"

    def test_a_missing_title_is_reported(self, tmp_path: Path) -> None:
        assert "line 2: profession 5 has no title" in self._error(tmp_path, b"Codice;Nome\n5;\n")

    def test_conflicting_titles_are_reported(self, tmp_path: Path) -> None:
        message = self._error(tmp_path, b"Codice;Nome\n5;Uno\n5;Due\n")
        assert "line 3: profession 5 is titled both 'Uno' and 'Due'" in message

    def test_a_header_without_code_and_title_columns_is_reported(self, tmp_path: Path) -> None:
        message = self._error(tmp_path, b"# comment\nfoo;bar\n5;x\n")
        assert "line 2: no CP2021 code and title columns" in message

    @pytest.mark.parametrize("content", [b"", b"# only a comment\n", b"Codice;Nome\n"])
    def test_an_empty_file_is_reported(self, tmp_path: Path, content: bytes) -> None:
        assert "bad.csv" in self._error(tmp_path, content)

    def test_bytes_that_are_not_text_are_reported(self, tmp_path: Path) -> None:
        assert "not text" in self._error(tmp_path, b"Codice;Nome\n5;\x81\x8d\n")

    def test_a_missing_file_is_reported(self, tmp_path: Path) -> None:
        with pytest.raises(ReferenceDataError, match="cannot read the CP2021 file"):
            Cp2021Professions.from_istat_file(tmp_path / "missing.csv")

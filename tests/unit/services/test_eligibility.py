"""The first step of the first guide: look the responsible up, then judge eligibility."""

from __future__ import annotations

import datetime as dt

import attrs

from balorg.domain.identifiers import Adeli, IdNatPS
from balorg.domain.professions import lookup
from balorg.services import check_eligibility


class TestCheckEligibility:
    def test_a_pharmacist_found_in_the_directory_is_eligible(self, world) -> None:
        claire = world.professional(1)
        world.ports.directory.professionals[claire.idnat] = claire
        check = check_eligibility(world.ports, claire.idnat)
        assert check
        assert check.professional == claire
        assert check.eligibility is not None
        assert check.eligibility.register is not None
        assert check.eligibility.register.value == "RPPS"

    def test_someone_missing_from_the_directory_is_refused_with_the_reason(self, world) -> None:
        claire = world.professional(1)
        check = check_eligibility(world.ports, claire.idnat)
        assert not check
        assert check.professional is None
        assert [p.code for p in check.decision.reasons] == ["directory.professional_unknown"]

    def test_a_medecin_with_an_adeli_number_is_refused(self, world) -> None:
        adeli = Adeli.from_string("311012348")
        doctor = attrs.evolve(
            world.professional(1), idnat=IdNatPS.of(adeli), profession=lookup("médecin")
        )
        world.ports.directory.professionals[doctor.idnat] = doctor
        check = check_eligibility(world.ports, doctor.idnat, on=dt.date(2026, 11, 22))
        assert not check
        assert [p.code for p in check.decision.reasons] == ["register.refused"]

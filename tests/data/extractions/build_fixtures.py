"""Writes the extraction fixtures of this folder (synthetic data only: no real person).

Run it to rewrite them after a change (``python tests/data/extractions/build_fixtures.py``);
the files are committed, and each row below says what it is there to show. Numbers are
synthetic: valid keys are computed (Luhn), broken ones are broken on purpose.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))

from balorg.interop.extractions.headers import (  # noqa: E402
    MSSANTE_COLUMNS,
    RPPS_COLUMNS,
    RPPS_COLUMNS_52,
)

# -- the MSSanté extraction -----------------------------------------------------------------


def mss(**values: str) -> str:
    """A row of 31 fields; ``values`` by short names."""
    names = {
        "bal": 0, "address": 1, "pp_type": 2, "pp": 3, "idnat": 4, "st_type": 5, "st": 6,
        "service": 7, "civility": 8, "last": 9, "first": 10, "category": 11,
        "category_label": 12, "profession": 13, "profession_label": 14, "digit": 17,
        "name": 18, "sign": 19, "street": 25, "city_line": 27, "postcode": 28, "dept": 29,
        "country": 30,
    }  # fmt: skip
    fields = [""] * len(MSSANTE_COLUMNS)
    for key, value in values.items():
        fields[names[key]] = value
    return "|".join(fields)


MSSANTE_JUNE = [
    # 2: PER, RPPS médecin, structure FINESS typed "1", Dématérialisation O
    mss(bal="PER", address="claire.exemple@medecin.mssante.fr", pp_type="8", pp="10009652727",
        idnat="810009652727", st_type="1", st="1750712184", civility="DR", last="EXEMPLE",
        first="Claire", category="C", profession="10", profession_label="Médecin", digit="O",
        name="HOPITAL EXEMPLE", postcode="75013", dept="75", country="France"),
    # 3: PER, ADELI infirmier, no structure, Dématérialisation N
    mss(bal="PER", address="paul.essai@infirmier.mssante.fr", pp_type="0", pp="316000017",
        idnat="0316000017", last="ESSAI", first="Paul", profession="60", digit="N"),
    # 4: ORG on a FINESS, type given as a label, no person name (falls back to the name)
    mss(bal="ORG", address="Accueil@CH-Exemple.mssante.fr", st_type="FINESS", st="1010000024",
        name="CENTRE HOSPITALIER EXEMPLE", postcode="01000", dept="01", digit="O"),
    # 5: ORG on a technical id, with a service; Dématérialisation true
    mss(bal="ORG", address="cardiologie@ch-exemple.mssante.fr", st="R10100000328372",
        service="Cardiologie", name="CENTRE HOSPITALIER EXEMPLE", digit="true"),
    # 6: the address of line 4 again (other case): merged into line 4
    mss(bal="ORG", address="accueil@ch-exemple.mssante.fr", st_type="1", st="1010000024",
        name="CENTRE HOSPITALIER EXEMPLE (doublon)", digit="O"),
    # 7: PER with an ANS fictitious RPPS (fails Luhn): read, not refused
    mss(bal="PER", address="fictif@medecin.mssante.fr", pp_type="8", pp="10101201234",
        idnat="810101201234", last="FICTIF", first="Jean", profession="10", digit="0"),
    # 8: an address with a space: rejected (Adresse BAL)
    mss(bal="PER", address="jean essai@medecin.mssante.fr", pp_type="8", pp="10000000017",
        idnat="810000000017", last="ESSAI", first="Jean", profession="10"),
    # 9: 30 fields: rejected (field count)
    "|".join(mss(bal="ORG", address="court@ch-exemple.mssante.fr").split("|")[:30]),
    # 10: a FINESS of a department that does not exist (96): rejected
    mss(bal="ORG", address="dept96@ch-exemple.mssante.fr", st_type="1", st="1960000019",
        name="STRUCTURE SANS DEPARTEMENT"),
    # 11: IdNat PS that is not type + identifier: rejected
    mss(bal="PER", address="ecart@medecin.mssante.fr", pp_type="8", pp="10000000025",
        idnat="810000000033", last="ECART", first="Lea", profession="10"),
    # 12: unknown profession code 99: rejected
    mss(bal="PER", address="inconnu@medecin.mssante.fr", pp_type="8", pp="10000000041",
        idnat="810000000041", last="INCONNU", first="Noe", profession="99"),
    # 13: Dématérialisation "peut-être": rejected
    mss(bal="PER", address="peutetre@medecin.mssante.fr", pp_type="8", pp="10000000058",
        idnat="810000000058", last="PEUT", first="Etre", profession="10", digit="peut-être"),
    # 14: unknown "Type identifiant structure": rejected
    mss(bal="ORG", address="typexyz@ch-exemple.mssante.fr", st_type="XYZ", st="1010000024"),
    # 15: ORG without a structure: rejected
    mss(bal="ORG", address="orpheline@ch-exemple.mssante.fr", name="SANS STRUCTURE"),
    "",  # 16: a blank line: skipped, counted
    # 17: ORG on a SIRET (type 3); Dématérialisation 1
    mss(bal="ORG", address="secretariat@cabinet-essai.mssante.fr", st_type="3",
        st="326010004500012", name="CABINET ESSAI", digit="1"),
    # 18: ORG on an RPPS-rang (type 4), Dématérialisation empty
    mss(bal="ORG", address="cabinet@cabinet-essai.mssante.fr", st_type="4",
        st="410009652727016", name="CABINET DR EXEMPLE"),
    # 19: unknown mailbox type: rejected
    mss(bal="XYZ", address="xyz@ch-exemple.mssante.fr", st="R10100000328372"),
    # 20: ORG on the technical id of line 5, an address in another domain
    mss(bal="ORG", address="urgences@ch-exemple.mssante.fr", st="R10100000328372",
        service="Urgences", name="CENTRE HOSPITALIER EXEMPLE", digit="N"),
]  # fmt: skip

#: The next day: line 5's mailbox gone, one added, line 3's person's address changed.
MSSANTE_NEXT = [
    MSSANTE_JUNE[0],
    mss(bal="PER", address="paul.essai2@infirmier.mssante.fr", pp_type="0", pp="316000017",
        idnat="0316000017", last="ESSAI", first="Paul", profession="60", digit="N"),
    MSSANTE_JUNE[2],
    mss(bal="ORG", address="pediatrie@ch-exemple.mssante.fr", st="R10100000328372",
        service="Pédiatrie", name="CENTRE HOSPITALIER EXEMPLE", digit="O"),
    MSSANTE_JUNE[18],
]  # fmt: skip

#: An older file whose lines end with "|".
MSSANTE_OLD = [MSSANTE_JUNE[0], MSSANTE_JUNE[2], MSSANTE_JUNE[3]]

# -- the RPPS extraction --------------------------------------------------------------------


def ps(width: int = len(RPPS_COLUMNS), **values: str) -> str:
    """A line of ``width`` fields (56 or 52); ``values`` by short names."""
    names = {
        "type": 0, "pp": 1, "idnat": 2, "civ_code": 3, "civ": 4, "last": 7, "first": 8,
        "profession": 9, "profession_label": 10, "mode": 17, "siret": 19, "siren": 20,
        "finess": 21, "finess_ej": 22, "technical": 23, "name": 24, "postcode": 35,
        "city": 37, "dept": 44, "former": 46, "sector": 48, "role": 52,
    }  # fmt: skip
    fields = [""] * width
    for key, value in values.items():
        fields[names[key]] = value
    return "|".join(fields)


CLAIRE = {"type": "8", "pp": "10009652727", "idnat": "810009652727", "civ_code": "DR",
          "civ": "Docteur", "last": "EXEMPLE", "first": "Claire", "profession": "10",
          "profession_label": "Médecin"}  # fmt: skip
PAUL = {"type": "0", "pp": "316000017", "idnat": "0316000017", "last": "ESSAI",
        "first": "Paul", "profession": "60", "profession_label": "Infirmier"}  # fmt: skip

RPPS_JUNE = [
    # 2-3: Claire, two activities: a hospital (FINESS, IdNat Struct), her cabinet (RPPS-rang)
    ps(**CLAIRE, mode="S", finess="750712184", finess_ej="750712184", technical="F750712184",
       name="HOPITAL EXEMPLE", postcode="75013", city="PARIS", dept="75", former="1750712184",
       sector="SA01", role="FON-01"),
    ps(**CLAIRE, mode="L", siret="26010004500012", siren="260100045", technical="C26010004500012",
       name="CABINET DR EXEMPLE", postcode="31000", city="TOULOUSE", dept="31",
       former="410009652727016"),
    # 4: Paul (ADELI), one activity on a technical id only
    ps(**PAUL, mode="S", technical="R10100000328372", name="CENTRE HOSPITALIER EXEMPLE",
       postcode="01000", city="BOURG", dept="01"),
    # 5: an ANS fictitious RPPS (fails Luhn), no activity: read, not refused
    ps(type="8", pp="10101201234", idnat="810101201234", last="FICTIF", first="Jean",
       profession="21", profession_label="Pharmacien"),
    # 6: a FINESS site of department 96: rejected
    ps(type="8", pp="10000000017", idnat="810000000017", last="ESSAI", first="Jean",
       profession="10", finess="960000019", name="NULLE PART"),
    # 7: 55 fields: rejected
    "|".join(ps(**PAUL).split("|")[:55]),
    # 8: no last name: rejected
    ps(type="8", pp="10000000025", idnat="810000000025", first="Sans", profession="10"),
    # 9: unknown profession 99: rejected
    ps(type="8", pp="10000000033", idnat="810000000033", last="AUTRE", first="Eve",
       profession="99"),
    # 10: unknown identifier type 7: rejected
    ps(type="7", pp="10000000041", idnat="710000000041", last="SEPT", first="Jo",
       profession="10"),
    # 11: Claire again, not next to her other lines: a third activity (SIRET site only)
    ps(**CLAIRE, mode="L", siret="35600000000048", name="CENTRE DE SANTE ESSAI",
       technical="C35600000000048"),
]  # fmt: skip

RPPS_OLD = [
    ps(52, **CLAIRE, mode="S", finess="750712184", technical="F750712184",
       name="HOPITAL EXEMPLE", former="1750712184"),
    ps(52, **PAUL),
]  # fmt: skip


def write(name: str, header: tuple[str, ...], rows: list[str], *, trailing: bool = False) -> Path:
    end = "|" if trailing else ""
    lines = ["|".join(header) + end, *[row + end if row else row for row in rows]]
    path = HERE / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    write("Extraction_Correspondance_MSSante_202606010300.txt", MSSANTE_COLUMNS, MSSANTE_JUNE)
    write(
        "Extraction_Correspondance_MSSante_202506010300.txt",
        MSSANTE_COLUMNS,
        MSSANTE_OLD,
        trailing=True,
    )
    inner = write(
        "Extraction_Correspondance_MSSante_202606020300.txt", MSSANTE_COLUMNS, MSSANTE_NEXT
    )
    archive = HERE / "Extraction_Correspondance_MSSante_202606020300.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo(inner.name, date_time=(2026, 6, 2, 3, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, inner.read_bytes())
    inner.unlink()
    write(
        "PS_LibreAcces_Personne_activite_202606010300.txt", RPPS_COLUMNS, RPPS_JUNE, trailing=True
    )
    write("PS_LibreAcces_Personne_activite_201901010300.txt", RPPS_COLUMNS_52, RPPS_OLD)


if __name__ == "__main__":
    main()

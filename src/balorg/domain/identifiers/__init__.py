"""Identifiers of professionals and structures, in python-stdnum's contract.

One module per identifier (:mod:`rpps`, :mod:`adeli`, :mod:`finess`,
:mod:`siren`, :mod:`siret`, :mod:`cabinet` for RPPS-rang and ADELI-rang,
:mod:`idnat` for national identifiers), each with ``compact``, ``validate``
(the canonical form, or a :class:`~balorg.domain.errors.ValidationError`
subclass with a stable code), ``is_valid`` (never raises) and ``format``;
and a frozen value object per identifier, valid by construction.

>>> from balorg.domain.identifiers import Finess, IdNatStruct, identify, rpps
>>> rpps.is_valid('10009652727')
True
>>> str(IdNatStruct.of(Finess.from_string('750 712 184')))
'1750712184'
>>> [(i.kind, i.valid) for i in identify('26010004500012')]  # both keys happen to hold
[('SIRET', True), ('RPPS-rang', True)]
"""

from __future__ import annotations

from balorg.domain.errors import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from balorg.domain.identifiers import adeli, cabinet, finess, idnat, national, rpps, siren, siret
from balorg.domain.identifiers.adeli import Adeli
from balorg.domain.identifiers.cabinet import AdeliRang, RppsRang
from balorg.domain.identifiers.finess import Finess
from balorg.domain.identifiers.identification import (
    KIND_NAMES,
    KINDS,
    UNKNOWN,
    Identification,
    UnknownKind,
    identified,
    identify,
)
from balorg.domain.identifiers.idnat import (
    IDNAT_PS_PREFIXES,
    IDNAT_PS_SYSTEM,
    IDNAT_STRUCT_PREFIXES,
    IDNAT_STRUCT_SYSTEM,
    PREFIX_TABLES,
    IdNatPS,
    IdNatStruct,
    PrefixEntry,
    PsIdentifier,
    StructIdentifier,
    parse_ps,
    parse_struct,
)
from balorg.domain.identifiers.national import (
    MssanteAddress,
    NationalStructureId,
    RorId,
    RorSituationId,
)
from balorg.domain.identifiers.rpps import Rpps
from balorg.domain.identifiers.siren import Siren
from balorg.domain.identifiers.siret import Siret

__all__ = [
    "IDNAT_PS_PREFIXES",
    "IDNAT_PS_SYSTEM",
    "IDNAT_STRUCT_PREFIXES",
    "IDNAT_STRUCT_SYSTEM",
    "KINDS",
    "KIND_NAMES",
    "PREFIX_TABLES",
    "UNKNOWN",
    "Adeli",
    "AdeliRang",
    "Finess",
    "IdNatPS",
    "IdNatStruct",
    "Identification",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidLength",
    "MssanteAddress",
    "NationalStructureId",
    "PrefixEntry",
    "PsIdentifier",
    "RorId",
    "RorSituationId",
    "Rpps",
    "RppsRang",
    "Siren",
    "Siret",
    "StructIdentifier",
    "UnknownKind",
    "ValidationError",
    "adeli",
    "cabinet",
    "finess",
    "identified",
    "identify",
    "idnat",
    "national",
    "parse_ps",
    "parse_struct",
    "rpps",
    "siren",
    "siret",
]

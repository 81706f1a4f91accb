"""Official ANS formats in and out: the national extractions (in) and FHIR (in and out).

Serialization lives at this edge: nothing of these formats leaks into
:mod:`balorg.domain`.
"""

from __future__ import annotations

#: The subpackages (:mod:`balorg.interop.extractions`, :mod:`balorg.interop.fhir`) carry
#: the names; this package exports none itself.
__all__: list[str] = []

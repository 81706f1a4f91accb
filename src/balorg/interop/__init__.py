"""Official ANS formats in and out: the national extractions (in) and FHIR (in and out).

Serialization lives at this edge: nothing of these formats leaks into
:mod:`balorg.domain`.
"""

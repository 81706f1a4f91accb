"""The national directory over its FHIR API (the ``fhir`` extra: httpx), and directories
in memory.

- :mod:`~balorg.adapters.fhir.publisher`: :class:`FhirDirectoryPublisher`, conditional
  FHIR Patch to the Annuaire Santé (a :class:`~balorg.ports.publisher.DirectoryPublisher`);
- :mod:`~balorg.adapters.fhir.reader`: :class:`FhirDirectoryReader`, a
  :class:`~balorg.ports.directory.DirectoryLookup` over the FHIR API;
- :mod:`~balorg.adapters.fhir.memory`: :class:`InMemoryDirectoryPublisher` (no httpx);
- :mod:`~balorg.adapters.fhir.settings`: the ``[directory]`` table and the API key (no httpx).

Nothing is imported here, so that the in-memory publisher and the settings work without
the ``fhir`` extra; import from the modules.
"""

from __future__ import annotations

__all__: list[str] = []

"""Reading the national directory over the Annuaire Santé FHIR API.

:class:`FhirDirectoryReader` implements :class:`~balorg.ports.directory.DirectoryLookup`:

* a professional by IdNat PS (``identifier=urn:oid:1.2.250.1.71.4.2.1|...``; for an RPPS,
  ``https://rpps.esante.gouv.fr|...`` when the first finds nothing), with their
  PractitionerRoles and the Organizations they include (activities, profession code);
* a mailbox by address (search parameter ``mailbox-mss`` on Organization, PractitionerRole
  then Practitioner; compared without case on the client, since ``:exact`` is
  case-sensitive);
* a structure's mailboxes (its Organization by IdNat Struct, or by a technical id in any
  system), and a search of mailboxes whose address contains a text.

Every search follows the Bundle's ``next`` link (``_page_token``) to the end, but only on
the base URL's own origin (the API key goes nowhere else). The server does not expose
``mailbox-mss-type``: the mailbox type is filtered on the client.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from balorg.adapters.fhir._http import FhirHttp, Trouble
from balorg.adapters.fhir.settings import ApiKey, DirectorySettings
from balorg.domain.addresses import EmailAddress
from balorg.domain.directory import DirectoryMailbox, DirectoryPerson, StructureRef
from balorg.domain.errors import BalorgError
from balorg.domain.identifiers import IdNatPS, IdNatStruct, Rpps
from balorg.domain.publication import BalType
from balorg.interop.fhir.errors import FhirFormatError
from balorg.interop.fhir.identifiers import carrier_search
from balorg.interop.fhir.reading import (
    Page,
    ResourceIndex,
    organization_mailboxes,
    person,
    practitioner_mailboxes,
    read_page,
    role_mailboxes,
)
from balorg.interop.fhir.systems import IDNAT_PS_SYSTEM, RPPS_SYSTEM

__all__ = ["DirectoryReadError", "FhirDirectoryReader"]

_log = logging.getLogger("balorg.adapters.fhir")

#: The resources carrying mailboxes, in the order a look-up by address tries them.
_CARRIERS: Final = ("Organization", "PractitionerRole", "Practitioner")
_ROLE_INCLUDES: Final = ("PractitionerRole:practitioner", "PractitionerRole:organization")


class DirectoryReadError(BalorgError):
    """The directory could not be read (``fhir.read_failed``: ``detail`` is the server's
    text, ``retryable`` whether trying again later may succeed; ``fhir.foreign_link``: a
    next-page link to another host, not followed)."""

    default_code = "fhir.read_failed"

    def __init__(
        self, code: str | None = None, /, *, retryable: bool, detail: str = "", **params: Any
    ) -> None:
        self.retryable = retryable
        self.detail = detail
        super().__init__(code, detail=detail, **params)


class FhirDirectoryReader:
    """Look-ups in the national directory over its FHIR API (read only)."""

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        page_size: int | None = None,
        max_pages: int = 10_000,
    ) -> None:
        self._http = FhirHttp(base_url, api_key, timeout=timeout, transport=transport)
        self._page_size = page_size
        self._max_pages = max_pages

    @classmethod
    def from_settings(
        cls, settings: DirectorySettings, environ: Mapping[str, str] | None = None
    ) -> FhirDirectoryReader:
        return cls(
            settings.fhir_base_url, settings.api_key(environ), timeout=settings.timeout_seconds
        )

    def __repr__(self) -> str:
        return f"FhirDirectoryReader({self._http.base_url!r}, api_key=ApiKey('********'))"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FhirDirectoryReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- searches ------------------------------------------------------------------------

    def pages(self, resource: str, params: Mapping[str, str | Sequence[str]]) -> Iterator[Page]:
        """Every page of a search, following ``next`` links on the base URL's origin."""
        query: dict[str, str | Sequence[str]] = dict(params)
        if self._page_size is not None:
            query["_count"] = str(self._page_size)
        url: str | None = self._http.url(resource)
        first = True
        seen: set[str] = set()
        while url is not None and len(seen) < self._max_pages:
            answer = self._http.send("GET", url, params=query if first else None)
            first = False
            if isinstance(answer, Trouble):
                raise DirectoryReadError(retryable=answer.retryable, detail=answer.detail)
            page = self._page(answer.body)
            yield page
            url = page.next_url
            if url is None or url in seen:
                return
            if not self._http.same_origin(url):
                raise DirectoryReadError(
                    "fhir.foreign_link", retryable=False, host=urlsplit(url).hostname or "?"
                )
            seen.add(url)

    def _page(self, body: object) -> Page:
        failure: DirectoryReadError | None = None
        try:
            return read_page(body)
        except FhirFormatError as error:
            failure = DirectoryReadError(retryable=False, detail=error.message("en"))
        raise failure

    def _search(
        self, resource: str, params: Mapping[str, str | Sequence[str]]
    ) -> tuple[list[Mapping[str, Any]], ResourceIndex]:
        matches: list[Mapping[str, Any]] = []
        index = ResourceIndex()
        for page in self.pages(resource, params):
            matches += [r for r in page.matches if r.get("resourceType") == resource]
            for resource_ in (*page.matches, *page.included):
                index.add(resource_)
        return matches, index

    # -- DirectoryLookup -----------------------------------------------------------------

    def professional(self, identifier: IdNatPS) -> DirectoryPerson | None:
        """The professional with this national identifier, their activities and profession."""
        found, _ = self._search("Practitioner", {"identifier": f"{IDNAT_PS_SYSTEM}|{identifier}"})
        if not found and isinstance(identifier.identifier, Rpps):
            found, _ = self._search(
                "Practitioner", {"identifier": f"{RPPS_SYSTEM}|{identifier.identifier.value}"}
            )
        if not found:
            return None
        practitioner = next((p for p in found if p.get("active") is not False), found[0])
        roles, index = self._search(
            "PractitionerRole",
            {
                "practitioner": f"Practitioner/{practitioner.get('id')}",
                "_include": "PractitionerRole:organization",
            },
        )
        try:
            return person(practitioner, roles, index)
        except FhirFormatError as error:
            raise DirectoryReadError(retryable=False, detail=error.message("en")) from None

    def mailbox(self, address: EmailAddress) -> DirectoryMailbox | None:
        """The MSSanté mailbox published at ``address``; ``None`` when absent."""
        wanted = str(address).lower()
        for resource in _CARRIERS:
            for found in self._mailboxes(resource, {"mailbox-mss": str(address)}):
                if str(found.address).lower() == wanted:
                    return found
        return None

    def structure_mailboxes(
        self, structure: StructureRef | IdNatStruct | str, *, types: Collection[BalType] = ()
    ) -> Sequence[DirectoryMailbox]:
        """Every mailbox carried by the structure (by IdNat Struct, or a technical id in any
        system), by address; only the ``types`` given, when any (filtered here: the server
        does not expose ``mailbox-mss-type``)."""
        text = str(structure)
        readable = isinstance(structure, IdNatStruct) or StructureRef.read(text).parsed
        search = carrier_search(text) if readable else text
        found = self._mailboxes("Organization", {"identifier": search})
        return sorted(_of_types(found, types), key=lambda m: str(m.address))

    def search_mailboxes(
        self,
        text: str,
        *,
        types: Collection[BalType] = (),
        resources: Sequence[str] = ("Organization",),
    ) -> Iterator[DirectoryMailbox]:
        """The mailboxes whose address contains ``text`` (``mailbox-mss:contains``), on the
        given carrier resources, of the ``types`` given (filtered here), page after page."""
        for resource in resources:
            found = self._mailboxes(resource, {"mailbox-mss:contains": text})
            needle = text.lower()
            yield from (m for m in _of_types(found, types) if needle in str(m.address).lower())

    def _mailboxes(self, resource: str, params: Mapping[str, str]) -> Iterator[DirectoryMailbox]:
        if resource == "PractitionerRole":
            # Included resources may come on another page than their match: read them all.
            roles, index = self._search(resource, {**params, "_include": list(_ROLE_INCLUDES)})
            for role in roles:
                yield from role_mailboxes(
                    role,
                    index.follow(role.get("practitioner")),
                    index.follow(role.get("organization")),
                )
            return
        for page in self.pages(resource, params):
            for match in page.matches:
                kind = match.get("resourceType")
                if kind == "Organization":
                    yield from organization_mailboxes(match)
                elif kind == "Practitioner":
                    yield from practitioner_mailboxes(match)


def _of_types(
    mailboxes: Iterator[DirectoryMailbox], types: Collection[BalType]
) -> Iterator[DirectoryMailbox]:
    wanted = frozenset(types)
    return (m for m in mailboxes if not wanted or m.bal_type in wanted)

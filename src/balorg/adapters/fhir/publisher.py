"""Publishing organisational mailboxes to the national directory over its FHIR API.

:class:`FhirDirectoryPublisher` implements :class:`~balorg.ports.publisher.DirectoryPublisher`
for :attr:`DirectoryKind.NATIONAL`. For each change it:

1. reads the carrier (``GET [base]/Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|<IdNat
   Struct>``): none is a ``publication.carrier_not_found``, several a
   ``publication.carrier_ambiguous``, both kept for a person;
2. plans the FHIR Patch from what the carrier holds for the address
   (:func:`~balorg.interop.fhir.patch.plan_patch`), which makes every change idempotent:
   an insert of an address already there becomes the replaces that make it equal to the
   entry, a delete of an absent address or a change already in place sends nothing;
3. sends it by conditional PATCH on the same identifier (``application/fhir+json``,
   ``ESANTE-API-KEY``), all operations in one request, applied in order by the server.

A time-out, a lost connection, 408, 425, 429 and 5xx answers raise a retryable
:class:`~balorg.ports.publisher.PublicationFailed` (``publication.unavailable``): the
outbox dispatcher tries again later, and the replay is harmless (step 2). 400, 401/403,
404 and 412 raise coded failures that are not retryable, with the server's
OperationOutcome text as ``detail``: they wait for a person. The API key is never logged,
never in an exception, a repr or a message; the Patch (which carries the responsible
contact) is never logged either.

Between the read and the PATCH (one round trip) another writer may change the carrier:
FHIR Patch then fails on a target that has gone (400) and the change waits for a person.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from balorg.adapters.fhir._http import Answer, FhirHttp, Trouble
from balorg.adapters.fhir.settings import ApiKey, DirectorySettings
from balorg.domain.publication import DirectoryChange, DirectoryKind
from balorg.interop.fhir.contact_point import is_mailbox
from balorg.interop.fhir.errors import FhirFormatError, InvalidEntryValue
from balorg.interop.fhir.identifiers import carrier_search
from balorg.interop.fhir.patch import CARRIER, PlanRefused, plan_patch
from balorg.interop.fhir.reading import read_page
from balorg.ports.publisher import PublicationFailed

__all__ = ["FhirDirectoryPublisher"]

_log = logging.getLogger("balorg.adapters.fhir")

#: HTTP status -> the failure code kept for a person.
_CODES = {
    400: "publication.bad_request",
    401: "publication.unauthorized",
    403: "publication.unauthorized",
    404: "publication.carrier_not_found",
    412: "publication.carrier_ambiguous",
}


class FhirDirectoryPublisher:
    """Applies :class:`DirectoryChange` values to the national directory's FHIR API.

    ``transport`` is httpx's, for tests; ``directories`` the directories served
    (the national one by default).
    """

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        directories: Iterable[DirectoryKind] = (DirectoryKind.NATIONAL,),
    ) -> None:
        self._http = FhirHttp(base_url, api_key, timeout=timeout, transport=transport)
        self._directories = frozenset(directories)

    @classmethod
    def from_settings(
        cls, settings: DirectorySettings, environ: Mapping[str, str] | None = None
    ) -> FhirDirectoryPublisher:
        """A publisher for the ``[directory]`` settings, its key read from the environment."""
        return cls(
            settings.fhir_base_url,
            settings.api_key(environ),
            timeout=settings.timeout_seconds,
        )

    def __repr__(self) -> str:
        return f"FhirDirectoryPublisher({self._http.base_url!r}, api_key=ApiKey('********'))"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FhirDirectoryPublisher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def handles(self, directory: DirectoryKind) -> bool:
        return directory in self._directories

    def apply(self, change: DirectoryChange, *, key: str) -> None:
        """Apply ``change`` (idempotently) or raise :class:`PublicationFailed`."""
        if not self.handles(change.directory):
            raise PublicationFailed(
                "publication.not_handled", retryable=False, directory=change.directory.value
            )
        published = self._published(change)
        plan = self._plan(change, published)
        if plan is None:
            _log.info("change %s for %s: already in the directory", key, change.address)
            return
        answer = self._http.send(
            "PATCH",
            self._http.url(CARRIER),
            params={"identifier": carrier_search(change.carrier)},
            payload=plan,
        )
        if isinstance(answer, Trouble):
            raise _failure(answer, change)
        _log.info(
            "change %s for %s: %d operation(s) applied",
            key,
            change.address,
            len(plan["parameter"]),
        )

    def _published(self, change: DirectoryChange) -> Mapping[str, Any] | None:
        """The carrier's ContactPoint at the change's address, or ``None``."""
        answer = self._http.send(
            "GET",
            self._http.url(CARRIER),
            params={"identifier": carrier_search(change.carrier)},
        )
        if isinstance(answer, Trouble):
            raise _failure(answer, change)
        carrier = _only_carrier(answer, change)
        wanted = str(change.address).lower()
        telecoms = carrier.get("telecom")
        for cp in telecoms if isinstance(telecoms, list) else []:
            value = cp.get("value") if isinstance(cp, Mapping) else None
            if is_mailbox(cp) and isinstance(value, str) and value.strip().lower() == wanted:
                return cp  # type: ignore[no-any-return]
        return None

    def _plan(
        self, change: DirectoryChange, published: Mapping[str, Any] | None
    ) -> dict[str, Any] | None:
        failure: PublicationFailed | None = None
        try:
            return plan_patch(change, published)
        except (PlanRefused, InvalidEntryValue) as refused:
            failure = PublicationFailed(
                refused.code, retryable=False, detail=refused.message("en"), **refused.params
            )
        except FhirFormatError as unreadable:
            failure = PublicationFailed(
                "publication.unexpected_answer", retryable=False, detail=unreadable.message("en")
            )
        raise failure


def _only_carrier(answer: Answer, change: DirectoryChange) -> Mapping[str, Any]:
    failure: PublicationFailed | None = None
    try:
        page = read_page(answer.body)
    except FhirFormatError as error:
        failure = PublicationFailed(
            "publication.unexpected_answer", retryable=False, detail=error.message("en")
        )
    if failure is not None:
        raise failure
    carriers = [r for r in page.matches if r.get("resourceType") == CARRIER]
    if len(carriers) == 1 and (page.total is None or page.total == 1):
        return carriers[0]
    if not carriers:
        code, detail = "publication.carrier_not_found", "no Organization has this identifier"
    else:
        code, detail = "publication.carrier_ambiguous", "several Organizations have it"
    raise PublicationFailed(code, retryable=False, detail=detail, carrier=str(change.carrier))


def _failure(trouble: Trouble, change: DirectoryChange) -> PublicationFailed:
    if trouble.retryable:
        return PublicationFailed(
            "publication.unavailable", retryable=True, detail=trouble.detail, status=trouble.status
        )
    code = _CODES.get(trouble.status or 0, "publication.rejected")
    return PublicationFailed(
        code,
        retryable=False,
        detail=trouble.detail,
        status=trouble.status,
        carrier=str(change.carrier),
        address=str(change.address),
    )

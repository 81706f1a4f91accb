"""HTTP to the directory's FHIR API (httpx), shared by the publisher and the reader.

The API key travels in the ``ESANTE-API-KEY`` header of each request and nowhere else:
it is not a default header of the client (whose headers may be printed), it is never
logged, and it is cut out of any text the server sends back. Redirects are not followed
and next-page links are followed only on the base URL's own origin, so the key is never
sent to another host. Exceptions are raised outside ``except`` blocks, so no httpx
exception (whose request holds the headers) hangs on to them as context.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from attrs import frozen

from balorg.adapters.fhir.settings import ApiKey

__all__ = ["FHIR_JSON", "Answer", "FhirHttp", "Trouble"]

FHIR_JSON: Final = "application/fhir+json"
_MAX_DETAIL: Final = 500
_RETRYABLE_STATUSES: Final = frozenset({408, 425, 429})

_log = logging.getLogger("balorg.adapters.fhir")


@frozen(kw_only=True)
class Answer:
    """A response of the server: its status and its JSON body (``None`` when not JSON)."""

    status: int
    body: Any
    reason: str


@frozen(kw_only=True)
class Trouble:
    """A request that got no usable answer: ``status`` (``None`` for a time-out or a lost
    connection), the server's own text, and whether trying again later may succeed."""

    status: int | None
    detail: str
    retryable: bool


class FhirHttp:
    """Requests to one FHIR base URL with one API key."""

    def __init__(
        self,
        base_url: str,
        api_key: ApiKey | str,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key if isinstance(api_key, ApiKey) else ApiKey(api_key)
        origin = urlsplit(self.base_url)
        self._origin = (origin.scheme, origin.hostname, origin.port)
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=False, transport=transport, trust_env=False
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.base_url!r}, api_key=ApiKey('********'))"

    def close(self) -> None:
        self._client.close()

    def same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == self._origin

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def _headers(self, *, body: bool) -> dict[str, str]:
        headers = {"Accept": FHIR_JSON, "ESANTE-API-KEY": self._api_key.reveal()}
        if body:
            headers["Content-Type"] = FHIR_JSON
        return headers

    def redact(self, text: str) -> str:
        """``text`` without the key (should a server ever echo it), cut to a sane length."""
        secret = self._api_key.reveal()
        clean = text.replace(secret, "********") if secret else text
        return clean if len(clean) <= _MAX_DETAIL else clean[: _MAX_DETAIL - 1] + "…"

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | Sequence[str]] | None = None,
        payload: Any = None,
    ) -> Answer | Trouble:
        """One request; never raises for HTTP or network trouble (see :class:`Trouble`)."""
        content = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        trouble: Trouble | None = None
        try:
            response = self._client.request(
                method,
                url,
                params=params,
                content=content,
                headers=self._headers(body=content is not None),
            )
        except httpx.TimeoutException:
            trouble = Trouble(status=None, detail="time-out", retryable=True)
        except httpx.TransportError as error:
            trouble = Trouble(
                status=None, detail=f"no connection ({type(error).__name__})", retryable=True
            )
        if trouble is not None:
            _log.warning("%s %s: %s", method, _path_of(url), trouble.detail)
            return trouble
        status = response.status_code
        body = _json(response)
        _log.info("%s %s -> %d", method, _path_of(url), status)
        if 200 <= status < 300:
            return Answer(status=status, body=body, reason=response.reason_phrase)
        detail = self.redact(_outcome_text(body) or f"HTTP {status} {response.reason_phrase}")
        retryable = status >= 500 or status in _RETRYABLE_STATUSES
        return Trouble(status=status, detail=detail, retryable=retryable)


def _path_of(url: str) -> str:
    """The path of a URL, for logs (queries may hold identifiers; never a key)."""
    return urlsplit(url).path


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _outcome_text(body: object) -> str:
    """The text of an OperationOutcome: its issues' ``details.text`` or ``diagnostics``."""
    if not isinstance(body, Mapping) or body.get("resourceType") != "OperationOutcome":
        return ""
    texts = []
    issues = body.get("issue")
    for issue in issues if isinstance(issues, list) else []:
        if not isinstance(issue, Mapping):
            continue
        details = issue.get("details")
        text = details.get("text") if isinstance(details, Mapping) else None
        text = text if isinstance(text, str) and text.strip() else issue.get("diagnostics")
        if isinstance(text, str) and text.strip():
            texts.append(text.strip())
    return "; ".join(texts)

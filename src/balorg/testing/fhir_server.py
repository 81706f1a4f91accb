"""A small FHIR server on loopback standing in for the Annuaire Santé's API, for tests and demos.

It stores Organizations, Practitioners and PractitionerRoles, answers the searches the
reader uses (``identifier``, ``mailbox-mss`` and its ``:contains``/``:exact`` modifiers,
``practitioner``, ``_include``, ``_count``, ``_page_token`` paging through ``next`` links)
and applies FHIR Patch the way ANS describes its write API, *strictly*: only ``insert``,
``replace`` and ``delete``, only on the paths ANS documents, never a change of a
mailbox's address or type, a ContactPoint as the ``as-mailbox-mss`` profile requires it
(with the e-mail type extension), a ``replace`` only of what exists. It answers 401 to a
missing or wrong ``ESANTE-API-KEY``, 415 to a wrong content type, 404 when no resource
matches a conditional PATCH, 412 when several do, and 400 with an OperationOutcome for
anything malformed; a patch applies whole or not at all. When ``fhir.resources`` is
installed (the ``dev`` extra), every Parameters received and every resource stored is also
validated with its R4B models (:attr:`FhirTestServer.r4b_validation`).

Faults can be queued (:meth:`FhirTestServer.fail_next`): an HTTP status, or a stall
(the answer never comes, before or after applying the patch) for time-outs.

It is not the Annuaire Santé: it serves whoever holds its key, red-listed mailboxes
included, and keeps everything in memory. Run on its own, for an example or a manual try
(it listens on ``127.0.0.1`` only, prints its base URL on the first line, and stops on
SIGTERM or Ctrl-C)::

    BALORG_ESANTE_API_KEY=some-test-key python -m balorg.testing.fhir_server \
        --port 0 --organization 1010000024="PHARMACIE DU CENTRE"

``--port 0`` lets the system choose a free port; ``--organization`` (repeatable) stores
the Organization carrying a structure's mailboxes, found by its IdNat Struct; the key is
read from the environment variable named by ``--api-key-env`` (never from the command
line, which other users of the machine can read); ``--log`` writes one line per request
on standard error (method, path and query, status: never a body, which may carry the
responsible contact, nor a header).

>>> server = FhirTestServer(api_key="k").start()
>>> org = server.add(organization(parse_struct("1010000024"), "PHARMACIE DU CENTRE"))
>>> server.base_url.startswith("http://127.0.0.1:"), org["identifier"][0]["value"]
(True, '1010000024')
>>> server.stop()
"""

from __future__ import annotations

import argparse
import copy
import importlib
import itertools
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any, Self, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

from attrs import define, field

from balorg.domain.addresses import MSSANTE_PATTERN
from balorg.domain.errors import BalorgError
from balorg.domain.identifiers import IdNatStruct, parse_struct
from balorg.interop.fhir.identifiers import organization_identifiers
from balorg.interop.fhir.systems import (
    EMAIL_TYPE_URL,
    MAILBOX_METADATA_URL,
    MESSAGING_TYPE_SYSTEM,
    TYPE_BAL_SYSTEM,
)

__all__ = [
    "Fault",
    "FhirTestServer",
    "Received",
    "Refused",
    "apply_patch",
    "check_mailbox",
    "main",
    "organization",
    "outcome",
    "r4b_available",
]

JSON = dict[str, Any]

#: The R4B models that validate what the server receives and stores, by resource type.
_R4B_MODULES: Mapping[str, str] = {
    "Organization": "organization",
    "Practitioner": "practitioner",
    "PractitionerRole": "practitionerrole",
    "ContactPoint": "contactpoint",
    "Parameters": "parameters",
}


def r4b_available() -> bool:
    """Whether ``fhir.resources`` (and so R4B validation) is installed."""
    try:
        _r4b_model("Parameters")
    except ImportError:
        return False
    return True


@cache
def _r4b_model(name: str) -> Any:
    module = importlib.import_module(f"fhir.resources.R4B.{_R4B_MODULES[name]}")
    return getattr(module, name)


TYPES_ON = {"Organization": {"ORG", "APP"}, "Practitioner": {"PER", "CAB"}}
SUB_VALUES = {
    "type": "valueCodeableConcept",
    "description": "valueString",
    "service": "valueString",
    "responsible": "valueString",
    "listeRouge": "valueBoolean",
}
SEARCHABLE = {
    "Organization": {"identifier", "mailbox-mss"},
    "Practitioner": {"identifier", "mailbox-mss"},
    "PractitionerRole": {"identifier", "mailbox-mss", "practitioner"},
}
INCLUDES = {"PractitionerRole:organization", "PractitionerRole:practitioner"}


class Refused(Exception):
    """The request is refused with ``status`` and an OperationOutcome saying ``text``."""

    def __init__(self, status: int, text: str, code: str = "invalid") -> None:
        super().__init__(text)
        self.status, self.text, self.code = status, text, code


def outcome(text: str, code: str = "invalid") -> JSON:
    """An OperationOutcome with one error issue of ``code`` saying ``text``."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "details": {"text": text}}],
    }


@define
class Fault:
    """What to do instead of answering normally: an HTTP ``status``, or ``stall`` (never
    answer), before or (``after_apply``) after applying a PATCH."""

    status: int | None = None
    stall: bool = False
    after_apply: bool = False
    methods: frozenset[str] = frozenset({"GET", "PATCH"})


@define
class Received:
    """A request as the server received it (headers included: tests only, never logged)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@define
class _Pages:
    resource: str
    entries: list[tuple[JSON, str]]
    size: int


@define(repr=False)
class FhirTestServer:
    """The server's state; :meth:`start` serves it on ``127.0.0.1`` in a thread."""

    api_key: str = "test-key-9f2c71d4e8"
    #: The loopback port to listen on; 0 lets the system choose a free one.
    port: int = 0
    #: Validates what is received and stored with ``fhir.resources``' R4B models (by
    #: default when it is installed; :meth:`start` refuses ``True`` without it).
    r4b_validation: bool = field(factory=r4b_available)
    #: Where to write one line per request (method, path and query, status), if anywhere.
    log: TextIO | None = None
    page_size: int = 2
    #: Writes ``next`` links on another host (the client must not follow them).
    foreign_next_links: bool = False
    #: Echoes the received key in 401 answers (a careless server; clients must redact).
    echo_key: bool = False
    resources: dict[str, list[JSON]] = field(
        factory=lambda: {"Organization": [], "Practitioner": [], "PractitionerRole": []}
    )
    faults: list[Fault] = field(factory=list)
    received: list[Received] = field(factory=list)
    _pages: dict[str, _Pages] = field(factory=dict)
    _ids: Iterator[int] = field(factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(factory=threading.Lock)
    _release: threading.Event = field(factory=threading.Event)
    _log_lock: threading.Lock = field(factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"FhirTestServer(port={self._httpd.server_address[1] if self._httpd else None})"

    # -- life -----------------------------------------------------------------------------

    def start(self) -> Self:
        """Listen on ``127.0.0.1`` (:attr:`port`) and serve in a daemon thread."""
        if self.r4b_validation and not r4b_available():
            raise ImportError("R4B validation needs fhir.resources (the dev extra)")
        server: FhirTestServer = self

        class Handler(_Handler):
            state = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/fhir"

    # -- state ----------------------------------------------------------------------------

    def add(self, resource: JSON) -> JSON:
        """Store a resource (validated; an ``id`` is given when it has none)."""
        stored = copy.deepcopy(resource)
        stored.setdefault("id", f"r{next(self._ids)}")
        stored.setdefault("meta", {"versionId": "1"})
        _validate(stored, r4b=self.r4b_validation)
        with self._lock:
            self.resources[stored["resourceType"]].append(stored)
        return stored

    def get(self, kind: str, ident: str) -> JSON:
        return next(r for r in self.resources[kind] if r["id"] == ident)

    def telecom(self, kind: str, ident: str) -> list[JSON]:
        return copy.deepcopy(self.get(kind, ident).get("telecom", []))

    def note(self, line: str) -> None:
        """Write ``line`` to :attr:`log` (when set), whole."""
        if self.log is not None:
            with self._log_lock:
                self.log.write(line + "\n")
                self.log.flush()

    def fail_next(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    def requests(self, method: str) -> list[Received]:
        return [r for r in self.received if r.method == method]

    # -- searches -------------------------------------------------------------------------

    def search(self, kind: str, query: dict[str, list[str]]) -> list[tuple[JSON, str]]:
        allowed = SEARCHABLE[kind]
        matches = list(self.resources[kind])
        includes: list[str] = []
        for name, values in query.items():
            base, _, modifier = name.partition(":")
            if name in ("_count", "_page_token"):
                continue
            if name == "_include":
                includes += values
                continue
            if base not in allowed:
                raise Refused(400, f"Unknown search parameter '{name}' for {kind}", "not-supported")
            for value in values:
                matches = [r for r in matches if _matches(r, base, modifier, value)]
        entries = [(r, "match") for r in matches]
        for include in includes:
            if include not in INCLUDES or kind != "PractitionerRole":
                raise Refused(400, f"Unsupported _include '{include}'", "not-supported")
            target = include.split(":")[1]
            for role in matches:
                found = self._follow(role.get(target))
                if found is not None and (found, "include") not in entries:
                    entries.append((found, "include"))
        return entries

    def _follow(self, reference: object) -> JSON | None:
        if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
            return None
        kind, _, ident = reference["reference"].rpartition("/")
        return next((r for r in self.resources.get(kind, []) if r["id"] == ident), None)

    def bundle(self, kind: str, entries: list[tuple[JSON, str]], size: int) -> JSON:
        token = f"t{next(self._ids)}"
        self._pages[token] = _Pages(resource=kind, entries=entries, size=size)
        return self.page(token, 0)

    def page(self, token: str, offset: int) -> JSON:
        pages = self._pages[token]
        chunk = pages.entries[offset : offset + pages.size]
        bundle: JSON = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": sum(1 for _, mode in pages.entries if mode == "match"),
            "link": [{"relation": "self", "url": f"{self.base_url}/{pages.resource}"}],
            "entry": [
                {
                    "fullUrl": f"{self.base_url}/{r['resourceType']}/{r['id']}",
                    "resource": copy.deepcopy(r),
                    "search": {"mode": mode},
                }
                for r, mode in chunk
            ],
        }
        if offset + pages.size < len(pages.entries):
            base = "https://elsewhere.example/fhir" if self.foreign_next_links else self.base_url
            bundle["link"].append(
                {
                    "relation": "next",
                    "url": f"{base}/{pages.resource}?_page_token={token}.{offset + pages.size}",
                }
            )
        if not bundle["entry"]:
            del bundle["entry"]
        return bundle


def _identifier_matches(resource: JSON, token: str) -> bool:
    system, bar, value = token.rpartition("|")
    for ident in resource.get("identifier", []):
        if ident.get("value") == value and (not bar or ident.get("system") == system):
            return True
    return False


def _matches(resource: JSON, name: str, modifier: str, value: str) -> bool:
    if name == "identifier":
        return _identifier_matches(resource, value)
    if name == "practitioner":
        return str(resource.get("practitioner", {}).get("reference", "")).endswith(value)
    # mailbox-mss: a string search on telecom.value
    for cp in resource.get("telecom", []):
        text = cp.get("value", "")
        if modifier == "exact" and text == value:
            return True
        if modifier == "contains" and value.lower() in text.lower():
            return True
        if modifier == "" and text.lower().startswith(value.lower()):
            return True
        if modifier not in ("", "exact", "contains"):
            raise Refused(400, f"Unsupported modifier ':{modifier}'", "not-supported")
    return False


def _validate(resource: JSON, kind: str | None = None, *, r4b: bool = True) -> None:
    """Refuse ``resource`` (of type ``kind``, by default its ``resourceType``) when the R4B
    model does not validate it; nothing to check when ``r4b`` is false."""
    if not r4b:
        return
    name = kind or str(resource["resourceType"])
    model = _r4b_model(name)
    try:
        model.model_validate(resource)
    except Exception as error:
        raise Refused(400, f"Invalid {name}: {error}") from None


# -- FHIR Patch, strictly ----------------------------------------------------------------------

_LITERAL = r"'((?:[^'\\]|\\.)*)'"
_WHERE = rf"telecom\.where\(value\s*=\s*{_LITERAL}\)"
_META = re.escape(f"'{MAILBOX_METADATA_URL}'")


def _paths(kind: str) -> list[tuple[str, re.Pattern[str]]]:
    head = re.escape(kind) + r"\."
    return [
        ("telecom", re.compile(rf"^{head}telecom$")),
        ("contact", re.compile(rf"^{head}{_WHERE}$")),
        ("rank", re.compile(rf"^{head}{_WHERE}\.rank$")),
        ("value", re.compile(rf"^{head}{_WHERE}\.value$")),
        ("sub", re.compile(rf"^{head}{_WHERE}\.extension\({_META}\)\.extension\({_LITERAL}\)$")),
        (
            "subvalue",
            re.compile(rf"^{head}{_WHERE}\.extension\({_META}\)\.extension\({_LITERAL}\)\.value$"),
        ),
    ]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _target(kind: str, path: str) -> tuple[str, str | None, str | None]:
    for name, pattern in _paths(kind):
        match = pattern.match(path)
        if match:
            groups = [_unescape(g) for g in match.groups()]
            return name, (groups[0] if groups else None), (groups[1] if len(groups) > 1 else None)
    raise Refused(400, f"Path not supported: {path}", "not-supported")


def _sub_extensions(cp: JSON) -> list[JSON] | None:
    for extension in cp.get("extension", []):
        if extension.get("url") == MAILBOX_METADATA_URL:
            subs: list[JSON] = extension.setdefault("extension", [])
            return subs
    return None


def _type_of(cp: JSON) -> str | None:
    for sub in _sub_extensions(cp) or []:
        if sub.get("url") == "type":
            return str(sub["valueCodeableConcept"]["coding"][0]["code"])
    return None


def _value_keys(data: JSON) -> list[str]:
    return [k for k in data if k.startswith("value")]


def check_mailbox(cp: object, kind: str, *, r4b: bool = True) -> JSON:
    """A ContactPoint as ``as-mailbox-mss`` and ANS's write API require it (validated
    with the R4B model too when ``r4b``)."""
    if not isinstance(cp, dict):
        raise Refused(400, "valueContactPoint must be an object")
    _validate(cp, "ContactPoint", r4b=r4b)
    if cp.get("system") != "email":
        raise Refused(400, "A mailbox is a ContactPoint with system 'email'")
    if not MSSANTE_PATTERN.match(str(cp.get("value", ""))):
        raise Refused(400, "The address does not match the MSSanté pattern")
    rank = cp.get("rank")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        raise Refused(400, "rank must be a positive integer")
    urls = [e.get("url") for e in cp.get("extension", [])]
    email_types = [e for e in cp.get("extension", []) if e.get("url") == EMAIL_TYPE_URL]
    if len(email_types) != 1 or email_types[0].get("valueCoding") != {
        "system": MESSAGING_TYPE_SYSTEM,
        "code": "MSSANTE",
    }:
        raise Refused(400, "as-mailbox-mss requires the e-mail type extension MSSANTE")
    if urls.count(MAILBOX_METADATA_URL) != 1:
        raise Refused(400, "The mailbox metadata extension is required once")
    seen: set[str] = set()
    for sub in _sub_extensions(cp) or []:
        name = sub.get("url")
        if name not in SUB_VALUES:
            raise Refused(400, f"Unknown sub-extension '{name}'")
        if name in seen:
            raise Refused(400, f"Sub-extension '{name}' given twice")
        seen.add(name)
        if _value_keys(sub) != [SUB_VALUES[name]]:
            raise Refused(400, f"Sub-extension '{name}' takes {SUB_VALUES[name]} only")
    if "type" not in seen:
        raise Refused(400, "The mailbox type is required")
    coding = next(s for s in _sub_extensions(cp) or [] if s["url"] == "type")
    codings = coding["valueCodeableConcept"].get("coding", [])
    if len(codings) != 1 or codings[0].get("system") != TYPE_BAL_SYSTEM:
        raise Refused(400, "The mailbox type is one coding of TRE_R257-TypeBAL")
    if codings[0].get("code") not in TYPES_ON.get(kind, {"PER"}):
        raise Refused(400, f"A {codings[0].get('code')} mailbox is not carried by {kind}")
    return cp


def _parts(operation: object) -> dict[str, JSON]:
    if not isinstance(operation, dict) or operation.get("name") != "operation":
        raise Refused(400, "Each parameter must be an 'operation'")
    parts: dict[str, JSON] = {}
    for part in operation.get("part", []):
        name = part.get("name")
        if name not in ("type", "path", "index", "value") or name in parts:
            raise Refused(400, f"Unexpected or repeated part '{name}'")
        parts[name] = part
    if "type" not in parts or "path" not in parts:
        raise Refused(400, "An operation needs a type and a path")
    return parts


def _one(telecom: list[JSON], address: str) -> JSON | None:
    found = [cp for cp in telecom if cp.get("value") == address]
    if len(found) > 1:
        raise Refused(400, f"Several ContactPoints have the value '{address}'")
    return found[0] if found else None


def apply_patch(resource: JSON, patch: object, *, r4b: bool = True) -> JSON:
    """``resource`` after ``patch`` (a FHIR Patch Parameters), or :class:`Refused`; the
    Parameters and the ContactPoints inserted are validated with R4B when ``r4b``."""
    if not isinstance(patch, dict) or patch.get("resourceType") != "Parameters":
        raise Refused(400, "The body must be a Parameters resource")
    _validate(patch, r4b=r4b)
    operations = patch.get("parameter")
    if not isinstance(operations, list) or not operations:
        raise Refused(400, "A FHIR Patch needs at least one operation")
    kind = resource["resourceType"]
    result = copy.deepcopy(resource)
    telecom: list[JSON] = result.setdefault("telecom", [])
    for operation in operations:
        parts = _parts(operation)
        op = parts["type"].get("valueCode")
        path = parts["path"].get("valueString", "")
        target, address, name = _target(kind, path)
        value = parts.get("value")
        if op == "insert":
            _insert(telecom, target, parts, kind, r4b=r4b)
        elif op == "replace":
            if value is None or "index" in parts:
                raise Refused(400, "A replace takes a value and no index")
            _replace(telecom, target, str(address), name, value, kind, r4b=r4b)
        elif op == "delete":
            if value is not None or "index" in parts:
                raise Refused(400, "A delete takes neither value nor index")
            _delete(telecom, target, str(address), name)
        else:
            raise Refused(400, f"Operation '{op}' is not supported", "not-supported")
    if not telecom:
        del result["telecom"]
    return result


def _insert(
    telecom: list[JSON], target: str, parts: dict[str, JSON], kind: str, *, r4b: bool
) -> None:
    if target != "telecom":
        raise Refused(400, f"An insert goes at {kind}.telecom")
    index = parts.get("index", {}).get("valueInteger")
    value = parts.get("value", {})
    if not isinstance(index, int) or not 0 <= index <= len(telecom):
        raise Refused(400, "An insert needs an index within the list")
    cp = check_mailbox(value.get("valueContactPoint"), kind, r4b=r4b)
    if any(str(c.get("value", "")).lower() == cp["value"].lower() for c in telecom):
        raise Refused(400, f"The mailbox '{cp['value']}' already exists", "duplicate")
    telecom.insert(index, copy.deepcopy(cp))


def _replace(
    telecom: list[JSON],
    target: str,
    address: str,
    name: str | None,
    value: JSON,
    kind: str,
    *,
    r4b: bool,
) -> None:
    cp = _one(telecom, address)
    if target == "value":
        raise Refused(400, "The address of a mailbox cannot change")
    if cp is None:
        raise Refused(400, f"No ContactPoint has the value '{address}'", "not-found")
    if target == "contact":
        new = check_mailbox(value.get("valueContactPoint"), kind, r4b=r4b)
        if new.get("value") != cp.get("value"):
            raise Refused(400, "The address of a mailbox cannot change")
        if _type_of(cp) is not None and _type_of(new) != _type_of(cp):
            raise Refused(400, "The type of a mailbox cannot change")
        telecom[telecom.index(cp)] = copy.deepcopy(new)
    elif target == "rank":
        rank = value.get("valueInteger")
        if "rank" not in cp:
            raise Refused(400, "Nothing to replace at rank", "not-found")
        if _value_keys(value) != ["valueInteger"] or not isinstance(rank, int) or rank < 1:
            raise Refused(400, "rank takes a positive valueInteger")
        cp["rank"] = rank
    elif target == "subvalue":
        if name == "type":
            raise Refused(400, "The type of a mailbox cannot change")
        if name not in SUB_VALUES:
            raise Refused(400, f"Unknown sub-extension '{name}'")
        sub = next((s for s in _sub_extensions(cp) or [] if s.get("url") == name), None)
        if sub is None:
            raise Refused(400, f"Nothing to replace at '{name}'", "not-found")
        if _value_keys(value) != [SUB_VALUES[name]]:
            raise Refused(400, f"'{name}' takes {SUB_VALUES[name]}")
        sub[SUB_VALUES[name]] = value[SUB_VALUES[name]]
    else:
        raise Refused(400, f"A replace cannot target {target}", "not-supported")


def _delete(telecom: list[JSON], target: str, address: str, name: str | None) -> None:
    cp = _one(telecom, address)
    if target == "contact":
        if cp is not None:
            telecom.remove(cp)
    elif target == "rank":
        if cp is not None:
            cp.pop("rank", None)
    elif target == "sub":
        if name == "type":
            raise Refused(400, "The type of a mailbox cannot change")
        if name not in SUB_VALUES:
            raise Refused(400, f"Unknown sub-extension '{name}'")
        subs = _sub_extensions(cp) if cp is not None else None
        if subs is not None:
            subs[:] = [s for s in subs if s.get("url") != name]
    else:
        raise Refused(400, f"A delete cannot target {target}", "not-supported")


# -- HTTP --------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    state: FhirTestServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed ACKs
    #: The operations of the PATCH being answered, for the log.
    _operations = ""

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, body: JSON) -> None:
        data = json.dumps(body).encode()
        if self.state.log is not None:
            self.state.note(f"{self.command} {unquote(self.path)} {status}{self._operations}")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (time-out)

    def _stall(self) -> None:
        self.state._release.wait()
        self.close_connection = True

    def _fault(self, method: str) -> Fault | None:
        with self.state._lock:
            for i, fault in enumerate(self.state.faults):
                if method in fault.methods:
                    return self.state.faults.pop(i)
        return None

    def _handle(
        self, method: str, action: Callable[[str, dict[str, list[str]], bytes], Any]
    ) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        logged = method == "PATCH" and self.state.log is not None
        self._operations = _operations(body) if logged else ""
        self.state.received.append(
            Received(method, parts.path, query, dict(self.headers.items()), body)
        )
        fault = self._fault(method)
        if fault is not None and not fault.after_apply:
            if fault.stall:
                return self._stall()
            return self._send(fault.status or 500, outcome("Injected failure", "transient"))
        try:
            if self.headers.get("ESANTE-API-KEY") != self.state.api_key:
                given = self.headers.get("ESANTE-API-KEY") or ""
                echo = f" (received '{given}')" if self.state.echo_key else ""
                raise Refused(401, f"Missing or invalid API key{echo}", "login")
            if not parts.path.startswith("/fhir/"):
                raise Refused(404, "Unknown path", "not-found")
            with self.state._lock:
                status, answer = action(parts.path[len("/fhir/") :], query, body)
        except Refused as refused:
            return self._send(refused.status, outcome(refused.text, refused.code))
        if fault is not None:
            if fault.stall:
                return self._stall()
            return self._send(fault.status or 500, outcome("Injected failure", "transient"))
        return self._send(status, answer)

    def do_GET(self) -> None:
        self._handle("GET", self._get)

    def do_PATCH(self) -> None:
        self._handle("PATCH", self._patch)

    def do_PUT(self) -> None:
        self._handle("PUT", _not_allowed)

    def do_POST(self) -> None:
        self._handle("POST", _not_allowed)

    def do_DELETE(self) -> None:
        self._handle("DELETE", _not_allowed)

    def _get(self, path: str, query: dict[str, list[str]], _: bytes) -> tuple[int, JSON]:
        state = self.state
        kind, _slash, ident = path.partition("/")
        if kind not in state.resources:
            raise Refused(404, f"Unknown resource type '{kind}'", "not-found")
        if ident:
            found = [r for r in state.resources[kind] if r["id"] == ident]
            if not found:
                raise Refused(404, f"{kind}/{ident} not found", "not-found")
            return 200, copy.deepcopy(found[0])
        if "_page_token" in query:
            token, _dot, offset = query["_page_token"][0].partition(".")
            if token not in state._pages or not offset.isdigit():
                raise Refused(400, "Unknown or expired page token")
            return 200, state.page(token, int(offset))
        count = int(query.get("_count", [str(state.page_size)])[0])
        size = max(1, min(count, state.page_size))
        return 200, state.bundle(kind, state.search(kind, query), size)

    def _patch(self, path: str, query: dict[str, list[str]], body: bytes) -> tuple[int, JSON]:
        state = self.state
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if content_type != "application/fhir+json":
            raise Refused(415, f"Content-Type must be application/fhir+json, not '{content_type}'")
        try:
            patch = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Refused(400, "The body is not JSON") from None
        kind, _slash, ident = path.partition("/")
        if kind not in state.resources:
            raise Refused(404, f"Unknown resource type '{kind}'", "not-found")
        if ident:
            targets = [r for r in state.resources[kind] if r["id"] == ident]
        else:
            if set(query) != {"identifier"} or len(query["identifier"]) != 1:
                raise Refused(400, "A conditional PATCH takes one identifier")
            targets = [
                r for r in state.resources[kind] if _identifier_matches(r, query["identifier"][0])
            ]
        if not targets:
            raise Refused(404, "No resource matches", "not-found")
        if len(targets) > 1:
            raise Refused(
                412,
                "Multiple matches found for conditional PATCH: 0 or 1 match required",
                "conflict",
            )
        target = targets[0]
        patched = apply_patch(target, patch, r4b=state.r4b_validation)
        version = int(target.get("meta", {}).get("versionId", "1")) + 1
        patched.setdefault("meta", {})["versionId"] = str(version)
        _validate(patched, r4b=state.r4b_validation)
        resources = state.resources[kind]
        resources[resources.index(target)] = patched
        return 200, copy.deepcopy(patched)


def _operations(body: bytes) -> str:
    """The operations of a FHIR Patch, for the log: each one's type and path (the metadata
    extension's URL shortened), never a value (it may be the responsible contact)."""
    try:
        operations = json.loads(body).get("parameter", [])
        found = []
        for operation in operations:
            parts = {p.get("name"): p for p in operation.get("part", [])}
            path = str(parts["path"].get("valueString", "?"))
            path = path.replace(MAILBOX_METADATA_URL, "…/as-ext-mailbox-mss-metadata")
            found.append(f"{parts['type'].get('valueCode', '?')} {path}")
    except (ValueError, AttributeError, KeyError, TypeError):
        return " (not a FHIR Patch)"
    return "".join(f"\n    {line}" for line in found)


def _not_allowed(path: str, query: dict[str, list[str]], body: bytes) -> tuple[int, JSON]:
    raise Refused(405, "Only GET and PATCH are served", "not-supported")


# -- on its own --------------------------------------------------------------------------------


def organization(structure: IdNatStruct, name: str | None = None) -> JSON:
    """The Organization carrying ``structure``'s mailboxes, found by its IdNat Struct (FR
    Core identifier slices), with no mailbox yet."""
    org: JSON = {
        "resourceType": "Organization",
        "active": True,
        "identifier": organization_identifiers(structure),
    }
    if name:
        org["name"] = name
    return org


def _organization_arg(text: str) -> JSON:
    idnat, _eq, name = text.partition("=")
    try:
        structure = parse_struct(idnat.strip())
    except BalorgError as error:
        raise argparse.ArgumentTypeError(f"not an IdNat Struct: {error}") from None
    return organization(structure, name.strip() or None)


def _port_arg(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("a port between 0 and 65535")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m balorg.testing.fhir_server",
        description="A strict FHIR test server on 127.0.0.1 standing in for the Annuaire "
        "Santé's API (tests and demos only). Prints its base URL, then serves until "
        "SIGTERM or Ctrl-C.",
    )
    parser.add_argument(
        "--port", type=_port_arg, default=0, help="the port (default 0: a free one)"
    )
    parser.add_argument(
        "--api-key-env",
        default="BALORG_ESANTE_API_KEY",
        metavar="NAME",
        help="the environment variable holding the key clients must send "
        "(default BALORG_ESANTE_API_KEY)",
    )
    parser.add_argument(
        "--organization",
        type=_organization_arg,
        action="append",
        default=[],
        metavar="IDNAT[=NAME]",
        help="store the Organization of this IdNat Struct (repeatable)",
    )
    parser.add_argument(
        "--page-size", type=int, default=20, help="entries per search page (default 20)"
    )
    parser.add_argument("--log", action="store_true", help="one line per request on standard error")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGTERM or SIGINT; the base URL is the first line of standard output."""
    args = _parser().parse_args(argv)
    key = os.environ.get(args.api_key_env, "").strip()
    if not key:
        print(f"error: the variable {args.api_key_env} holds no API key", file=sys.stderr)
        return 2
    server = FhirTestServer(
        api_key=key,
        port=args.port,
        page_size=max(1, args.page_size),
        log=sys.stderr if args.log else None,
    )
    for org in args.organization:
        server.add(org)
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.start()
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    try:
        print(server.base_url, flush=True)
        on = "on" if server.r4b_validation else "off (fhir.resources is not installed)"
        server.note(f"# R4B validation: {on}")
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

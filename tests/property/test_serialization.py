"""Round trips of the public serializer over the public strategies: whatever the domain
can hold reads back as it was written, through JSON text, checked or trusted."""

from __future__ import annotations

import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from balorg.domain.account import ConnectionAccount
from balorg.domain.audit import AuditEntry, AuditRecord
from balorg.domain.credentials import StoredCredential
from balorg.domain.delegation import Delegation
from balorg.domain.events import DomainEvent
from balorg.domain.mail import Notice
from balorg.domain.mailbox import OrganisationalMailbox
from balorg.domain.professional import Professional
from balorg.domain.publication import DirectoryChange, MailboxEntry
from balorg.domain.session import Session
from balorg.domain.structure import Structure
from balorg.serialization import SUPPORTED, structure, structure_stored, unstructure
from balorg.testing import strategies as bst

AGGREGATES = (OrganisationalMailbox, ConnectionAccount, Delegation, Session)

_CREDENTIALS = st.builds(
    StoredCredential,
    algorithm=st.sampled_from(("scrypt", "argon2id")),
    n=st.integers(min_value=2, max_value=2**20),
    r=st.integers(min_value=1, max_value=16),
    p=st.integers(min_value=1, max_value=4),
    salt=st.binary(min_size=8, max_size=32),
    digest=st.binary(min_size=16, max_size=64),
)


def _events() -> st.SearchStrategy[DomainEvent]:
    """The events the aggregates record, each kind as the domain makes it."""
    recorded = st.one_of(
        bst.mailboxes().map(lambda m: m.events),
        bst.delegations().map(lambda d: d.events),
        bst.connection_accounts().map(lambda a: a.events),
        bst.sessions().map(lambda s: s.events),
    )
    return recorded.flatmap(lambda events: st.sampled_from(list(events)))


#: One strategy for each supported type.
VALUES: dict[Any, st.SearchStrategy[Any]] = {
    OrganisationalMailbox: bst.mailboxes(),
    ConnectionAccount: bst.connection_accounts(),
    Delegation: bst.delegations(),
    Session: bst.sessions(),
    Professional: bst.professionals(),
    Structure: bst.structures(),
    StoredCredential: _CREDENTIALS,
    AuditRecord: bst.audit_records(),
    AuditEntry: bst.audit_chains(max_size=3).flatmap(st.sampled_from),
    MailboxEntry: bst.mailbox_entries(),
    DirectoryChange: bst.directory_changes(),
    DomainEvent: _events(),
    Notice: bst.notices(),
}
_CASES = st.sampled_from(list(VALUES)).flatmap(lambda kind: st.tuples(st.just(kind), VALUES[kind]))


def _fields(value: Any) -> Any:
    if isinstance(value, AGGREGATES):
        names = [f.name for f in attrs.fields(type(value)) if f.name != "events"]
        return (type(value), {name: getattr(value, name) for name in names})
    return value


def test_every_supported_type_has_a_strategy() -> None:
    assert set(VALUES) == set(SUPPORTED)


@settings(max_examples=150)
@given(_CASES)
def test_every_value_reads_back_as_it_was_written_through_json(case: tuple[Any, Any]) -> None:
    kind, value = case

    data = unstructure(value)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    read = structure(json.loads(text), kind)

    assert _fields(read) == _fields(value)
    assert unstructure(read) == data


@settings(max_examples=60)
@given(_CASES)
def test_what_balorg_wrote_reads_back_the_same_trusted(case: tuple[Any, Any]) -> None:
    kind, value = case
    data = unstructure(value)

    assert _fields(structure_stored(data, kind)) == _fields(structure(data, kind))


@settings(max_examples=60)
@given(_CASES)
def test_written_data_is_plain_json(case: tuple[Any, Any]) -> None:
    _, value = case

    def plain(data: object) -> bool:
        if isinstance(data, dict):
            return all(isinstance(k, str) and plain(v) for k, v in data.items())
        if isinstance(data, list):
            return all(plain(v) for v in data)
        return data is None or isinstance(data, str | int | float | bool)

    assert plain(unstructure(value))


@settings(max_examples=60)
@given(bst.delegations(), st.permutations(range(4)))
def test_equal_values_give_equal_data(delegation: Delegation, order: list[int]) -> None:
    capabilities = sorted(delegation.capabilities, key=lambda c: c.value)
    shuffled = [capabilities[i] for i in order if i < len(capabilities)]
    again = structure(unstructure(delegation), Delegation)
    again.capabilities = frozenset(shuffled)

    assert json.dumps(unstructure(again)) == json.dumps(unstructure(delegation))

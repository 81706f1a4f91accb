"""Verifying a hash-chained audit trail against hashing the same payloads with SHA-256 alone.

The ratio is the cost of the chain's structure (canonical JSON, links) over the hashing itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from _timing import best, report

from balorg.domain.audit import AuditRecord, chain, verify_chain

SIZE = 89_055  # one entry per organisational mailbox in the national extraction


def main() -> None:
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    entries = []
    previous = None
    for i in range(SIZE):
        record = AuditRecord(
            at=t0 + dt.timedelta(seconds=i),
            actor=f"user{i % 500}@example.mssante.fr",
            action="send_message",
            allowed=True,
            mailbox=f"bal{i % 1000}@example.mssante.fr",
            details={"reference": f"msg-{i}"},
        )
        previous = chain(previous, record)
        entries.append(previous)
    payloads = [json.dumps({"seq": e.seq, "actor": e.actor}).encode() for e in entries]
    report(
        f"verify_chain of {SIZE} entries (per entry)",
        best(lambda: verify_chain(entries), number=1, repeat=3) / SIZE,
        best(lambda: [hashlib.sha256(p).hexdigest() for p in payloads], number=1, repeat=3) / SIZE,
        "bare sha256",
    )


if __name__ == "__main__":
    main()

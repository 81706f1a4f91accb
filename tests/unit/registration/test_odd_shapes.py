"""Forms of odd shapes get coded problems, never a crash."""

from __future__ import annotations

import datetime as dt

from balorg.registration import validate_registration


def test_keys_that_are_not_texts_are_reported_as_unknown_keys() -> None:
    report = validate_registration({"shared_account": True, 1: "x", "z": 2}, on=dt.date(2026, 1, 1))
    unknown = sorted(p.path for p in report.errors if p.code == "form.unknown_key")
    assert unknown == ["1", "z"]

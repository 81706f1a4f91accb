"""A child process that imports an extraction into SQLite and stops midway, to be killed.

``python import_worker.py URL FILE PHASE`` imports FILE into the database at URL, 100 rows
a batch and 100 keys a transaction, and stops in PHASE: ``stage`` after the third batch
read (rows still in the loading connection's temporary tables), ``transfer`` after the
first chunk committed to the tables. There it prints ``LOADING`` and waits on its standard
input for ever (the test kills it with SIGKILL). Imported by pytest for doctests only:
nothing runs on import.
"""

from __future__ import annotations

import sys


def _stop() -> None:
    print("LOADING", flush=True)
    sys.stdin.read()  # until killed


def main(url: str, path: str, phase: str) -> None:
    from balorg.adapters.national_directory import import_extraction, sql  # noqa: PLC0415
    from balorg.adapters.sql.engine import create_engine  # noqa: PLC0415

    engine = create_engine(url)
    sql.create_schema(engine)
    batches = 0

    def progress(_done: int, _total: int | None) -> None:
        nonlocal batches
        batches += 1
        if phase == "stage" and batches == 3:
            _stop()

    if phase == "transfer":
        sql._SqliteLoad._after_chunk = lambda _self: _stop()  # type: ignore[method-assign]
    directory = sql.SqlNationalDirectory(engine, commit_rows=100)
    import_extraction(directory, path, progress=progress, batch_rows=100)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])

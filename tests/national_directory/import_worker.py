"""A child process that imports an extraction into SQLite and stops midway, to be killed.

``python import_worker.py URL FILE`` imports FILE into the database at URL in batches of
100 rows committed every 100 rows; after the third batch it prints ``LOADING`` and waits
on its standard input for ever (the test kills it with SIGKILL). Imported by pytest for
doctests only: nothing runs on import.
"""

from __future__ import annotations

import sys


def main(url: str, path: str) -> None:
    from balorg.adapters.national_directory import import_extraction  # noqa: PLC0415
    from balorg.adapters.national_directory.sql import (  # noqa: PLC0415
        SqlNationalDirectory,
        create_schema,
    )
    from balorg.adapters.sql.engine import create_engine  # noqa: PLC0415

    engine = create_engine(url)
    create_schema(engine)
    batches = 0

    def progress(_done: int, _total: int | None) -> None:
        nonlocal batches
        batches += 1
        if batches == 3:
            print("LOADING", flush=True)
            sys.stdin.read()  # until killed

    import_extraction(
        SqlNationalDirectory(engine, commit_rows=100), path, progress=progress, batch_rows=100
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

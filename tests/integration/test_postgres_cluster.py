"""The throwaway cluster itself: it runs, and runs as a non-root user."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.postgres


def test_the_cluster_answers_on_loopback_as_an_unprivileged_server(postgres: object) -> None:
    engine = sa.create_engine(postgres.url())  # type: ignore[attr-defined]
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version_num").scalar_one()
            listen = conn.exec_driver_sql("SHOW listen_addresses").scalar_one()
            superuser = conn.exec_driver_sql("SELECT current_user").scalar_one()
    finally:
        engine.dispose()
    assert int(version) >= 120000
    assert listen == "127.0.0.1"
    assert superuser == "postgres"

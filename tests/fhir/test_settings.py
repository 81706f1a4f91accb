"""The [directory] settings: where the API is, the NAME of the variable holding its key."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from balorg.adapters.fhir.publisher import FhirDirectoryPublisher
from balorg.adapters.fhir.reader import FhirDirectoryReader
from balorg.adapters.fhir.settings import (
    ApiKey,
    DirectorySettings,
    DirectorySettingsError,
    MissingApiKey,
    directory_settings,
    load_directory_settings,
)

GOOD = {"fhir_base_url": "https://gateway.api.esante.gouv.fr/fhir/v2/", "api_key_env": "ESANTE_KEY"}


def settings(**table: Any) -> DirectorySettings | None:
    return directory_settings({"directory": table})


def test_a_good_table_gives_the_base_without_slash_and_the_variables_name() -> None:
    assert settings(**GOOD) == DirectorySettings(
        fhir_base_url="https://gateway.api.esante.gouv.fr/fhir/v2", api_key_env="ESANTE_KEY"
    )
    assert settings(**GOOD, timeout_seconds=3) == DirectorySettings(
        fhir_base_url="https://gateway.api.esante.gouv.fr/fhir/v2",
        api_key_env="ESANTE_KEY",
        timeout_seconds=3.0,
    )


def test_no_table_means_no_directory_settings() -> None:
    assert directory_settings({"operator": {"domains": []}}) is None


def test_the_key_is_read_from_the_named_variable_and_hides_itself() -> None:
    configured = settings(**GOOD)
    assert configured is not None
    key = configured.api_key({"ESANTE_KEY": "  s3cret-value  "})
    assert key.reveal() == "s3cret-value"
    assert "s3cret" not in repr(key) + str(key) + f"{key!r} {key}"
    with pytest.raises(TypeError):
        pickle.dumps(key)


@pytest.mark.parametrize("environ", [{}, {"ESANTE_KEY": ""}, {"ESANTE_KEY": "   "}])
def test_a_missing_key_names_the_variable(environ: dict[str, str]) -> None:
    configured = settings(**GOOD)
    assert configured is not None
    with pytest.raises(MissingApiKey) as error:
        configured.api_key(environ)
    assert error.value.params == {"variable": "ESANTE_KEY"}
    assert "ESANTE_KEY" in error.value.message("fr")


@pytest.mark.parametrize(
    ("table", "code", "path"),
    [
        ({"api_key_env": "K"}, "directory.base_url_missing", "fhir_base_url"),
        (GOOD | {"fhir_base_url": "ftp://a.example"}, "directory.base_url_scheme", "fhir_base_url"),
        (
            GOOD | {"fhir_base_url": "http://annuaire.example/fhir"},
            "directory.base_url_http_remote",
            "fhir_base_url",
        ),
        (
            GOOD | {"fhir_base_url": "https://a.example/fhir?x=1"},
            "directory.base_url_query",
            "fhir_base_url",
        ),
        (GOOD | {"fhir_base_url": "https://[::1"}, "directory.base_url_scheme", "fhir_base_url"),
        (GOOD | {"api_key_env": "MY-KEY"}, "directory.api_key_env_invalid", "api_key_env"),
        (GOOD | {"timeout_seconds": 0}, "directory.timeout_invalid", "timeout_seconds"),
        (GOOD | {"timeout_seconds": True}, "directory.timeout_invalid", "timeout_seconds"),
        (GOOD | {"page": 3}, "directory.unknown_key", "page"),
    ],
)
def test_a_bad_table_says_what_is_wrong_in_both_languages(
    table: dict[str, Any], code: str, path: str
) -> None:
    with pytest.raises(DirectorySettingsError) as error:
        settings(**table)
    summary, *problems = error.value.problems
    assert (summary.code, summary.params["count"]) == ("directory.settings_invalid", 1)
    assert [(p.code, p.path) for p in problems] == [(code, f"directory.{path}")]
    for problem in error.value.problems:
        assert "{" not in problem.message("fr") + problem.message("en")
        assert problem.message("fr") != problem.message("en")


def test_every_problem_of_the_table_is_said_at_once() -> None:
    with pytest.raises(DirectorySettingsError) as error:
        settings(fhir_base_url="http://far.example", api_key_env="1", timeout_seconds=900, x=1)
    assert [p.code for p in error.value.problems] == [
        "directory.settings_invalid",
        "directory.unknown_key",
        "directory.base_url_http_remote",
        "directory.api_key_env_invalid",
        "directory.timeout_invalid",
    ]
    assert error.value.problems[0].params["count"] == 4


@pytest.mark.parametrize("name", ["api_key", "esante_api_key", "secret"])
def test_a_key_written_in_the_file_is_refused_without_being_repeated(name: str) -> None:
    with pytest.raises(DirectorySettingsError) as error:
        settings(**GOOD, **{name: "s3cret-in-the-file"})
    assert "api_key_env" in error.value.message("en")
    assert "s3cret" not in repr(error.value) + str(error.value.params)


def test_credentials_in_the_url_are_refused_without_being_repeated() -> None:
    with pytest.raises(DirectorySettingsError) as error:
        settings(**GOOD | {"fhir_base_url": "https://user:hunter2@annuaire.example/fhir"})
    assert "hunter2" not in repr(error.value) + error.value.message("fr")


def test_http_is_allowed_on_loopback_only() -> None:
    for base in ("http://127.0.0.1:8080/fhir", "http://localhost/fhir", "http://[::1]:9/fhir"):
        assert settings(**GOOD | {"fhir_base_url": base}) is not None


def test_settings_load_from_a_toml_file_and_a_broken_one_says_where(tmp_path: Path) -> None:
    path = tmp_path / "balorg.toml"
    path.write_text(
        '[directory]\nfhir_base_url = "https://a.example/fhir"\napi_key_env = "K"\n',
        encoding="utf-8",
    )
    assert load_directory_settings(path) == DirectorySettings(
        fhir_base_url="https://a.example/fhir", api_key_env="K"
    )
    path.write_text("[directory\n", encoding="utf-8")
    with pytest.raises(DirectorySettingsError) as error:
        load_directory_settings(path)
    assert error.value.problems[1].code == "directory.file_syntax"
    assert error.value.problems[1].params == {"path": str(path), "line": 1, "column": 11}
    with pytest.raises(DirectorySettingsError) as error:
        load_directory_settings(tmp_path / "absent.toml")
    assert error.value.problems[1].code == "directory.file_unreadable"
    path.write_bytes(b"[directory]\nfhir_base_url = '\xff'\n")
    with pytest.raises(DirectorySettingsError) as error:
        load_directory_settings(path)
    assert error.value.problems[1].code == "directory.file_not_utf8"


def test_publishers_and_readers_are_built_from_the_settings_without_showing_the_key() -> None:
    configured = settings(**GOOD)
    assert configured is not None
    environ = {"ESANTE_KEY": "s3cret-value"}
    with FhirDirectoryPublisher.from_settings(configured, environ) as publisher:
        assert "s3cret" not in repr(publisher)
    with FhirDirectoryReader.from_settings(configured, environ) as reader:
        assert "s3cret" not in repr(reader)
    assert ApiKey("a") == ApiKey("a") != ApiKey("b")

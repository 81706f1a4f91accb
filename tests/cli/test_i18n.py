"""French by default, English on request, and never the two mixed.

Help (every command, family and argument, with an example per command), argparse's own
words, messages of refusals (states, capabilities, actions and types in words), tables
and prompts.
"""

from __future__ import annotations

import argparse
import string
from collections.abc import Iterator

import pytest
from tests.cli.conftest import ALICE, EVE, PHARMACIE, Cli, every_parser, leaves

from balorg.cli.main import build_parser, main
from balorg.domain.account import AccountState
from balorg.domain.actors import AuthMethod
from balorg.domain.capabilities import Capability
from balorg.domain.delegation import DelegationState
from balorg.domain.mailbox import LifecycleState, Role
from balorg.domain.messages import CATALOGUE, _cli
from balorg.rules.access import Action
from balorg.services.bus import commands

#: Help texts that are the same words in both languages.
SAME = {"-h", "--version"}


def _helps(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str | None]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield choice.dest, choice.help
        else:
            key = action.option_strings[0] if action.option_strings else action.dest
            yield key, action.help


def _pairs() -> Iterator[tuple[str, str, str | None, str | None]]:
    french = dict(every_parser(build_parser("fr")))
    english = dict(every_parser(build_parser("en")))
    assert french.keys() == english.keys()
    for path, parser in french.items():
        other = english[path]
        yield path, "(description)", parser.description, other.description
        yield path, "(epilog)", parser.epilog, other.epilog
        theirs = dict(_helps(other))
        for key, text in _helps(parser):
            yield path, key, text, theirs[key]


def test_every_help_text_is_in_both_languages() -> None:
    untranslated = [
        (path, key, fr)
        for path, key, fr, en in _pairs()
        if key not in SAME and fr is not None and fr == en
    ]
    assert untranslated == []


@pytest.mark.parametrize("name", sorted(leaves()))
def test_every_command_has_a_description_an_example_and_help_on_each_argument(
    name: str,
) -> None:
    for lang in ("fr", "en"):
        parser = leaves(build_parser(lang))[name]  # type: ignore[arg-type]
        assert parser.description, name
        example = "exemple :" if lang == "fr" else "example:"
        assert parser.epilog is not None
        assert parser.epilog.startswith(f"{example}\n  "), name
        assert "balorg " in parser.epilog, name
        for action in parser._actions:
            assert action.help, (name, action.dest)


@pytest.mark.parametrize("path", [p for p, _ in every_parser(build_parser("fr"))])
def test_help_in_both_languages(capsys: pytest.CaptureFixture[str], path: str) -> None:
    words = path.split()
    assert main([*words, "--help"]) == 0
    french = capsys.readouterr().out
    assert main([*words, "--help", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert french.startswith("usage : ")
    assert english.startswith("usage: ")
    assert "afficher cette aide et quitter" in french
    assert "show this help message and exit" in english
    for english_only in ("positional arguments", "show this help", "usage: "):
        assert english_only not in french


# -- words of the messages --------------------------------------------------------------------


def test_every_state_capability_auth_and_action_has_its_words() -> None:
    codes = {
        "state": {s.value for e in (LifecycleState, AccountState, DelegationState) for s in e}
        | {r.value for r in Role},
        "capability": {c.value for c in Capability},
        "auth": {m.value for m in AuthMethod},
        "action": {a.value for a in Action} | {kind.action for kind in commands() if kind.action},
    }
    missing = [
        (family, code)
        for family, values in codes.items()
        for code in values
        if f"{family}.{code}" not in CATALOGUE
    ]
    assert missing == []


def test_the_command_line_s_messages_are_in_both_languages_with_the_same_fields() -> None:
    fields = string.Formatter()
    for code, (fr, en) in _cli.MESSAGES.items():
        assert fr, code
        assert en, code
        assert {f for _, f, _, _ in fields.parse(fr) if f} == {
            f for _, f, _, _ in fields.parse(en) if f
        }, code


def test_a_state_in_a_french_refusal_is_a_french_word(live: Cli) -> None:
    assert live("reject", EVE, "--reason", "inconnue", who="agent").code == 0
    french = live("approve", EVE, who="agent")
    assert french.code == 1
    assert "(état : refusé)" in french.out
    assert "rejected" not in french.out
    english = live("approve", EVE, "--lang", "en", who="agent")
    assert "(state: rejected)" in english.out


def test_capabilities_in_a_french_refusal_are_french_words(live: Cli) -> None:
    ran = live("members", "grant", PHARMACIE, ALICE, "--capability", "administer", who="bob")
    assert ran.code == 1
    assert "administration" in ran.out
    assert "administer" not in ran.out
    assert "['" not in ran.out  # a list is said as words, not as Python writes it
    live("switch", PHARMACIE, who="bob")
    ran = live("send", "--to", ALICE, "--reference", "m", who="bob")
    assert "« envoi »" in ran.out
    english = live("send", "--to", ALICE, "--reference", "m", "--lang", "en", who="bob")
    assert "'send'" in english.out


def test_the_audit_trail_in_words_and_in_codes(live: Cli) -> None:
    french = live("audit", "mailbox", PHARMACIE, who="claire").out
    assert "inscription de la BAL" in french
    assert "mot de passe" in french or "session " in french
    assert "register_mailbox" not in french
    english = live("audit", "mailbox", PHARMACIE, "--lang", "en", who="claire").out
    assert "mailbox registered" in english
    entries = live.json("audit", "mailbox", PHARMACIE, who="claire").payload["result"]
    assert entries["entries"][0]["action"] == "register_mailbox"  # JSON keeps the codes
    assert entries["entries"][0]["auth"] == "sign_up"


def test_identify_says_unknown_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identify", "xyz"]) == 1
    out = capsys.readouterr().out
    assert "INCONNU" in out
    assert "UNKNOWN" not in out


def test_file_errors_in_french(live: Cli) -> None:
    ran = live("register", ".", "--address", PHARMACIE)
    assert "est un dossier, pas un fichier" in ran.out
    (live.folder / "latin1.json").write_bytes(b'{"a": "\xe9"}')
    ran = live("register", "latin1.json", "--address", PHARMACIE)
    assert "n'est pas encodé en UTF-8" in ran.out
    (live.folder / "blocker").write_text("")
    ran = live("login", ALICE, "--session-file", "blocker/s", "--password-stdin")
    assert "un élément du chemin n'est pas un dossier" in ran.out
    assert "NotADirectoryError" not in ran.out


def test_members_list_speaks_french(live: Cli) -> None:
    out = live("members", "list", PHARMACIE, who="claire").out
    assert "gestion des membres, lecture" in out
    assert "en attente de validation" in out
    assert "manage_members" not in out


def test_an_invalid_address_is_said_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["login", "alice.medimail.mssante.fr"]) == 2
    out = capsys.readouterr().out
    assert "L'adresse e-mail doit contenir un @" in out
    assert "An email address" not in out

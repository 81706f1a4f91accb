"""The command line acts only through a session (issue 10, part 3).

``login`` keeps the token in a file only the user can read; ``whoami`` shows the blue
label; every other command acts as the session's account; ``logout`` ends the session
and removes the file; ``BALORG_SESSION`` holds a token instead of the file.
"""

from __future__ import annotations

import os
import stat

import pytest
from tests.cli.conftest import AGENT, ALICE, CLAIRE, HOUSE, PASSWORDS, PHARMACIE, Cli, leaves
from tests.cli.test_commands import CASES


def _mode(path: os.PathLike[str] | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_login_keeps_the_token_in_a_file_only_the_user_can_read(live: Cli) -> None:
    ran = live("login", ALICE, "--password-stdin", stdin=live.password("alice"))
    assert ran.code == 0, ran.text
    where = live.folder / "state" / "balorg" / "session"  # $XDG_STATE_HOME/balorg/session
    assert _mode(where) == 0o600
    assert _mode(where.parent) == 0o700
    assert "[ Alice Bernard ]  alice.bernard@medimail.mssante.fr (nominative)" in ran.out
    assert live("whoami").code == 0


def test_a_session_file_that_was_readable_by_others_is_made_private(live: Cli) -> None:
    path = live.session("alice")
    path.chmod(0o644)
    assert live.login("alice").code == 0
    assert _mode(path) == 0o600


def test_session_file_given_by_the_environment(live: Cli) -> None:
    live.monkeypatch.setenv("BALORG_SESSION_FILE", str(live.folder / "elsewhere" / "s"))
    assert live("login", ALICE, "--password-stdin", stdin=live.password("alice")).code == 0
    assert _mode(live.folder / "elsewhere" / "s") == 0o600
    assert live("whoami").code == 0


def test_whoami_shows_the_blue_label_and_switch_changes_it(live: Cli) -> None:
    before = live.json("whoami", who="claire").payload["result"]
    assert (before["label"], before["organisational"]) == ("Claire Martin", False)
    assert PHARMACIE in before["openable"]
    live("switch", PHARMACIE, who="claire")
    after = live.json("whoami", who="claire").payload["result"]
    assert (after["mailbox"], after["label"], after["organisational"]) == (
        PHARMACIE,
        "Pharmacie Du Centre",
        True,
    )


def test_each_person_acts_as_their_own_session(live: Cli) -> None:
    assert live("send", "--to", HOUSE, "--reference", "msg-0042", who="alice").code == 0
    trail = live.json("audit", "mailbox", PHARMACIE, who="claire").payload["result"]["entries"]
    sent = [e for e in trail if e["action"] == "send_message"]
    assert sent[-1]["actor"] == ALICE
    assert sent[-1]["auth"].startswith("session:")
    assert all(e["actor"] != PHARMACIE for e in trail)  # nobody acts as the mailbox


def test_logout_ends_the_session_and_removes_its_file(live: Cli) -> None:
    path = live.session("alice")
    token = path.read_text()
    ran = live("logout", who="alice")
    assert (ran.code, ran.out) == (0, "Session terminée.\n")
    assert not path.exists()
    refused = live.json("whoami", who="alice")
    assert (refused.code, refused.codes) == (1, ["cli.no_session"])
    path.write_text(token)  # the old token, kept by someone
    stale = live.json("whoami", who="alice")
    assert stale.code == 1
    assert stale.codes[0].startswith("session.")


def test_logout_removes_the_file_even_when_the_session_had_already_ended(live: Cli) -> None:
    path = live.session("alice")
    copy = live.folder / "sessions" / "copy"
    copy.write_bytes(path.read_bytes())
    assert live("logout", who="alice").code == 0
    again = live.json("logout", who="copy")
    assert again.code == 1
    assert not copy.exists()


def test_balorg_session_holds_the_token_instead_of_a_file(live: Cli) -> None:
    token = live.session("alice").read_text()
    live.session("alice").unlink()
    live.monkeypatch.setenv("BALORG_SESSION", token)
    ran = live.json("whoami")
    assert ran.payload["result"]["account"] == ALICE
    assert live("logout").code == 0
    assert not (live.folder / "state").exists()  # no file was written or needed
    assert live.json("whoami").codes[0].startswith("session.")


def test_login_with_balorg_session_set_still_keeps_the_new_token_and_warns(live: Cli) -> None:
    live.monkeypatch.setenv("BALORG_SESSION", live.session("claire").read_text())
    ran = live.json("login", ALICE, "--password-stdin", who="new", stdin=live.password("alice"))
    assert ran.payload["warnings"][0]["code"] == "cli.session_env_set"
    assert live.session("new").exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "cli.no_session"),
        (b"\xff\xfe", "cli.no_session"),
        (b"not a token at all", "cli.session_token_invalid"),
        (b"x" * 5000, "cli.session_token_invalid"),
    ],
)
def test_a_session_file_that_holds_no_token(live: Cli, content: bytes, code: str) -> None:
    live.session("odd").write_bytes(content)
    ran = live.json("whoami", who="odd")
    assert (ran.code, ran.codes) == (1, [code])


def test_a_token_in_balorg_session_that_is_not_one(live: Cli) -> None:
    live.monkeypatch.setenv("BALORG_SESSION", "a b c")
    ran = live.json("whoami")
    assert (ran.code, ran.codes) == (1, ["cli.session_token_invalid"])
    assert "a b c" not in ran.out


def test_a_session_file_is_never_read_or_written_through_a_symbolic_link(live: Cli) -> None:
    target = live.folder / "target"
    target.write_text(live.session("claire").read_text())
    (live.folder / "sessions" / "link").symlink_to(target)
    assert live.json("whoami", who="link").codes == ["cli.no_session"]
    ran = live.json("login", ALICE, "--password-stdin", who="link", stdin=live.password("alice"))
    assert ran.codes == ["cli.session_file_unwritable"]
    assert target.read_text() == live.session("claire").read_text()


def test_a_session_file_that_cannot_be_written_is_said_before_the_password(live: Cli) -> None:
    (live.folder / "blocker").write_text("a file, not a folder")
    ran = live.json(
        "login", ALICE, "--session-file", "blocker/session", tty=True, answers=["unused"]
    )
    assert (ran.code, ran.codes) == (1, ["cli.session_file_unwritable"])
    assert live.prompts == []  # nobody typed a password for nothing


def test_a_wrong_password_opens_nothing(live: Cli) -> None:
    ran = live.json("login", ALICE, "--password-stdin", who="nobody", stdin="wrong password\n")
    assert (ran.code, ran.codes) == (1, ["credentials.invalid"])
    assert not live.session("nobody").exists()


def test_the_service_centre_agent_logs_in_like_anyone(live: Cli) -> None:
    assert live("logout", who="agent").code == 0
    assert live("pending", who="agent").code == 1
    ran = live("login", AGENT, "--password-stdin", who="agent", stdin=PASSWORDS[AGENT] + "\n")
    assert ran.code == 0
    assert live("approve", "eve.leroy@medimail.mssante.fr", who="agent").code == 0


def test_no_command_takes_the_actor_as_an_option() -> None:
    for name, parser in leaves().items():
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--as" not in options, name
        assert not any("password" in o and o != "--password-stdin" for o in options), name


def _personal(session: bool) -> list[str]:
    """The commands that act in a person's session (``session`` True), or not."""
    return sorted(n for n, p in leaves().items() if bool(p.get_default("session")) is session)


@pytest.mark.parametrize("name", _personal(True))
def test_without_a_session_every_personal_command_is_refused(live: Cli, name: str) -> None:
    case = CASES[name]
    ran = live.json(*case.argv, who="nobody", stdin=case.stdin)
    assert (ran.code, ran.codes) == (1, ["cli.no_session"]), ran.out
    assert ran.payload["command"] == name


@pytest.mark.parametrize("name", sorted(set(_personal(False)) - {"register", "login"}))
def test_the_operator_s_commands_need_no_session(live: Cli, name: str) -> None:
    case = CASES[name]
    for step in case.before:
        assert live(*step.argv, who=step.who, stdin=step.stdin).code == 0
    ran = live.json(*case.argv, who="nobody", stdin=case.stdin)
    assert "cli.no_session" not in ran.codes
    assert ran.code == case.code


def test_the_password_is_asked_without_echo_on_a_terminal(live: Cli) -> None:
    ran = live("login", CLAIRE, who="tty", tty=True, answers=[PASSWORDS[CLAIRE]])
    assert ran.code == 0, ran.text
    assert live.prompts == ["Mot de passe : "]
    assert PASSWORDS[CLAIRE] not in ran.text


def test_the_password_prompt_speaks_english_with_lang_en(live: Cli) -> None:
    live("login", CLAIRE, "--lang", "en", who="tty", tty=True, answers=[PASSWORDS[CLAIRE]])
    assert live.prompts == ["Password: "]


def test_a_new_password_is_asked_twice_on_a_terminal(live: Cli) -> None:
    new = "alice-Another-Secret-Uu81"
    ran = live("password", who="alice", tty=True, answers=[PASSWORDS[ALICE], new, new + "x"])
    assert ran.code == 1
    assert "[password.mismatch]" in ran.out
    assert live.prompts == [
        "Mot de passe actuel : ",
        "Nouveau mot de passe : ",
        "Une seconde fois : ",
    ]
    ran = live(
        "password", "--lang", "en", who="alice", tty=True, answers=[PASSWORDS[ALICE], new, new]
    )
    assert ran.code == 0
    assert live.prompts[3:] == ["Current password: ", "New password: ", "Once more: "]
    assert live("login", ALICE, who="alice", tty=True, answers=[new]).code == 0


def test_ctrl_c_at_the_password_prompt_exits_130(live: Cli) -> None:
    ran = live("login", CLAIRE, who="tty", tty=True, answers=[KeyboardInterrupt()])
    assert (ran.code, ran.out) == (130, "  ERREUR [cli.interrupted] Interrompu.\n")
    ran = live.json("login", CLAIRE, "--lang", "en", who="tty", tty=True, answers=[EOFError()])
    assert (ran.code, ran.codes) == (130, ["cli.interrupted"])
    assert ran.payload["errors"][0]["message"] == "Interrupted."
    assert not live.session("tty").exists()


def test_without_a_terminal_or_password_stdin_no_password_is_read(live: Cli) -> None:
    ran = live.json("login", CLAIRE, who="x", stdin=PASSWORDS[CLAIRE] + "\n")
    assert (ran.code, ran.codes) == (1, ["cli.password_missing"])


def test_password_stdin_reads_one_line_only(live: Cli) -> None:
    ran = live("login", CLAIRE, "--password-stdin", who="x", stdin=PASSWORDS[CLAIRE] + "\r\nmore\n")
    assert ran.code == 0, ran.text


def test_password_stdin_with_nothing_to_read(live: Cli) -> None:
    ran = live.json("login", CLAIRE, "--password-stdin", who="x", stdin=b"")
    assert ran.codes == ["cli.password_missing"]


def test_a_password_longer_than_a_line_can_be(live: Cli) -> None:
    ran = live.json("login", CLAIRE, "--password-stdin", who="x", stdin=b"p" * 100_000)
    assert ran.codes == ["cli.password_too_long"]


def test_a_device_is_never_taken_for_a_session_file(live: Cli) -> None:
    before = os.stat("/dev/null")
    ran = live.json(
        "login", ALICE, "--password-stdin", "--session-file", "/dev/null",
        stdin=live.password("alice"),
    )  # fmt: skip
    assert ran.codes == ["cli.session_file_unwritable"]
    assert "n'est pas un fichier ordinaire" in ran.payload["errors"][0]["message"]
    assert live.json("logout", "--session-file", "/dev/null").codes == ["cli.no_session"]
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)

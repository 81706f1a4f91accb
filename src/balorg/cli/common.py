"""Pieces the commands share: argument types, options, and how results are shown."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from balorg.cli.output import Output
from balorg.cli.runtime import StoreMode
from balorg.cli.texts import T
from balorg.domain.capabilities import Capability
from balorg.domain.errors import BalorgError
from balorg.domain.messages import Lang, render

__all__ = [
    "Sub",
    "address",
    "capability_names",
    "command",
    "moment",
    "on_off",
    "password_option",
]

Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Run = Callable[[argparse.Namespace, Output], int]

#: The language the parsers are being built in (set by :func:`balorg.cli.main.build_parser`).
LANG: list[Lang] = ["fr"]


def lang() -> Lang:
    return LANG[0]


if TYPE_CHECKING:
    from balorg.domain.addresses import EmailAddress


def address(text: str) -> EmailAddress:
    """An e-mail address argument, checked by the one address rule."""
    try:
        from balorg.domain.addresses import EmailAddress  # noqa: PLC0415 - email-validator

        return EmailAddress.from_string(text)
    except BalorgError as exc:
        raise argparse.ArgumentTypeError(exc.message(lang())) from None


def moment(text: str) -> dt.datetime:
    """A date and time in ISO 8601; a date alone means its midnight, and a time without
    a zone is UTC."""
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC)
        if len(text) > 40:
            raise ValueError(text)
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            render("cli.invalid_moment", {"value": text[:40]}, lang())
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def whole(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high`` (a coded message otherwise, never
    argparse's ``invalid int value``)."""

    def parse(text: str) -> int:
        stripped = text.strip()
        if len(stripped) <= 12 and stripped.lstrip("+-").isdigit() and stripped.isascii():
            value = int(stripped)
            if low <= value <= high:
                return value
        raise argparse.ArgumentTypeError(
            render("cli.not_whole_number", {"value": text[:20], "min": low, "max": high}, lang())
        )

    return parse


def day(text: str) -> dt.date:
    """A date, ``YYYY-MM-DD``."""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(render("cli.invalid_date", {"value": text[:40]}, lang()))


def on_off(text: str) -> bool:
    words = {"on": True, "off": False, "oui": True, "non": False}
    if text not in words:
        raise argparse.ArgumentTypeError(render("cli.on_off", {"value": text[:20]}, lang()))
    return words[text]


def capability_names() -> str:
    return ",".join(c.value for c in Capability)


def capability(text: str) -> Capability:
    try:
        return Capability(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            render("delegation.unknown_capability", {"choices": capability_names()}, lang())
        ) from None


def capabilities_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--capability",
        dest="capabilities",
        action="append",
        type=capability,
        metavar="{" + capability_names() + "}",
        help=T(
            "un droit (à répéter) ; par défaut : lecture et envoi",
            "one capability (repeat for several); default: read and send",
        )(lang()),
    )
    parser.add_argument(
        "--expires",
        type=moment,
        metavar="DATE",
        help=T(
            "fin de la délégation (ISO 8601, ex. 2026-12-31)",
            "end of the delegation (ISO 8601, e.g. 2026-12-31)",
        )(lang()),
    )


def password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=T(
            "lire le mot de passe sur l'entrée standard (une ligne) au lieu du terminal",
            "read the password from standard input (one line) instead of the terminal",
        )(lang()),
    )


def family(sub: Sub, name: str, help: T) -> Sub:
    """A family of sub-commands (``members add``, ``members list``...); the one chosen is
    read from ``<name>_command``."""
    parser = sub.add_parser(name, allow_abbrev=False, help=help(lang()))
    return parser.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")


def children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The sub-commands of ``parser`` by name (none for a leaf)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def mailbox_argument(parser: argparse.ArgumentParser) -> None:
    """The ``MAILBOX`` a command acts on (an address)."""
    arg(parser, "mailbox", type=address, metavar="MAILBOX", help=T("la BAL", "the mailbox"))


def paging_options(parser: argparse.ArgumentParser, per_page: T) -> None:
    """``--after CURSOR`` and ``--limit N`` of a listing; ``per_page`` names what a page
    holds ("members per page (100)")."""
    arg(
        parser,
        "--after",
        metavar="CURSOR",
        help=T("la page après ce curseur", "the page after this cursor"),
    )
    limit_option(parser, per_page)


def limit_option(parser: argparse.ArgumentParser, help: T) -> None:
    """``--limit N``: at most N items (1 to 1000, 100 by default)."""
    arg(parser, "--limit", type=whole(1, 1000), default=100, help=help)


def command(
    sub: Sub,
    common: argparse.ArgumentParser,
    name: str,
    run: Run,
    help: T,
    *,
    store: StoreMode | None = StoreMode.EXISTING,
    session: bool = True,
    example: str | None = None,
) -> argparse.ArgumentParser:
    """A sub-command with its bilingual help and an example; ``store`` says what it may
    do to the store (``None``: it opens the database of ``--db`` itself), ``session``
    whether it acts in the session of a person (the others are the operator's, the mail
    transport's, or open a session)."""
    text = help(lang())
    epilog = None
    if example:
        epilog = T("exemple :", "example:")(lang()) + f"\n  {example}"
    parser = sub.add_parser(
        name,
        parents=[common],
        help=text,
        description=text,
        epilog=epilog,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run, store=store, session=session)
    return parser


def arg(parser: argparse.ArgumentParser, *flags: str, help: T, **options: Any) -> None:
    parser.add_argument(*flags, help=help(lang()), **options)

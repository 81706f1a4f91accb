"""E-mail addresses: the generic address of a team, nominative and MSSanté addresses.

:meth:`EmailAddress.from_string` is THE parse function: every address read from
outside (forms, command line, files, directory data) goes through it, or through
``EmailAddress(text)``, which applies the same rule. It returns the address in
its normalised form (email-validator's normalisation, then lower case: mail
operators compare addresses without case) or raises :class:`InvalidEmail`, with a
code, in this order:

1. ``email.not_text``: the value is not a ``str``;
2. surrounding whitespace is stripped; ``email.too_long``: a text of more than
   1,024 characters is refused unread (an address has at most 254; the guard keeps
   huge inputs away from the character-by-character checks); then
   ``email.invalid_characters``: a
   control character (NUL...), a lone surrogate, a non-character, or an
   invisible format character (bidirectional overrides and isolates such as
   U+202E, zero-width spaces and joiners, the byte order mark...), wherever it
   is; ``email.whitespace``: any space or line break inside the address;
3. ``email.invalid``: email-validator refuses the syntax. It is the authority on
   syntax and is never asked to look at the network (no deliverability check);
4. look-alike letters: ``email.compatibility_characters``, a letter or digit
   of the local part that is a display variant of a plain one (full-width
   ``ａ``, mathematical ``𝐚``, superscript ``ª``...: Unicode NFKC changes it);
   ``email.mixed_scripts``, a label mixing writing systems, such as a Cyrillic
   ``а`` among Latin letters. The labels are the local part (as a whole) and
   each label of the domain (in its Unicode form). A label wholly in one script
   is fine: operators publish some non-ASCII domains. Digits, punctuation and
   combining accents belong to no script. Chinese, Japanese and Korean labels
   may mix Han with their own scripts and Latin (the combinations of Unicode
   UTS #39, "highly restrictive"). The script of a letter is read from the first
   word of its Unicode name (``LATIN``, ``CYRILLIC``, ``GREEK``...): Python's
   :mod:`unicodedata` has no script property, and this is close enough for
   telling scripts apart. Not covered: a label wholly in another script that
   looks like a Latin word (``раураl`` all in Cyrillic), which needs Unicode's
   confusables data.

Speed: most addresses are plain ASCII. For those, a fast path checks the local
part against the same dot-atom rule email-validator applies to ASCII, takes the
domain's verdict from a bounded cache of email-validator's own verdicts (one
call per domain, not per address; refreshed when email-validator's module
settings change), and applies email-validator's length limits. Anything else,
or any doubt, goes the full way above. The verdicts are identical either way
(``tests/property/test_addresses_identical.py``; ``bench/addresses.py`` over
545,709 synthetic addresses).

>>> EmailAddress.from_string("  Pharmacie.DuCentre@Outlook.FR ")
EmailAddress(value='pharmacie.ducentre@outlook.fr')
>>> EmailAddress.from_string("pharmacie@")
Traceback (most recent call last):
    ...
balorg.domain.addresses.InvalidEmail: Le domaine de l'adresse e-mail (après le @) n'est pas valide.
>>> def refusal(text):
...     try:
...         EmailAddress.from_string(text)
...     except InvalidEmail as error:
...         return error.code, dict(error.params)
>>> refusal("p\\u0430ypal@example.org")  # a Cyrillic "а"
('email.mixed_scripts', {'label': 'pаypal', 'scripts': 'Cyrillic, Latin'})
>>> refusal("secr\\u202eetariat@example.org")
('email.invalid_characters', {'character': 'U+202E RIGHT-TO-LEFT OVERRIDE', 'position': 5})
>>> is_mssante_address("secretariat@ch-exemple.mssante.fr")
True
>>> is_mssante_address("secretariat@example.org")
False
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

import email_validator
from attrs import field, frozen

from balorg.domain.errors import BalorgError
from balorg.domain.text import describe_character, is_noncharacter

__all__ = [
    "MSSANTE_PATTERN",
    "EmailAddress",
    "InvalidEmail",
    "is_mssante_address",
    "label_scripts",
    "mssante_address",
]

#: The ANS OpenAPI pattern of an address in the MSSanté trust space. Operators
#: also publish their own domains (a white list); those are configuration.
#: Use ``fullmatch``: with ``match``, ``$`` also matches before a final newline.
MSSANTE_PATTERN: Final = re.compile(
    r"^[^@\s]+@([^@\s]+\.mssante\.fr|interop-mssante\.apicrypt\.org)$", re.IGNORECASE
)
#: The longest address (RFC 5321, as email-validator counts it).
MAX_ADDRESS: Final = 254
#: Longer texts are refused before any character is looked at.
MAX_READ: Final = 1024
_MAX_LOCAL: Final = 64
_DOMAIN_CACHE: Final = 8192


class InvalidEmail(BalorgError, ValueError):
    """The text is not an acceptable e-mail address; ``code`` says why."""

    default_code = "email.invalid"


# -- hostile characters ------------------------------------------------------------------

_ASCII_HOSTILE: Final = re.compile(r"[\x00-\x20\x7f]")


def _refuse_hostile(text: str) -> None:
    """Controls, surrogates, non-characters, format characters; whitespace inside."""
    if text.isascii():
        found = _ASCII_HOSTILE.search(text)
        if found is None:
            return
        candidates: list[tuple[int, str]] = [(found.start(), text[found.start()])]
    else:
        candidates = [(i, c) for i, c in enumerate(text) if not " " < c < "\x7f"]
    for index, char in candidates:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Cf") or is_noncharacter(ord(char)):
            raise InvalidEmail(
                "email.invalid_characters",
                character=describe_character(char),
                position=index + 1,
            )
        if category[0] == "Z" or char.isspace():
            raise InvalidEmail("email.whitespace", position=index + 1)


# -- look-alike letters ------------------------------------------------------------------

_SCRIPT_WORDS: Final = {
    "CJK": "Han",
    "KATAKANA-HIRAGANA": "Katakana",
}
#: UTS #39 "highly restrictive": the mixtures allowed in one label.
_ALLOWED_MIXTURES: Final = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)


def _script(char: str) -> str | None:
    if char.isascii():
        return "Latin" if char.isalpha() else None
    category = unicodedata.category(char)
    if category[0] != "L" and category != "Nd":
        return None  # marks, punctuation, symbols, spaces: no script of their own
    word = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_WORDS.get(word, word.title())


def label_scripts(label: str) -> frozenset[str]:
    """The writing systems of the letters of ``label`` (digits and punctuation: none).

    >>> sorted(label_scripts("pharmacie-2")), sorted(label_scripts("аптека"))
    (['Latin'], ['Cyrillic'])
    >>> sorted(label_scripts("p\\u0430ypal"))
    ['Cyrillic', 'Latin']
    """
    if label.isascii():
        return frozenset({"Latin"}) if any(c.isalpha() for c in label) else frozenset()
    return frozenset(s for s in map(_script, label) if s is not None)


def _mixed(label: str) -> frozenset[str] | None:
    """The scripts of ``label`` when it mixes them in a way that is not allowed."""
    if label.isascii():
        return None
    scripts = label_scripts(label)
    if len(scripts) <= 1 or any(scripts <= allowed for allowed in _ALLOWED_MIXTURES):
        return None
    return scripts


def _refuse_lookalikes(local: str, domain: str) -> None:
    if not local.isascii():
        for index, char in enumerate(local):
            if (
                unicodedata.category(char)[0] in "LN"
                and unicodedata.normalize("NFKC", char) != char
            ):
                raise InvalidEmail(
                    "email.compatibility_characters",
                    character=describe_character(char),
                    position=index + 1,
                )
    for label in (local, *domain.split(".")):
        scripts = _mixed(label)
        if scripts is not None:
            raise InvalidEmail(
                "email.mixed_scripts", label=label, scripts=", ".join(sorted(scripts))
            )


# -- the full check (the reference) ------------------------------------------------------


def _stripped(value: object, longest: int = MAX_READ) -> str:
    if not isinstance(value, str):
        raise InvalidEmail("email.not_text", type=type(value).__name__)
    text = str.strip(value)  # a plain str, even from a str subclass
    if len(text) > longest:
        raise InvalidEmail("email.too_long", max=longest, length=len(text))
    return text


#: email-validator's English sentences, read into our codes (which have French and English
#: messages); the first match wins, the sentence itself is never shown.
_SYNTAX_CODES: Final = (
    ("must have an @-sign", "email.at_missing"),
    ("small commercial at", "email.at_missing"),
    ("something before the @-sign", "email.local_missing"),
    ("too long", "email.part_too_long"),
    ("special-use or reserved", "email.domain_reserved"),
    ("after the @-sign", "email.domain_invalid"),
    ("before the @-sign", "email.local_invalid"),
    ("period", "email.local_invalid"),
    ("quote", "email.local_invalid"),
)


def _syntax_code(sentence: str) -> str:
    return next((code for part, code in _SYNTAX_CODES if part in sentence), "email.invalid")


def _checked(value: object) -> str:
    """The full rule: hostile characters, email-validator, look-alikes. The reference."""
    text = _stripped(value)
    _refuse_hostile(text)
    try:
        checked = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        raise InvalidEmail(_syntax_code(str(exc))) from None
    _refuse_lookalikes(checked.local_part, checked.domain)
    return checked.normalized.lower()


# -- the fast path -----------------------------------------------------------------------

#: RFC 5322 atext, the characters of an unquoted ASCII local part (email-validator's ATEXT).
ATEXT: Final = r"a-zA-Z0-9_!#\$%&\'\*\+\-/=\?\^`\{\|\}~"
_PLAIN: Final = re.compile(rf"([{ATEXT}]+(?:\.[{ATEXT}]+)*)@([a-zA-Z0-9.\-]+)")


@functools.lru_cache(maxsize=_DOMAIN_CACHE)
def _domain_verdict(
    domain: str, test_environment: bool, globally_deliverable: bool
) -> tuple[str, str] | None:
    """email-validator's verdict on ``domain``: (Unicode form, ASCII form), or None if refused."""
    try:
        probe = email_validator.validate_email(
            f"a@{domain}",
            check_deliverability=False,
            test_environment=test_environment,
            globally_deliverable=globally_deliverable,
        )
    except email_validator.EmailNotValidError:
        return None
    if any(_mixed(label) for label in probe.domain.split(".")):
        return None
    return probe.domain, probe.ascii_domain


_special_use_seen: list[str] = list(email_validator.SPECIAL_USE_DOMAIN_NAMES)


def _fast(value: object) -> str | None:
    """The normalised address for a plain ASCII address, or None: then ask :func:`_checked`.

    Accepts only what the full rule accepts, with the same normalised value.
    """
    global _special_use_seen  # noqa: PLW0603 - the cache's view of email-validator's settings
    if not isinstance(value, str):
        return None
    text = str.strip(value)
    if not text.isascii():
        return None
    plain = _PLAIN.fullmatch(text)
    if plain is None:
        return None
    local, domain = plain.groups()
    if len(local) > _MAX_LOCAL or len(text) > MAX_ADDRESS:
        return None  # email-validator's strict mode and length messages: the full way
    if _special_use_seen != email_validator.SPECIAL_USE_DOMAIN_NAMES:
        _domain_verdict.cache_clear()
        _special_use_seen = list(email_validator.SPECIAL_USE_DOMAIN_NAMES)
    verdict = _domain_verdict(
        domain, email_validator.TEST_ENVIRONMENT, email_validator.GLOBALLY_DELIVERABLE
    )
    if verdict is None:
        return None
    unicode_domain, ascii_domain = verdict
    normalised = f"{local}@{unicode_domain}"
    if len(local) + 1 + len(ascii_domain) > MAX_ADDRESS:
        return None
    if not unicode_domain.isascii() and len(normalised.encode("utf-8")) > MAX_ADDRESS:
        return None
    return normalised.lower()


def _parse(value: object) -> str:
    fast = _fast(value)
    return fast if fast is not None else _checked(value)


def clear_domain_cache() -> None:
    """Forget the cached verdicts on domains (they are refreshed on their own otherwise)."""
    _domain_verdict.cache_clear()


@frozen
class EmailAddress:
    """A syntactically valid e-mail address in normalised, lower-case form.

    ``EmailAddress(text)`` and :meth:`from_string` check ``text`` (see the
    module); :meth:`trusted` does not.
    """

    value: str = field(converter=_parse)

    @classmethod
    def from_string(cls, text: object) -> EmailAddress:
        """THE parse function for addresses from outside: checked, normalised; or InvalidEmail."""
        return cls.trusted(_parse(text))

    @classmethod
    def trusted(cls, value: str) -> EmailAddress:
        """The address ``value`` as is, WITHOUT any check.

        Only for values balorg itself checked when they came in and reads back
        from its own storage, already normalised. Never give it outside input
        (a form, a file, the command line, directory data): use
        :meth:`from_string`.
        """
        address = object.__new__(cls)
        object.__setattr__(address, "value", value)
        return address

    @property
    def domain(self) -> str:
        return self.value.rpartition("@")[2]

    @property
    def local_part(self) -> str:
        return self.value.rpartition("@")[0]

    def __str__(self) -> str:
        return self.value


def mssante_address(text: object) -> str:
    """The shape of an MSSanté address, as IdNat PS prefix ``10`` carries it.

    The ANS pattern (:data:`MSSANTE_PATTERN`, the whole text), at most 254
    characters (``email.too_long``), and the same refusals of hostile characters and look-alike
    letters as :meth:`EmailAddress.from_string` (email-validator is not asked:
    directory data is taken as the ANS writes it). Returns the address stripped,
    its domain lower-cased (the local part keeps its case), or raises
    :class:`InvalidEmail` (``email.not_mssante`` for the shape).

    >>> mssante_address(" Jean.Dupont@Hopital.MSSante.fr ")
    'Jean.Dupont@hopital.mssante.fr'
    >>> mssante_address("jean\\x00@hopital.mssante.fr")
    Traceback (most recent call last):
        ...
    balorg.domain.addresses.InvalidEmail: L'adresse e-mail contient un caractère interdit, ...
    """
    address = _stripped(text, MAX_ADDRESS)
    _refuse_hostile(address)
    if not MSSANTE_PATTERN.fullmatch(address):
        raise InvalidEmail("email.not_mssante", address=address)
    local, _, domain = address.rpartition("@")
    _refuse_lookalikes(local, domain.lower())
    return f"{local}@{domain.lower()}"


def is_mssante_address(address: EmailAddress | str) -> bool:
    """Whether the address has the shape of the MSSanté trust space; never raises."""
    try:
        mssante_address(str(address) if isinstance(address, EmailAddress) else address)
    except InvalidEmail:
        return False
    return True

"""A registration that passed every check of the first guide's form (steps 1 to 11).

It is what :func:`balorg.registration.validate_registration` answers for a valid form,
and what :func:`balorg.services.register_mailbox` takes.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from balorg.domain.addresses import EmailAddress
from balorg.domain.mailbox import DirectoryLabel, RedList
from balorg.domain.professional import Professional
from balorg.domain.structure import Structure

__all__ = ["Registration"]


@frozen(kw_only=True)
class Registration:
    """A checked registration, ready to become a mailbox."""

    generic_email: EmailAddress
    label: DirectoryLabel
    structure: Structure
    responsible: Professional
    description: str
    red_list: RedList
    #: The date eligibility was judged on.
    checked_on: dt.date
    service: str | None = None
    responsible_contact: str | None = None
    rank: int | None = None

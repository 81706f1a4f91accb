"""Use cases: one per step of the two user guides.

Each takes the :class:`Ports` a host plugs in; each change commits all or
nothing and appends to the audit trail, and each refusal is audited and raised
as a :class:`~balorg.domain.errors.DomainRefusal` carrying every reason.
"""

from __future__ import annotations

from balorg.services.audit import AuditTrail, read_audit_trail, verify_audit_trail
from balorg.services.connection import (
    ConnectionSettings,
    Session,
    authenticate,
    connection_settings,
    log_in,
    set_default_mailbox,
    set_notices,
    switch_mailbox,
)
from balorg.services.context import Credentials, Ports, Settings
from balorg.services.directory import change_red_list, publish_where_visible
from balorg.services.eligibility import EligibilityCheck, check_eligibility
from balorg.services.mail import MailboxContents, read_mailbox, receive_message, send_message
from balorg.services.members import (
    grant_member,
    hand_over_responsibility,
    resume_member,
    revoke_member,
    suspend_member,
)
from balorg.services.registration import (
    attach_existing_account,
    create_member_account,
    finish_registration,
    register_mailbox,
)
from balorg.services.service_centre import (
    PendingAccount,
    approve_account,
    pending_accounts,
    reject_account,
)

__all__ = [
    "AuditTrail",
    "ConnectionSettings",
    "Credentials",
    "EligibilityCheck",
    "MailboxContents",
    "PendingAccount",
    "Ports",
    "Session",
    "Settings",
    "approve_account",
    "attach_existing_account",
    "authenticate",
    "change_red_list",
    "check_eligibility",
    "connection_settings",
    "create_member_account",
    "finish_registration",
    "grant_member",
    "hand_over_responsibility",
    "log_in",
    "pending_accounts",
    "publish_where_visible",
    "read_audit_trail",
    "read_mailbox",
    "receive_message",
    "register_mailbox",
    "reject_account",
    "resume_member",
    "revoke_member",
    "send_message",
    "set_default_mailbox",
    "set_notices",
    "suspend_member",
    "switch_mailbox",
    "verify_audit_trail",
]

"""Pure domain objects of organisational mailboxes: no I/O, no clock, no globals."""

#!/bin/sh
# Idempotently create the unprivileged system user that runs throwaway PostgreSQL
# clusters for the SQL tests (PostgreSQL refuses to run as root).
#
#   scripts/ensure-pg-user.sh [USER]     (default: $BALORG_PG_USER, else balorg-pg)
#
# As root: creates the user if missing. As any other user: nothing to do (the
# tests run the server binaries as themselves), exits 0.
set -eu

user=${1:-${BALORG_PG_USER:-balorg-pg}}

if [ "$(id -u)" -ne 0 ]; then
    exit 0
fi
if id -u "$user" >/dev/null 2>&1; then
    exit 0
fi
if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$user" || id -u "$user" >/dev/null 2>&1
elif command -v adduser >/dev/null 2>&1; then  # BusyBox / Alpine
    adduser -S -D -H -h /nonexistent -s /sbin/nologin "$user" || id -u "$user" >/dev/null 2>&1
else
    echo "ensure-pg-user: neither useradd nor adduser is available" >&2
    exit 1
fi
echo "ensure-pg-user: created system user $user"

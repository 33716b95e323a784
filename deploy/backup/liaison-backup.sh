#!/usr/bin/env bash
# Scheduled backups for either shape: `liaison backup` into a new dated folder under BACKUP_DIR, then removes
# folders older than KEEP_DAYS. The server keeps running. Configuration comes from the same place the server's
# does (LIAISON_CONFIG, LIAISON_* and DATABASE_URL); PostgreSQL needs pg_dump (the PostgreSQL client).
#
#   BACKUP_DIR=/var/backups/liaison KEEP_DAYS=30 deploy/backup/liaison-backup.sh
#
# Restore (server stopped, configuration pointing at an empty data folder or database and photo store):
#   liaison restore --from /var/backups/liaison/liaison-20261129T020000Z
set -euo pipefail

BACKUP_DIR=${BACKUP_DIR:-/var/backups/liaison}
KEEP_DAYS=${KEEP_DAYS:-30}
LIAISON=${LIAISON:-liaison}

case "$KEEP_DAYS" in '' | *[!0-9]*) echo "KEEP_DAYS must be a number of days" >&2; exit 2 ;; esac
umask 077
mkdir -p "$BACKUP_DIR"
folder="$BACKUP_DIR/liaison-$(date -u +%Y%m%dT%H%M%SZ)"
"$LIAISON" backup --out "$folder"
test -s "$folder/manifest.json"
echo "backup written to $folder"

# Only folders this script made, only when the new one is complete, never the newest.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'liaison-*' -mtime +"$KEEP_DAYS" -print0 |
  while IFS= read -r -d '' old; do
    [ "$old" = "$folder" ] && continue
    echo "removing $old (older than $KEEP_DAYS days)"
    rm -rf -- "$old"
  done

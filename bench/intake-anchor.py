#!/usr/bin/env python3
"""The anchor of bench/compare.sh's PostgreSQL intake scenario: prints a pgbench script that writes the rows
Liaison stored for one report (the report, its first timeline entries, its notices and its idempotency record),
copied value for value, under fresh keys, in one statement, as few statements as storing them can take.

    python3 bench/intake-anchor.py DATABASE_URL TEMPLATE_REPORT_ID > anchor.sql
    pgbench -n -M prepared -c 32 -j 2 -T 10 -f anchor.sql DATABASE_URL

Keys are drawn as Liaison draws them: time-ordered ids (UUIDv7's layout), a fresh 9-character tracking code
that no kiosk has reserved, fresh notice and idempotency keys. Needs psql.
"""
import json
import subprocess
import sys

url, template = sys.argv[1], sys.argv[2]

# A time-ordered id, laid out like UUIDv7: milliseconds first, then random bits.
UUID7 = ("(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' "
         "|| substr(md5(random()::text), 1, 19))::uuid")
FRESH_KEY = "md5(random()::text)"


def psql(sql):
    return subprocess.run(["psql", url, "-AtXq", "-c", sql], check=True, capture_output=True, text=True).stdout


def columns(table):
    out = psql(f"SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
               f"WHERE attrelid = 'public.{table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
    return [line.split("|", 1) for line in out.splitlines()]


def rows(table, key):
    out = psql(f"SELECT row_to_json(t) FROM \"{table}\" t WHERE \"{key}\" = '{template}'")
    return [json.loads(line) for line in out.splitlines()]


def literal(value, kind):
    if value is None:
        return f"NULL::{kind}"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    if ":" not in text:
        return "'" + text.replace("'", "''") + f"'::{kind}"
    # pgbench reads `:name` as a variable even inside a quoted literal: spell each colon as an escape.
    text = text.replace("\\", "\\\\").replace("'", "''").replace(":", "\\x3a")
    return "E'" + text + f"'::{kind}"


def select(table, row, fresh):
    return ", ".join(fresh.get(name) or literal(row[name], kind) for name, kind in columns(table))


def insert(table, found, fresh, source, conflict=""):
    if not found:
        return None
    names = ", ".join(f'"{name}"' for name, _ in columns(table))
    selects = " UNION ALL ".join(f"SELECT {select(table, row, fresh)} FROM {source}" for row in found)
    return f'INSERT INTO "{table}" ({names}) {selects}{conflict}'


reports = rows("reports", "id")
if len(reports) != 1:
    sys.exit(f"no report {template} in {url}")
report = insert("reports", reports, {"id": "k.id", "tracking_code": "k.code"},
                "k WHERE NOT EXISTS (SELECT 1 FROM \"reserved_codes\" r WHERE r.\"code\" = k.code)",
                ' ON CONFLICT ("tracking_code") DO NOTHING RETURNING "id"')
parts = [f"k AS (SELECT {UUID7} AS id, upper(lpad(to_hex((:n)::bigint), 9, '0')) AS code)", f"report AS ({report})"]
later = [
    ("events", insert("report_events", rows("report_events", "report_id"),
                      {"id": UUID7, "report_id": "report.id"}, "report")),
    ("notices", insert("outbox", rows("outbox", "report_id"),
                       {"id": UUID7, "report_id": "report.id", "dedupe_key": FRESH_KEY}, "report",
                       ' ON CONFLICT ("dedupe_key") DO NOTHING')),
    ("claim", insert("idempotency_keys", rows("idempotency_keys", "report_id"),
                     {"key": FRESH_KEY, "report_id": "report.id"}, "report")),
]
parts += [f"{name} AS ({sql})" for name, sql in later if sql]
print("\\set n random(1, 68719476735)")
print("WITH " + ",\n".join(parts) + "\nSELECT count(*) FROM report;")

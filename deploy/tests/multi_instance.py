#!/usr/bin/env python3
"""Two Liaison instances on one PostgreSQL database and one Redis, with nginx in front: any instance serves any
request. Started by deploy/tests/multi-instance.sh, which passes everything through the environment:

  MI_A, MI_B        the instances' base URLs (http://127.0.0.1:PORT), reached directly
  MI_NGINX          nginx's HTTPS base URL; MI_NGINX_HTTP its plain-HTTP one; MI_CA the certificate to trust
  MI_PIDS           "pidA pidB" (supervision lease holders are named "<pid>-<uuid>")
  MI_LOG_A, MI_LOG_B   the instances' JSON logs; MI_ACCESS_LOG nginx's access log ("$request_id $upstream_addr …")
  MI_DATABASE_URL   the scratch database; MI_REDIS_URL and MI_NAMESPACE the Redis and key prefix the instances use
  MI_ADMIN_PASSWORD the password of `admin`, made with `liaison admin create`
  MI_LOGIN_LIMIT    LIAISON_RATE_LIMITS__LOGIN_PER_IP_PER_MINUTE as the instances were given it
  MI_S3             the S3-compatible endpoint both instances keep photos in

Python 3.11 standard library only, plus the psql and redis-cli programs. Prints one line per check and
"N passed, N failed"; exits 1 when anything failed.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import random
import ssl
import subprocess
import sys
import threading
import time
import struct
import traceback
import urllib.parse
import uuid
import zlib

ENV = os.environ
A, B, NGINX, NGINX_HTTP = ENV["MI_A"], ENV["MI_B"], ENV["MI_NGINX"], ENV["MI_NGINX_HTTP"]
NAMES = {A: "A", B: "B", NGINX: "nginx", NGINX_HTTP: "nginx (http)"}
TLS = ssl.create_default_context(cafile=ENV["MI_CA"])
LOGIN_LIMIT = int(ENV["MI_LOGIN_LIMIT"])
RUN = uuid.uuid4().hex[:8]


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"{self.status} {self.body[:300]!r}"


def connection(base: str, timeout: float = 15) -> http.client.HTTPConnection:
    url = urllib.parse.urlsplit(base)
    if url.scheme == "https":
        return http.client.HTTPSConnection(url.hostname, url.port, timeout=timeout, context=TLS)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)


def call(base: str, method: str, path: str, body=None, token: str | None = None, headers=None) -> Response:
    """One request on a fresh connection (so nginx's round robin sees each one)."""
    send = {"Accept": "application/json", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        send["Content-Type"] = "application/json"
    if token:
        send["Authorization"] = f"Bearer {token}"
    conn = connection(base)
    try:
        conn.request(method, path, body=data, headers=send)
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def expect(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        raise AssertionError(f"{what}: expected {status}, got {response!r}")
    return response


def login(base: str, username: str, password: str, client_ip: str) -> str:
    # Direct calls name a client address of their own, so setup sign-ins never count against the addresses
    # whose limits are tested below (the instances trust X-Forwarded-For, as they do behind nginx).
    r = call(base, "POST", "/api/v1/auth/login", {"username": username, "password": password},
             headers={"X-Forwarded-For": client_ip})
    return expect(r, 200, f"login {username} on {NAMES[base]}").json()["access_token"]


def psql(sql: str) -> str:
    out = subprocess.run(["psql", ENV["MI_DATABASE_URL"], "-AtXqc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


class LiveStream:
    """GET /api/v1/live read on a thread; events land in a queue."""

    def __init__(self, base: str, token: str):
        self.base, self.events, self.opened = base, queue.Queue(), threading.Event()
        self.error: BaseException | None = None
        self.conn = connection(base, timeout=60)
        self.conn.request("GET", "/api/v1/live", headers={"Authorization": f"Bearer {token}",
                                                          "Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise AssertionError(f"live stream on {NAMES[base]}: {self.response.status} {self.response.read()[:200]!r}")
        self.content_type = self.response.getheader("Content-Type", "")
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        event = None
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    return
                self.opened.set()
                line = line.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "report":
                    self.events.put(json.loads(line[5:].strip()))
                elif line == "":
                    event = None
        except BaseException as err:  # noqa: BLE001 - reported by wait_for
            self.error = err

    def wait_for(self, predicate, seconds: float = 10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            if predicate(event):
                return event
        raise AssertionError(f"no matching live event on {NAMES[self.base]} within {seconds} s"
                             + (f" (reader: {self.error!r})" if self.error else ""))

    def drain(self) -> list[dict]:
        got = []
        while not self.events.empty():
            got.append(self.events.get_nowait())
        return got

    def close(self) -> None:
        try:
            self.conn.sock.shutdown(2)
        except OSError:
            pass
        self.conn.close()


class Suite:
    def __init__(self):
        self.passed, self.failed = 0, 0
        self.ctx: dict = {}

    def check(self, name: str, fn) -> None:
        started = time.monotonic()
        try:
            detail = fn()
        except KeyError as err:
            self.failed += 1
            print(f"FAIL {name}: needs {err} from an earlier check that failed", flush=True)
            return
        except Exception as err:  # noqa: BLE001 - every failure is reported, then the next check runs
            self.failed += 1
            print(f"FAIL {name}: {err}", flush=True)
            if not isinstance(err, AssertionError):
                traceback.print_exc()
            return
        self.passed += 1
        took = time.monotonic() - started
        print(f"ok   {name}" + (f": {detail}" if detail else "") + f" ({took:.1f} s)", flush=True)


def png(width: int = 400, height: int = 300) -> bytes:
    """A small gradient PNG, made with the standard library."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128)) for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = f"liaison-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def raw(base: str, method: str, path: str, data: bytes | None, headers: dict[str, str]) -> Response:
    conn = connection(base)
    try:
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def file_report(base: str, kiosk_token: str, words: str) -> dict:
    r = call(base, "POST", "/api/v1/reports",
             {"category": "environment", "description": words, "channel": "kiosk"},
             token=kiosk_token, headers={"Idempotency-Key": str(uuid.uuid4())})
    return expect(r, 201, f"report filed on {NAMES[base]}").json()


def main() -> int:
    s = Suite()
    c = s.ctx
    admin_ip, staff_ip, kiosk_ip = (f"198.51.100.{n}" for n in random.sample(range(1, 250), 3))

    def health():
        for base in (A, B, NGINX):
            expect(call(base, "GET", "/health/ready"), 200, f"ready on {NAMES[base]}")
            expect(call(base, "GET", "/health/live"), 200, f"live on {NAMES[base]}")
        return "ready and live on A, B and through nginx (TLS verified against the generated certificate)"
    s.check("both instances and nginx answer their probes", health)

    def redirect():
        r = call(NGINX_HTTP, "GET", "/api/v1/categories")
        expect(r, 301, "plain HTTP")
        assert r.headers.get("location", "").startswith("https://"), r.headers
        return r.headers["location"]
    s.check("plain HTTP is redirected to HTTPS", redirect)

    def tokens_cross():
        c["admin"] = login(A, "admin", ENV["MI_ADMIN_PASSWORD"], admin_ip)
        me = expect(call(B, "GET", "/api/v1/me", token=c["admin"]), 200, "admin token from A on B").json()
        assert me.get("role") == "admin", me
        username = f"staff.{RUN}"
        c["staff_password"] = f"staff-{uuid.uuid4()}"
        expect(call(B, "POST", "/api/v1/accounts",
                    {"username": username, "display_name": "联络员", "role": "staff",
                     "password": c["staff_password"], "stations": ["XH-01"]}, token=c["admin"]),
               201, "staff account created on B with A's token")
        c["staff"] = login(B, username, c["staff_password"], staff_ip)
        me = expect(call(A, "GET", "/api/v1/me", token=c["staff"]), 200, "staff token from B on A").json()
        assert me.get("role") == "staff", me
        return "admin signed in on A works on B; staff created on B, signed in on B, works on A"
    s.check("a token issued by one instance works on the other", tokens_cross)

    def kiosk():
        code = expect(call(A, "POST", "/api/v1/stations/XH-01/kiosks", {"label": f"multi {RUN}"},
                           token=c["staff"]), 201, "enrollment code on A").json()["enrollment_code"]
        r = call(B, "POST", "/api/v1/kiosks/enroll", {"enrollment_code": code}, headers={"X-Forwarded-For": kiosk_ip})
        c["kiosk"] = expect(r, 200, "enrollment on B").json()["tokens"]["access_token"]
        return "code made on A, traded on B"
    s.check("a kiosk enrollment code made on A is traded on B", kiosk)

    def through_nginx():
        seen = set()
        for _ in range(6):
            r = expect(call(NGINX, "GET", "/api/v1/me", token=c["staff"]), 200, "GET /api/v1/me through nginx")
            seen.add(r.headers.get("x-request-id"))
        for _ in range(2):
            report = file_report(NGINX, c["kiosk"], "经 nginx 提交：楼道灯坏了。")
            expect(call(NGINX, "GET", f"/api/v1/reports/track/{report['tracking_code']}"), 200, "tracking via nginx")
        assert None not in seen and len(seen) == 6, seen
        return "6 × /me, 2 reports filed and tracked, each 2xx"
    s.check("signed-in requests and report filing work through nginx", through_nginx)

    def photos_shared():
        body, content_type = multipart(
            {"category": "environment", "channel": "kiosk", "description": "带照片：井盖破损。"},
            {"photos": ("manhole.png", png(), "image/png")})
        r = raw(A, "POST", "/api/v1/reports", body, {"Authorization": f"Bearer {c['kiosk']}",
                                                    "Content-Type": content_type,
                                                    "Idempotency-Key": str(uuid.uuid4())})
        report = expect(r, 201, "report with a photo filed on A").json()
        detail = expect(call(B, "GET", f"/api/v1/reports/{report['id']}", token=c["staff"]), 200,
                        "the report read on B").json()
        assert detail["photo_count"] == 1 and len(detail["photos"]) == 1, detail.get("photos")
        thumb = expect(call(B, "GET", f"/api/v1/reports/{report['id']}/photos/0?size=thumb", token=c["staff"],
                            headers={"Accept": "image/*"}), 200, "the thumbnail from B")
        assert thumb.headers.get("content-type", "").startswith("image/"), thumb.headers
        link = urllib.parse.urlsplit(detail["photos"][0]["display_url"])
        signed = raw(NGINX, "GET", f"{link.path}?{link.query}", None, {})
        expect(signed, 200, "the signed display link through nginx")
        assert signed.headers.get("content-type", "").startswith("image/"), signed.headers
        return (f"uploaded to A, thumbnail ({len(thumb.body)} bytes) from B, signed display link "
                f"({len(signed.body)} bytes) through nginx; photos in {ENV['MI_S3']}")
    s.check("a photo uploaded on A is served by B and through nginx (shared S3 store)", photos_shared)

    def rate_limits_direct():
        ip = f"203.0.113.{random.randint(1, 250)}"
        statuses = []
        for i in range(LOGIN_LIMIT + 2):
            base = (A, B)[i % 2]
            r = call(base, "POST", "/api/v1/auth/login", {"username": f"nobody.{RUN}", "password": "wrong-password"},
                     headers={"X-Forwarded-For": ip})
            statuses.append((NAMES[base], r.status))
            if r.status == 429:
                assert r.headers.get("retry-after"), r.headers
                assert r.json().get("code") == "too_many_requests", r
        want = [401] * LOGIN_LIMIT + [429, 429]
        assert [st for _, st in statuses] == want, f"{statuses}, wanted {want}"
        keys = subprocess.run(["redis-cli", "-u", ENV["MI_REDIS_URL"], "--scan", "--pattern",
                               f"{ENV['MI_NAMESPACE']}:rl:*{ip}*"], check=True, capture_output=True, text=True)
        assert keys.stdout.strip(), "no shared counter in Redis"
        return f"{' '.join(f'{n}:{st}' for n, st in statuses)}; counter {keys.stdout.split()[0]}"
    s.check(f"failed sign-ins spread over A and B share one limit ({LOGIN_LIMIT} a minute)", rate_limits_direct)

    def rate_limits_nginx():
        statuses = []
        for i in range(LOGIN_LIMIT + 1):
            # A client's own X-Forwarded-For must not buy it a fresh limit: nginx replaces the header.
            r = call(NGINX, "POST", "/api/v1/auth/login", {"username": f"nobody.{RUN}", "password": "wrong"},
                     headers={"X-Forwarded-For": f"192.0.2.{i + 1}", "X-Request-Id": f"spoofed-{i:04d}-id"})
            statuses.append(r.status)
        want = [401] * LOGIN_LIMIT + [429]
        assert statuses == want, f"{statuses}, wanted {want}"
        return f"{statuses} with a different spoofed X-Forwarded-For each time"
    s.check("through nginx the limit follows the real client, not a spoofed X-Forwarded-For", rate_limits_nginx)

    def live_cross():
        streams = {}
        try:
            streams["B"] = LiveStream(B, c["staff"])
            streams["nginx"] = LiveStream(NGINX, c["staff"])
            assert streams["nginx"].content_type.startswith("text/event-stream"), streams["nginx"].content_type
            for st in streams.values():
                assert st.opened.wait(10), f"no opening bytes on {NAMES[st.base]}"
            on_a = file_report(A, c["kiosk"], "A 上提交：小区门口积水。")
            streams["B"].wait_for(lambda e: e.get("report_id") == on_a["id"] and e.get("kind") == "filed")
            streams["nginx"].wait_for(lambda e: e.get("report_id") == on_a["id"])
            on_b = file_report(B, c["kiosk"], "B 上提交：路灯不亮。")
            streams["nginx"].wait_for(lambda e: e.get("report_id") == on_b["id"])
            return "filed on A: heard on B and through nginx; filed on B: heard through nginx"
        finally:
            for st in streams.values():
                st.close()
    s.check("a report filed on A reaches a live stream on B (and through nginx)", live_cross)

    def lease_rounds(rounds):
        """Waits until the lease holder has renewed its lease `rounds` more times (once per supervision round)."""
        query = "SELECT expires_at FROM leases WHERE name = 'supervision'"
        seen = psql(query)
        deadline = time.monotonic() + 15
        while rounds > 0 and time.monotonic() < deadline:
            now = psql(query)
            if now != seen:
                seen, rounds = now, rounds - 1
            else:
                time.sleep(0.1)
        assert rounds == 0, "the supervision lease was not renewed in time"

    def lease():
        pids = ENV["MI_PIDS"].split()
        deadline = time.monotonic() + 10
        rows = []
        while time.monotonic() < deadline:
            rows = psql("SELECT holder FROM leases WHERE name = 'supervision' AND expires_at > now()").splitlines()
            if rows:
                break
            time.sleep(0.3)
        assert len(rows) == 1, f"lease rows: {rows}"
        holder_pid = rows[0].split("-", 1)[0]
        assert holder_pid in pids, f"holder {rows[0]} is neither instance ({pids})"
        lease_rounds(3)  # several rounds on both instances
        again = psql("SELECT holder FROM leases WHERE name = 'supervision'").splitlines()
        assert again == rows, f"the lease moved while its holder was up: {rows} -> {again}"
        c["holder"] = "A" if holder_pid == pids[0] else "B"
        return f"one holder, instance {c['holder']} (pid {holder_pid}), kept across rounds"
    s.check("one instance holds the supervision lease", lease)

    def supervision_once():
        report = file_report(A, c["kiosk"], "逾期测试：垃圾三天未清运。")
        # Make it overdue by two days; the lease holder escalates it to the station head on its next round.
        psql(f"UPDATE reports SET due_at = now() - interval '2 days' WHERE id = '{report['id']}'")
        count = f"SELECT count(*) FROM report_events WHERE report_id = '{report['id']}' AND kind = 'supervision'"
        deadline = time.monotonic() + 15
        while psql(count) == "0" and time.monotonic() < deadline:
            time.sleep(0.3)
        assert psql(count) == "1", "no supervision finding within 15 s"
        lease_rounds(4)  # four more rounds: nothing may be recorded twice
        events = psql(count)
        level = psql(f"SELECT escalation_level FROM reports WHERE id = '{report['id']}'")
        notices = psql(f"SELECT count(*) FROM report_events WHERE report_id = '{report['id']}'")
        assert events == "1", f"{events} supervision events"
        assert level == "1", f"escalation level {level}"
        return f"escalated to the station head once (1 supervision event of {notices}, escalation level 1)"
    s.check("an overdue report is escalated exactly once with both instances running", supervision_once)

    def balanced():
        with open(ENV["MI_ACCESS_LOG"], encoding="utf-8") as f:
            # '$request_id "$upstream_addr" …'; a retried request lists every upstream tried, the last served it.
            entries = [(line.split()[0], line.split('"')[1].split(", ")[-1]) for line in f if line.strip()]
        ports = {urllib.parse.urlsplit(A).port: "A", urllib.parse.urlsplit(B).port: "B"}
        counts = {"A": 0, "B": 0}
        logs = {}
        for name in ("A", "B"):
            with open(ENV[f"MI_LOG_{name}"], encoding="utf-8") as f:
                logs[name] = f.read()
        for request_id, upstream in entries:
            if upstream == "-":
                continue  # answered by nginx itself (the redirect)
            served_by = ports.get(int(upstream.rsplit(":", 1)[1]))
            assert served_by, f"unknown upstream {upstream}"
            counts[served_by] += 1
            # The instance nginx named logged the request under nginx's id; the other did not.
            assert request_id in logs[served_by], f"{request_id} missing from {served_by}'s log"
            assert request_id not in logs["B" if served_by == "A" else "A"], f"{request_id} in both logs"
        assert counts["A"] > 0 and counts["B"] > 0, counts
        assert "spoofed-" not in logs["A"] + logs["B"], "a client's X-Request-Id reached an instance"
        return f"{counts['A']} requests on A, {counts['B']} on B; every nginx request id is in the right log"
    s.check("nginx spreads requests over both instances", balanced)

    print(f"{s.passed} passed, {s.failed} failed", flush=True)
    return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""bench/scale.py — measures a large ledger over HTTP (make bench-scale).

Usage: scale.py BAOMI DB [--rounds R] [--port P] [--label TEXT] [--timeout SECONDS]
                 [--only search,ledger,audit,count] [--serve URL]

Starts `BAOMI serve` on DB (built by bench_scale) — or, with --serve, on the
PostgreSQL database URL that `baomi migrate` copied DB into (issue 12 point
5: the counts in SQL are still read from DB, whose carriers are the same;
the server's audit key and checkpoints come from BAOMI_AUDIT_KEY and
BAOMI_CHECKPOINTS) — then, as the clerk and as
a staff member with a narrow scope (杨帆, 基础教育科, general class), prints
each figure with the target of issue 17 beside it:
  search p50/p99 for 1-4 character Chinese, ASCII and document numbers, the
  answer's total against a direct count in SQL (read-only, beside the
  server); the first list page and page 10,000 (offset, and the keyset
  cursor when the server offers one); stats; alerts; as the auditor the
  audit list (first, middle, last page), the export (streamed bytes) and
  `audit verify` against `openssl speed` SM3 on one core; last, because it
  changes the ledger, a unit-wide count (清查) start, preview and close. The
  server's peak RSS (VmHWM) is read from /proc at the end. Standard library
  only; nothing here is asserted by a test.
"""
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

PASSWORD = "Baomi@2026demo"
TIMEOUT = 120.0  # per request; --timeout changes it
STARTUP_WAIT = 600  # seconds for the server to answer /health (migrations at 1M)
LEVELS = ["public", "internal", "confidential", "secret", "top_secret"]
OUT_STATUSES = ("lent", "taken_out", "circulating")


def args():
    a = {"rounds": 20, "port": 0, "label": "", "only": "search,ledger,audit,count"}
    pos = []
    it = iter(sys.argv[1:])
    for x in it:
        if x.startswith("--"):
            a[x[2:]] = next(it)
        else:
            pos.append(x)
    if len(pos) != 2:
        sys.exit(__doc__)
    a["baomi"], a["db"] = pos
    a["rounds"] = int(a["rounds"])
    global TIMEOUT
    TIMEOUT = float(a.get("timeout", TIMEOUT))
    a["port"] = int(a["port"])
    return a


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Client:
    """One keep-alive connection, one session."""

    def __init__(self, port, user=None):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.token = None
        if user:
            st, body, _ = self.call("POST", "/api/v1/session",
                                    {"username": user, "password": PASSWORD})
            if st != 201:
                sys.exit("login %s: %s %s" % (user, st, body[:200]))
            ans = json.loads(body)
            self.token = ans["token"]
            if ans.get("password_expired") or ans.get("must_change_password"):
                # SYS-4: a ledger built months ago has expired passwords; the copy
                # measured gets a new one (the session is refused until then).
                st, body, _ = self.call("POST", "/api/v1/session/password",
                                        {"old_password": PASSWORD,
                                         "new_password": "Bench@%dscale" % time.time()})
                if st != 200:
                    sys.exit("password change %s: %s %s" % (user, st, body[:200]))

    def call(self, method, path, body=None):
        """(status, body bytes, seconds); status 0 on a timeout or a closed connection."""
        headers = {"Host": "bench"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            t0 = time.perf_counter()
            try:
                self.conn.request(method, path, data, headers)
                r = self.conn.getresponse()
                out = r.read()
                return r.status, out, time.perf_counter() - t0
            except (socket.timeout, http.client.HTTPException, ConnectionError) as e:
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                # The server closes a connection left idle (a slow figure before): once more.
                if attempt == 2 or time.perf_counter() - t0 > 1.0:
                    return 0, str(e).encode(), time.perf_counter() - t0

    def get(self, path, **q):
        q = {k: v for k, v in q.items() if v is not None}
        return self.call("GET", path + ("?" + urllib.parse.urlencode(q) if q else ""))


def ms(s):
    return "%8.1f ms" % (s * 1000.0)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def line(what, value, target, note=""):
    print("  %-46s %14s   target %-10s %s" % (what, value, target, note), flush=True)


def vm_hwm(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for ln in f:
                if ln.startswith("VmHWM:"):
                    return int(ln.split()[1]) // 1024
    except OSError:
        pass
    return -1


class Direct:
    """Counts straight from the database, beside the server (read-only)."""

    def __init__(self, path):
        self.db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=60)

    def one(self, sql, *p):
        return self.db.execute(sql, p).fetchone()[0]

    def viewer(self, me):
        pid = me["id"]
        dept = me.get("department_id") or 0
        return {
            "pid": pid, "dept": dept,
            "max": LEVELS.index(me["clearance"]),
            "clerk": "clerk" in json.dumps(me.get("roles", [])),
        }

    def search_count(self, v, q):
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match = ("(title LIKE :q ESCAPE '\\' OR coalesce(doc_number, '') LIKE :q"
                 " ESCAPE '\\')")
        p = dict(v)
        p["q"] = like
        p["clerk"] = 1 if v["clerk"] else 0
        return self.db.execute("SELECT count(*) FROM carrier c WHERE %s AND %s"
                               % (match, SIGHT), p).fetchone()[0]

    def nth_visible(self, v, n):
        """The id of the n-th carrier (from 1) the viewer sees, in id order."""
        p = dict(v)
        p["clerk"] = 1 if v["clerk"] else 0
        p["n"] = n - 1
        return self.db.execute("SELECT id FROM carrier c WHERE %s ORDER BY id LIMIT 1"
                               " OFFSET :n" % SIGHT, p).fetchone()[0]


# SYS-2 as REGULATIONS.md states it, written out here on its own.
SIGHT = ("level <= :max AND (:clerk OR custodian_id = :pid"
         " OR NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)"
         " OR EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id"
         "   AND (x.person_id = :pid OR x.department_id = :dept))"
         " OR (status IN ('lent', 'taken_out', 'circulating') AND (SELECT holder_id"
         "   FROM loan l WHERE l.carrier_id = c.id AND l.returned_at IS NULL"
         "   ORDER BY l.id DESC LIMIT 1) = :pid))")


def openssl_sm3(size):
    """Bytes/s of SM3 on one core at the block size nearest `size` (openssl speed)."""
    try:
        out = subprocess.run(["openssl", "speed", "-seconds", "2", "-evp", "sm3"],
                             capture_output=True, text=True, timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None, None
    head = re.search(r"type\s+((?:\d+ bytes\s*)+)", out)
    row = re.search(r"^sm3\s+(.*)$", out, re.M)
    if not head or not row:
        return None, None
    sizes = [int(x) for x in re.findall(r"(\d+) bytes", head.group(1))]
    rates = [float(x.rstrip("k")) * 1000.0 for x in row.group(1).split()]
    best = min(range(len(sizes)), key=lambda i: abs(sizes[i] - size))
    return rates[best], sizes[best]


def search(a, clients, direct, viewers):
    print("search (%d rounds each; p99 of %d is near the slowest)" % (a["rounds"], a["rounds"]))
    doc = direct.db.execute("SELECT doc_number FROM carrier WHERE doc_number IS NOT NULL"
                            " ORDER BY id DESC LIMIT 1").fetchone()
    doc = doc[0] if doc else "教体"
    queries = [("1 char 密", "密"), ("2 chars 名单", "名单"), ("3 chars 应急预", "应急预"),
               ("4 chars 应急预案", "应急预案"), ("ASCII GB/T", "GB/T"), ("ASCII IPv6", "IPv6"),
               ("doc number prefix", doc[:6]), ("doc number whole", doc)]
    for who, c in clients.items():
        for label, q in queries:
            times, total, bad = [], None, 0
            for _ in range(a["rounds"]):
                st, body, t = c.get("/api/v1/carriers", q=q, limit=50)
                if st != 200:
                    bad += 1
                    times.append(t)
                    if st == 0 or t > 30:
                        break
                    continue
                times.append(t)
                total = json.loads(body)["total"]
            want = direct.search_count(viewers[who], q)
            check = "total %s = direct %d" % (total, want) if total == want else \
                "TOTAL %s != DIRECT %d" % (total, want)
            line("%-7s %s p50/p99" % (who, label),
                 "%.1f/%.1f ms" % (pct(times, 50) * 1000, pct(times, 99) * 1000),
                 "p99 < 50 ms", check + (" (%d errors)" % bad if bad else ""))


def timed(c, what, path, target, rounds=5, **q):
    times, st, body = [], 0, b""
    for _ in range(rounds):
        st, body, t = c.get(path, **q)
        times.append(t)
        if st != 200 or t > 10:
            break
    note = "" if st == 200 else "HTTP %d %s" % (st, body[:80].decode("utf-8", "replace"))
    if st == 0:
        note = "no answer within the %.0f s timeout" % TIMEOUT
    line(what, "%.1f ms" % (pct(times, 50) * 1000), target, note)
    return st, body


def ledger(a, clients, direct, viewers):
    print("ledger list, stats, alerts (median of 5)")
    for who, c in clients.items():
        st, body = timed(c, "%-7s list, first page" % who, "/api/v1/carriers", "< 50 ms",
                         limit=50)
        page = json.loads(body) if st == 200 else {}
        total = page.get("total", 0)
        line("%-7s   visible carriers" % who, str(total), "")
        # Page 10,000 of 50 (offset 499,950), or the last page when there are fewer.
        deep = 499950 if total > 500000 else max(0, total - 50)
        timed(c, "%-7s list, offset %d" % (who, deep), "/api/v1/carriers", "< 50 ms",
              limit=50, offset=deep)
        if "next" in page and deep > 0:
            # The keyset position of that page: the row before it, in id order.
            key = direct.nth_visible(viewers[who], deep)
            timed(c, "%-7s list, same page by cursor (after)" % who, "/api/v1/carriers",
                  "< 50 ms", limit=50, after=key)
        timed(c, "%-7s stats" % who, "/api/v1/carriers/stats", "< 50 ms")
        timed(c, "%-7s alerts" % who, "/api/v1/alerts", "< 200 ms", rounds=3)


def audit(a, auditor, direct, pid):
    events = direct.one("SELECT count(*) FROM audit_event")
    print("audit chain: %d events" % events)
    for what, off in (("first", 0), ("middle", events // 2), ("last", max(0, events - 50))):
        timed(auditor, "auditor audit list, %s page" % what, "/api/v1/audit/events",
              "< 50 ms", limit=50, offset=off)
    # Filters and their combinations (the total is recounted on every page).
    top = direct.one("SELECT actor FROM audit_event GROUP BY actor ORDER BY count(*) DESC LIMIT 1")
    last = direct.one("SELECT substr(max(at), 1, 10) FROM audit_event")
    first = direct.one("SELECT substr(min(at), 1, 10) FROM audit_event")
    for what, q in (("actor", {"actor": top}), ("action prefix", {"action": "carrier."}),
                    ("outcome refused", {"outcome": "refused"}),
                    ("from/to", {"from": first, "to": last}),
                    ("actor+outcome", {"actor": top, "outcome": "ok"}),
                    ("action+outcome", {"action": "carrier.", "outcome": "ok"}),
                    ("all filters", {"actor": top, "action": "carrier.", "outcome": "ok",
                                     "from": first, "to": last})):
        timed(auditor, "auditor audit list, %s" % what, "/api/v1/audit/events",
              "< 50 ms", limit=50, **q)
        timed(auditor, "auditor audit list, %s, offset 10k" % what, "/api/v1/audit/events",
              "< 50 ms", limit=50, offset=10000, **q)
    t0 = time.perf_counter()
    size, hwm_during = 0, 0
    st = 0
    try:
        auditor.conn.request("GET", "/api/v1/audit/export",
                             headers={"Host": "bench", "Authorization": "Bearer " + auditor.token})
        r = auditor.conn.getresponse()
        st = r.status
        while True:
            chunk = r.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            hwm_during = max(hwm_during, vm_hwm(pid))
    except (socket.timeout, http.client.HTTPException, ConnectionError) as e:
        st = "error %s" % e
    dt = time.perf_counter() - t0
    line("auditor audit export", "%.1f s" % dt, "constant memory",
         "HTTP %s, %.1f MB, %.1f MB/s, server VmHWM %d MB" % (st, size / 1e6, size / 1e6 / dt,
                                                               hwm_during))
    avg = direct.one("SELECT avg(length(CAST(at AS BLOB)) + length(CAST(actor AS BLOB))"
                     " + length(CAST(action AS BLOB)) + length(CAST(object AS BLOB))"
                     " + length(CAST(outcome AS BLOB)) + length(CAST(rule AS BLOB))"
                     " + length(CAST(detail AS BLOB)) + length(CAST(alg AS BLOB)) + 64 + 60)"
                     " FROM audit_event") or 0
    st, body, dt = auditor.get("/api/v1/audit/verify")
    rate = events / dt if dt > 0 else 0
    ref, block = openssl_sm3(int(avg))
    if ref:
        ratio = rate * avg / ref
        line("auditor audit verify", "%.1f s" % dt, ">= 0.7x",
             "HTTP %d, %.0f events/s x %.0f B = %.1f MB/s; openssl sm3 %d-byte blocks "
             "%.1f MB/s: %.2fx" % (st, rate, avg, rate * avg / 1e6, block, ref / 1e6, ratio))
    else:
        line("auditor audit verify", "%.1f s" % dt, ">= 0.7x", "HTTP %d, %.0f events/s" % (st, rate))


def count(clerk):
    print("unit-wide count (清查), no ticks: every carrier in store ends up missing")
    st, body, dt = clerk.call("POST", "/api/v1/counts", {"scope": "unit", "reason": "bench"})
    line("clerk   count start", "%.1f ms" % (dt * 1000), "< 5 s",
         "" if st == 201 else "HTTP %d %s" % (st, body[:80].decode("utf-8", "replace")))
    if st != 201:
        return
    cid = json.loads(body)["id"]
    st, body, dt = clerk.get("/api/v1/counts/%d" % cid)
    line("clerk   count preview", "%.1f ms" % (dt * 1000), "< 5 s",
         "HTTP %d, %.1f MB" % (st, len(body) / 1e6))
    # INV-4 (issue 14 point 6): the close confirms what the review showed.
    st, body, dt = clerk.get("/api/v1/counts/%d" % cid, list="missing", limit=1, review="true")
    line("clerk   count review", "%.1f ms" % (dt * 1000), "< 5 s", "HTTP %d" % st)
    rv = json.loads(body).get("review", {}) if st == 200 else {}
    confirm = {"confirm_missing": rv.get("confirm_missing", 0),
               "confirm_token": rv.get("confirm_token", "")}
    st, body, dt = clerk.call("POST", "/api/v1/counts/%d/close" % cid, confirm)
    line("clerk   count close", "%.1f ms" % (dt * 1000), "< 5 s",
         "HTTP %d, %.1f MB" % (st, len(body) / 1e6) if st else
         "no answer within the %.0f s timeout" % TIMEOUT)


def main():
    a = args()
    port = a["port"] or free_port()
    direct = Direct(a["db"])
    served = a.get("serve") or a["db"]
    log = open(a["db"] + (".pg" if a.get("serve") else "") + ".serve.log", "w")
    keep = ("BAOMI_AUDIT_KEY", "BAOMI_CHECKPOINTS") if a.get("serve") else ()
    # A build with -Dtest_clock=true reads "now" from BAOMI_NOW: the alerts a later day shows.
    keep += ("BAOMI_NOW",)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAOMI_") or k in keep}
    srv = subprocess.Popen([a["baomi"], "serve", "--db", served, "--listen",
                            "127.0.0.1:%d" % port], stdout=log, stderr=log, env=env)
    try:
        # A ledger built by an older binary migrates at start: give it minutes, not 30 s.
        for _ in range(STARTUP_WAIT * 10):
            try:
                if Client(port).get("/api/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        n = direct.one("SELECT count(*) FROM carrier")
        print("== %s%d carriers, %d loans out, %d audit events, server pid %d" % (
            a["label"] + ": " if a["label"] else "", n,
            direct.one("SELECT count(*) FROM loan WHERE returned_at IS NULL"),
            direct.one("SELECT count(*) FROM audit_event"), srv.pid), flush=True)
        clients = {"clerk": Client(port, "clerk"), "staff": Client(port, "staff")}
        viewers = {}
        for who, c in clients.items():
            st, body, _ = c.get("/api/v1/me")
            viewers[who] = direct.viewer(json.loads(body)["user"])

        only = a["only"].split(",")
        if "search" in only:
            search(a, clients, direct, viewers)
        if "ledger" in only:
            ledger(a, clients, direct, viewers)
        if "audit" in only:
            audit(a, Client(port, "auditor"), direct, srv.pid)
        if "count" in only:
            count(clients["clerk"])
        line("server peak RSS (VmHWM), whole run", "%d MB" % vm_hwm(srv.pid), "< 64 MB")
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()

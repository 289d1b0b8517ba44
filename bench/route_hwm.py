#!/usr/bin/env python3
"""route_hwm.py BAOMI DB [steps]: serve DB (a copy: the count changes it), run each
heavy route, print the server's VmHWM per route
(VmHWM reset through /proc/PID/clear_refs before each route).
Environment: WAIT_CHECK=1 waits for the background integrity check first; PERF=FILE
perf-records the count's close; TICK_ALL_BUT=K ticks every live carrier but each K-th
before the count's preview (in SQL), else the count ticks nothing."""
import json, os, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale
from scale import Client, free_port

def status(pid):
    d = {}
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            k, _, v = ln.partition(":")
            if k in ("VmHWM", "VmRSS"):
                d[k] = int(v.split()[0]) // 1024
    return d

def cpu(pid):
    """The server's user + system CPU seconds so far (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def thread_cpu(pid):
    """Each thread's user + system CPU seconds so far, by thread id."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[tid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return out

def reset(pid):
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")

def main():
    baomi, db = sys.argv[1], sys.argv[2]
    steps = sys.argv[3].split(",") if len(sys.argv) > 3 else \
        "search,list,stats,alerts,audit,export,verify,count".split(",")
    scale.TIMEOUT = 900
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAOMI_")}
    log = open(db + ".serve.log", "w")
    t0 = time.time()
    srv = subprocess.Popen(os.environ.get("WRAP", "").split() + ["nice", baomi, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port],
                           stdout=log, stderr=log, env=env)
    # nice execs baomi: same pid
    try:
        while True:
            try:
                if Client(port).get("/api/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        pid = srv.pid
        print("start-up %.1f s: %s" % (time.time() - t0, status(pid)), flush=True)
        # The background integrity check's CPU would count in each route's (WAIT_CHECK=1).
        if os.environ.get("WAIT_CHECK"):
            while json.loads(Client(port).get("/api/v1/health")[1]).get(
                    "integrity", {}).get("status") == "checking":
                time.sleep(1)
            print("integrity check done %.1f s" % (time.time() - t0), flush=True)
        reset(pid)
        clerk, staff, auditor = Client(port, "clerk"), Client(port, "staff"), Client(port, "auditor")
        print("logins: %s" % status(pid), flush=True)
        def run(name, fn):
            reset(pid)
            # PERF=FILE: `perf record -g` on the server during the count's close.
            perf = None
            if name == "count close" and os.environ.get("PERF"):
                perf = subprocess.Popen(["perf", "record", "-g", "-o", os.environ["PERF"],
                                         "-p", str(pid)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
                time.sleep(1)
            t, c, tc = time.time(), cpu(pid), thread_cpu(pid)
            st = fn()
            wall, used = time.time() - t, cpu(pid) - c
            # the busiest thread's share: the use case's, without a background check's
            after = thread_cpu(pid)
            busiest = max([after[k] - tc.get(k, 0) for k in after] or [0])
            if perf:
                perf.send_signal(2)
                perf.wait()
            print("%-28s %6.2f s  cpu %6.2f s (busiest thread %.2f s)  %s  HTTP %s" % (
                name, wall, used, busiest, status(pid), str(st)[:120]), flush=True)
        for s in steps:
            if s == "search":
                for q in ("密", "名单", "应急预案", "GB/T"):
                    run("search clerk " + q, lambda: clerk.get("/api/v1/carriers", q=q, limit=50)[0])
                    run("search staff " + q, lambda: staff.get("/api/v1/carriers", q=q, limit=50)[0])
            elif s == "list":
                run("list clerk", lambda: clerk.get("/api/v1/carriers", limit=50)[0])
                run("list clerk offset", lambda: clerk.get("/api/v1/carriers", limit=50, offset=499950)[0])
                run("list staff", lambda: staff.get("/api/v1/carriers", limit=50)[0])
                run("list staff offset", lambda: staff.get("/api/v1/carriers", limit=50, offset=70000)[0])
            elif s == "stats":
                run("stats clerk", lambda: clerk.get("/api/v1/carriers/stats")[0])
                run("stats staff", lambda: staff.get("/api/v1/carriers/stats")[0])
            elif s == "alerts":
                run("alerts clerk", lambda: clerk.get("/api/v1/alerts")[0])
                run("alerts staff", lambda: staff.get("/api/v1/alerts")[0])
            elif s == "audit":
                run("audit list first", lambda: auditor.get("/api/v1/audit/events", limit=50)[0])
                run("audit list mid", lambda: auditor.get("/api/v1/audit/events", limit=50, offset=500000)[0])
                run("audit list action", lambda: auditor.get("/api/v1/audit/events", limit=50, action="carrier.")[0])
            elif s == "export":
                def exp():
                    st, body, _ = auditor.get("/api/v1/audit/export")
                    return "%s %.0f MB" % (st, len(body) / 1e6)
                run("audit export", exp)
            elif s == "verify":
                run("audit verify", lambda: auditor.get("/api/v1/audit/verify")[0])
            elif s == "count":
                st, body, dt = clerk.call("POST", "/api/v1/counts", {"scope": "unit", "reason": "bench"})
                print("count start %.2f s HTTP %s %s" % (dt, st, status(pid)), flush=True)
                cid = json.loads(body)["id"]
                # TICK_ALL_BUT=K: every live carrier ticked but each K-th one (a count that
                # finds nearly all), the ticks written in SQL into count_item as the tick use
                # case writes them, without its audit event per tick: a million tick requests
                # would take hours here. Without it nothing is ticked: every carrier goes missing.
                if os.environ.get("TICK_ALL_BUT"):
                    import sqlite3
                    k = int(os.environ["TICK_ALL_BUT"])
                    t = time.time()
                    con = sqlite3.connect(db, timeout=60)
                    with con:
                        n = con.execute(
                            "INSERT INTO count_item(session_id, carrier_id, state, note, at)"
                            " SELECT ?, id, 'found', NULL, strftime('%Y-%m-%dT%H:%M:%SZ')"
                            " FROM carrier WHERE status NOT IN ('destroyed', 'returned')"
                            " AND id % ? <> 0", (cid, k)).rowcount
                    con.close()
                    print("ticked %d carriers in SQL (all but each %d-th) %.1f s" % (
                        n, k, time.time() - t), flush=True)
                run("count preview", lambda: clerk.get("/api/v1/counts/%d" % cid)[0])
                # INV-4 (issue 14 point 6): the close confirms what the review showed.
                review = {}
                def rev():
                    st, body, _ = clerk.get("/api/v1/counts/%d" % cid, list="missing", limit=1,
                                            review="true")
                    if st == 200:
                        review.update(json.loads(body).get("review", {}))
                    return st
                run("count review", rev)
                def close():
                    body = {"confirm_missing": review.get("confirm_missing", 0),
                            "confirm_token": review.get("confirm_token", "")}
                    st, body, _ = clerk.call("POST", "/api/v1/counts/%d/close" % cid, body)
                    return "%s %s" % (st, body[:300].decode("utf-8", "replace"))
                run("count close", close)
                run("alerts clerk after", lambda: clerk.get("/api/v1/alerts")[0])
    finally:
        srv.terminate()
        srv.wait()

main()

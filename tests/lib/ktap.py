#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host side of tests/kunit.sh: turn one guest run into TAP lines.

usage: ktap.py --serial TTYS1.log --console CONSOLE.log --kunitpy KUNIT.py
               --out DIR [--debug] [--expect MOD ...]

Inputs (written by the guest /init that tests/kunit.sh generates):
  --serial   the test channel (second serial port).  Lines:
               === MODULE <m> BEGIN pid=<p>
               === MODULE <m> END load=<rc> unload=<rc> suites=<n> pid=<p>
               === KTAP-BEGIN ... combined KTAP ... === KTAP-END
               === KMEMLEAK-BEGIN ... /sys/kernel/debug/kmemleak ... === KMEMLEAK-END
               === KMEMLEAK-UNAVAILABLE
               === DONE
  --console  the kernel console (first serial port); the guest writes
             "gpupass-kunit: module <m> begin|end" and
             "gpupass-kunit: kmemleak scan" to /dev/kmsg so that reports
             can be tied to the module under test.

Output on stdout, one line per check, the project's format:
  ok - kunit: <suite>.<case>
  not ok - kunit: <suite>.<case>
  ok - kunit: <suite>.<case> # SKIP <reason>
followed by "# " diagnostics for failures.  Always exits 0 unless the
arguments are wrong.
"""

import argparse
import os
import re
import subprocess
import sys

PREFIX = "kunit: "

# Lines that start a kernel report.  Order matters only for the label.
REPORT_PATTERNS = [
    ("KASAN", re.compile(r"BUG: KASAN: |KASAN: .*(out-of-bounds|use-after-free|double-free|invalid-free)")),
    ("lockdep", re.compile(r"WARNING: (possible circular locking dependency|possible recursive locking|inconsistent lock state|suspicious RCU usage|held lock freed|lock held when returning)|"
                           r"BUG: (held lock freed|lock held when returning)|"
                           r"INFO: (possible irq lock inversion|trying to register non-static key)")),
    ("kmemleak", re.compile(r"kmemleak: .*(new suspected memory leak|Cannot allocate|Kernel memory leak detector disabled)|unreferenced object 0x")),
    ("UBSAN", re.compile(r"UBSAN: ")),
    ("debugobjects", re.compile(r"ODEBUG: ")),
    ("list corruption", re.compile(r"list_(add|del) corruption")),
    ("BUG", re.compile(r"\bBUG: |kernel BUG at ")),
    ("Oops", re.compile(r"\bOops[:\s]|general protection fault|Unable to handle kernel|Kernel panic")),
    ("WARNING", re.compile(r"WARNING: |------------\[ cut here \]")),
    ("hung", re.compile(r"INFO: task .* blocked for more than|rcu: INFO: .* detected stall|watchdog: BUG: soft lockup")),
]
TS = re.compile(r"^\[\s*\d+\.\d+\]\s?")
MARK = re.compile(r"gpupass-kunit: (module (\S+) (begin|end)|kmemleak scan|boot done)")


def out(line):
    sys.stdout.write(line + "\n")


def ok(desc, skip=None):
    out("ok - " + PREFIX + desc + (" # SKIP " + skip if skip else ""))


def not_ok(desc, diag=()):
    out("not ok - " + PREFIX + desc)
    for d in list(diag)[:25]:
        out("# " + d)


def read_lines(path):
    try:
        with open(path, "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return []
    return [l.rstrip("\r") for l in data.replace("\r\n", "\n").split("\n")]


def section(lines, begin, end):
    """Return (body, saw_begin, saw_end) of the first begin..end block."""
    body, inside = [], False
    for l in lines:
        if not inside and l.strip() == begin:
            inside = True
            continue
        if inside and l.strip() == end:
            return body, True, True
        if inside:
            body.append(l)
    return body, inside, False


def parse_modules(lines):
    mods, order = {}, []
    rb = re.compile(r"^=== MODULE (\S+) BEGIN pid=(\d+)")
    re_ = re.compile(r"^=== MODULE (\S+) END load=(\d+) unload=(\d+) suites=(\d+) pid=(\d+)")
    for l in lines:
        m = rb.match(l.strip())
        if m:
            mods[m.group(1)] = {"begin": int(m.group(2)), "end": None}
            order.append(m.group(1))
            continue
        m = re_.match(l.strip())
        if m and m.group(1) in mods:
            mods[m.group(1)].update(load=int(m.group(2)), unload=int(m.group(3)),
                                    suites=int(m.group(4)), end=int(m.group(5)))
    return mods, order


def parse_ktap(body):
    """Yield per-suite dicts from the combined document: name, ok, cases
    [(name, ok, skip_reason)] and the suite's lines for diagnostics."""
    suites, cur = [], None
    top = re.compile(r"^(not ok|ok) (\d+) (\S+)(?:\s+#\s*(.*))?$")
    case = re.compile(r"^    (not ok|ok) (\d+) (\S+)(?:\s+#\s*(.*))?$")
    sub = re.compile(r"^    # Subtest: (\S+)")
    for l in body:
        m = sub.match(l)
        if m:
            cur = {"name": m.group(1), "ok": None, "cases": [], "lines": []}
            suites.append(cur)
            since = []
            continue
        if cur is None:
            continue
        m = top.match(l)
        if m:
            cur["ok"] = m.group(1) == "ok"
            cur["directive"] = m.group(4) or ""
            cur = None
            continue
        cur["lines"].append(l)
        since.append(l)
        m = case.match(l)
        if m:
            d = m.group(4) or ""
            skip = d[4:].strip() or "skipped" if d.upper().startswith("SKIP") else None
            cur["cases"].append((m.group(3), m.group(1) == "ok", skip, since[-20:]))
            since = []
    return suites


def scan_console(lines, debug):
    """Return [(where, kind, line)] for report lines, attributed to the
    module whose begin/end markers enclose them."""
    hits, where = [], "boot"
    for raw in lines:
        l = TS.sub("", raw)
        m = MARK.search(l)
        if m:
            if m.group(2):
                where = m.group(2) if m.group(3) == "begin" else "between modules"
            elif m.group(1) == "kmemleak scan":
                where = "kmemleak scan"
            elif m.group(1) == "boot done":
                where = "before the first module"
            continue
        for kind, rx in REPORT_PATTERNS:
            if rx.search(l):
                # The leak records themselves come through the serial
                # section (with pid attribution); the summary line would
                # only duplicate them.
                if kind == "kmemleak" and where == "kmemleak scan" and "new suspected" in l:
                    break
                hits.append((where, kind, l.strip()))
                break
    return hits


def parse_kmemleak(body):
    recs, cur = [], None
    for l in body:
        if l.startswith("unreferenced object"):
            cur = {"head": l.strip(), "pid": None, "comm": None, "lines": [l.strip()]}
            recs.append(cur)
            continue
        if cur is None:
            continue
        cur["lines"].append(l.rstrip())
        m = re.search(r'comm "([^"]*)", pid (\d+)', l)
        if m:
            cur["comm"], cur["pid"] = m.group(1), int(m.group(2))
    return recs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--serial", required=True)
    ap.add_argument("--console", required=True)
    ap.add_argument("--kunitpy", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--debug", action="store_true")
    ap.add_argument("--expect", nargs="*", default=[])
    a = ap.parse_args()

    serial = read_lines(a.serial)
    console = read_lines(a.console)
    mods, order = parse_modules(serial)
    last = order[-1] if order else None

    # Modules that never started or never finished.
    for m in a.expect:
        if m not in mods:
            not_ok("%s: load and run" % m, ["the guest never reached this module (crash or timeout earlier)"])
    for m in order:
        r = mods[m]
        if r["end"] is None:
            tail = [TS.sub("", l) for l in console if l.strip()][-15:]
            not_ok("%s: load and run" % m, ["the guest died while this module's suites ran; console tail:"] + tail)
            continue
        if r["load"] != 0:
            not_ok("%s: load" % m, ["modprobe %s exited %d (see the console log)" % (m, r["load"])])
        elif r["suites"] == 0:
            not_ok("%s: registers suites" % m, ["loaded, but no new directory appeared in /sys/kernel/debug/kunit"])
        if r["unload"] != 0:
            not_ok("%s: unload" % m, ["modprobe -r %s exited %d" % (m, r["unload"])])

    # KTAP
    body, saw_begin, saw_end = section(serial, "=== KTAP-BEGIN", "=== KTAP-END")
    ktap_path = os.path.join(a.out, "results.ktap")
    with open(ktap_path, "w") as f:
        f.write("\n".join(body) + "\n")
    suites = parse_ktap(body) if saw_begin else []
    for s in suites:
        for name, good, skip, ctx in s["cases"]:
            if good:
                ok("%s.%s" % (s["name"], name), skip)
            else:
                not_ok("%s.%s" % (s["name"], name), [c for c in ctx if c.strip()])
        if s["ok"] is None:
            not_ok("%s (suite result line missing)" % s["name"], s["lines"][-10:])
        elif not s["ok"] and all(c[1] for c in s["cases"]):
            not_ok("%s (suite)" % s["name"], [l for l in s["lines"][-10:] if l.strip()])
        elif not s["cases"]:
            if s["ok"]:
                d = s.get("directive", "")
                ok(s["name"], d[4:].strip() or "skipped" if d.upper().startswith("SKIP") else None)
            else:
                not_ok(s["name"], s["lines"][-10:])
    if not saw_end:
        where = ("while testing %s" % last) if last and mods[last]["end"] is None else "before the end marker"
        not_ok("KTAP end marker", ["=== KTAP-END missing: the guest panicked, hung or timed out %s" % where])

    # kunit.py parse with absolute paths (it chdirs into the kernel tree).
    if saw_begin:
        jpath = os.path.join(a.out, "results.json")
        p = subprocess.run(["/usr/bin/python3", os.path.abspath(a.kunitpy), "parse",
                            "--json=" + os.path.abspath(jpath), os.path.abspath(ktap_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        with open(os.path.join(a.out, "kunit.py.log"), "w") as f:
            f.write(p.stdout)
        summary = [l for l in p.stdout.splitlines() if "Testing complete" in l or "Ran " in l]
        sys.stderr.write("kunit.py parse: %s (rc %d)\n" % (summary[-1].strip() if summary else "no summary", p.returncode))
        if p.returncode != 0:
            keep = [l for l in p.stdout.splitlines()
                    if re.search(r"FAILED|CRASHED|ERROR|Testing complete|Could not|error", l)]
            not_ok("kunit.py parse", ["exit status %d" % p.returncode] + keep[-12:])
        elif not summary and suites:
            not_ok("kunit.py parse", ["no 'Testing complete' summary"] + p.stdout.splitlines()[-15:])

    # Kernel reports on the console.
    hits = scan_console(console, a.debug)
    label = "debug kernel log" if a.debug else "kernel log"
    if hits:
        seen = {}
        for where, kind, line in hits:
            seen.setdefault((where, kind), []).append(line)
        for (where, kind), ls in seen.items():
            who = where if where in ("boot", "between modules", "kmemleak scan", "before the first module") else "while testing " + where
            not_ok("%s: %s report %s: %s" % (label, kind, who, ls[0][:150]), ls[1:12])
    else:
        ok("%s clean (no KASAN, lockdep, WARNING, BUG or Oops)" % label)

    # kmemleak (debug runs).
    if a.debug:
        kbody, kb, ke = section(serial, "=== KMEMLEAK-BEGIN", "=== KMEMLEAK-END")
        if any(l.strip() == "=== KMEMLEAK-UNAVAILABLE" for l in serial):
            not_ok("kmemleak scan", ["/sys/kernel/debug/kmemleak is missing (kernel without DEBUG_KMEMLEAK, or kmemleak disabled itself)"])
        elif not ke:
            not_ok("kmemleak scan", ["the guest did not finish the kmemleak scan"])
        else:
            recs = parse_kmemleak(kbody)
            if not recs:
                ok("kmemleak scan clean")
            for r in recs:
                who = None
                if r["pid"] is not None:
                    for m in order:
                        b, e = mods[m]["begin"], mods[m]["end"]
                        if b <= r["pid"] and (e is None or r["pid"] <= e):
                            who = m
                if who is None:
                    if order and r["pid"] is not None and r["pid"] < mods[order[0]]["begin"]:
                        who = "boot (allocated before the first test module)"
                    else:
                        who = "unattributed (tested: %s)" % ",".join(order)
                not_ok("%s: kmemleak: %s" % (who, r["head"]), r["lines"][1:20])
    return 0


if __name__ == "__main__":
    sys.exit(main())

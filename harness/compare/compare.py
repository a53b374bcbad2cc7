#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""compare.py: the Python half of `make compare` (harness/compare/compare.sh runs it).

  compare.py table MANIFEST OUTDIR W  hyperfine JSON exports -> compare.csv, compare.md and
                                      compare-why.md ("Why the lab used sub-processes")
  compare.py dbf INPUT OUT...         what each output folder changed besides TYPE and NAME
  compare.py spawn-json CSV OUT.json  forkomp spawn's per_op_s rows as a hyperfine export

MANIFEST has one line per timed command: group, label, JSON export, verified (1/0), outcome
(what happened, for the worker-death rows; else empty) and the command, separated by tabs.
The first command of each group is the lab's Python (or, for start-up, the bare
interpreter): `x_python` is its mean time over the command's, so 10 means ten times faster.

`dbf` reads the .dbf files itself (not through GDAL, so the check does not depend on the
library whose writes it is checking): record counts, one TYPE and one NAME field, and every
other field's values compared with the input's, byte for byte and as trimmed text.
"""

import csv
import json
import os
import statistics
import struct
import sys

import compare_why


def write_export(path, name, runs):
    """runs: (wall, user, system) seconds each, written as hyperfine's --export-json does."""
    times = [r[0] for r in runs]
    res = {"command": name, "mean": statistics.fmean(times),
           "stddev": statistics.stdev(times) if len(times) > 1 else None,
           "median": statistics.median(times), "min": min(times), "max": max(times),
           "user": statistics.fmean(r[1] for r in runs),
           "system": statistics.fmean(r[2] for r in runs), "times": times}
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"results": [res]}, f, indent=1)


def spawn_json(csv_path, out):
    """forkomp spawn's rows (one per outer repetition) -> one export of per_op_s."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("per_op_s")]
    if not rows:
        print("compare.py: no spawn rows in %s" % csv_path, file=sys.stderr)
        return 1
    runs = [(float(r["per_op_s"]), float(r["user_s"]) / int(r["tasks"]),
             float(r["sys_s"]) / int(r["tasks"])) for r in rows]
    write_export(out, "forkomp spawn --variant %s" % rows[0]["variant"], runs)
    return 0


def load_manifest(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            group, label, export, verified, outcome, command = \
                line.rstrip("\n").split("\t", 5)
            with open(export, encoding="utf-8") as j:
                res = json.load(j)["results"][0]
            rows.append({"group": group, "label": label, "command": command,
                         "verified": verified, "outcome": outcome, "runs": len(res["times"]),
                         "mean_s": res["mean"], "stddev_s": res.get("stddev") or 0.0,
                         "median_s": res["median"], "min_s": res["min"], "max_s": res["max"],
                         "user_s": res["user"], "system_s": res["system"]})
    for row in rows:
        ref = [r for r in rows if r["group"] == row["group"]][0]
        # A speed ratio means nothing between runs that did not complete the same work.
        comparable = row["mean_s"] > 0 and not row["outcome"] and not ref["outcome"]
        row["x_python"] = ref["mean_s"] / row["mean_s"] if comparable else ""
    return rows


def write_csv(rows, path):
    cols = ["group", "label", "runs", "mean_s", "stddev_s", "median_s", "min_s", "max_s",
            "user_s", "system_s", "x_python", "verified", "outcome", "command"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("%.6f" % v if isinstance(v, float) else v) for k, v in row.items()})


def mean_of(rows, group, label):
    hit = [r["mean_s"] for r in rows if r["group"] == group and r["label"] == label]
    return hit[0] if hit else None


def group_md(rows, group):
    mine = [r for r in rows if r["group"] == group]
    outcomes = any(r["outcome"] for r in mine)
    out = ["## %s" % group, "",
           "| command | runs | mean ± sd (s) | median (s) | user + sys (s) | x faster than "
           "Python | verified |" + (" outcome |" if outcomes else ""),
           "|---|---:|---:|---:|---:|---:|:---:|" + ("---|" if outcomes else "")]
    for r in mine:
        ratio = "%.1f" % r["x_python"] if r["x_python"] != "" else "-"
        out.append("| `%s` | %d | %.3f ± %.3f | %.3f | %.3f | %s | %s |%s" % (
            r["label"], r["runs"], r["mean_s"], r["stddev_s"], r["median_s"],
            r["user_s"] + r["system_s"], ratio, "yes" if r["verified"] == "1" else "**no**",
            " %s |" % r["outcome"] if outcomes else ""))
    fork, xargs = mean_of(rows, group, "forkomp-fork"), mean_of(rows, group, "xargs-serial")
    if fork and xargs:
        out += ["", "A process per task (`xargs -P`) takes %.2fx the time of forkomp's "
                "pre-forked pool on the same inputs." % (xargs / fork)]
    out += ["", "Commands:", ""]
    out += ["- `%s`: `%s`" % (r["label"], r["command"]) for r in mine]
    return out + [""]


def write_md(rows, outdir, workers):
    parts = ["# make compare: the lab's Python beside forkomp", ""]
    context = ""
    path = os.path.join(outdir, "compare-context.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            context = f.read()
        parts += ["```", context.rstrip(), "```", ""]
    parts += ["Whole processes timed with hyperfine (start-up, verification and exit "
              "included; pool-start is timed inside the process, see its commands). `x faster "
              "than Python` is the mean of the group's first command (the lab's Python program "
              "as it runs before Python 3.14, Pool with fork; for start-up the bare "
              "interpreter) over the command's; blank where a run did not complete its work. "
              "user + sys counts the processes hyperfine's command waits for: forkserver's "
              "workers are the server's children, so their CPU time is missing. $SCRATCH is a "
              "scratch folder removed afterwards.", ""]
    why = compare_why.section(rows, workers, context)
    with open(os.path.join(outdir, "compare-why.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(why) + "\n")
    parts += why
    for group in dict.fromkeys(r["group"] for r in rows):
        parts += group_md(rows, group)
    verify = os.path.join(outdir, "compare-verify.txt")
    if os.path.exists(verify):
        with open(verify, encoding="utf-8") as f:
            parts += ["## Verification", "", "```", f.read().rstrip(), "```", ""]
    with open(os.path.join(outdir, "compare.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def read_dbf(path):
    """(fields, records): fields as (name, type, length, decimals, offset) from the header."""
    with open(path, "rb") as f:
        data = f.read()
    nrec = struct.unpack("<I", data[4:8])[0]
    hlen, rlen = struct.unpack("<HH", data[8:12])
    fields, pos, off = [], 32, 1
    while pos + 32 <= hlen and data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("latin-1")
        length, dec = data[pos + 16], data[pos + 17]
        fields.append((name, chr(data[pos + 11]), length, dec, off))
        off += length
        pos += 32
    records = [data[hlen + i * rlen:hlen + (i + 1) * rlen] for i in range(nrec)]
    return fields, records


def column(fields, records, name):
    """The raw bytes of the field called name (any case) in every record; None if absent."""
    hits = [f for f in fields if f[0].upper() == name.upper()]
    if len(hits) != 1:
        return None
    _, _, length, _, off = hits[0]
    return [r[off:off + length] for r in records]


def compare_file(in_path, out_path, counts):
    """Adds one file's differences to counts; returns a problem message or None."""
    fin, rin = read_dbf(in_path)
    fout, rout = read_dbf(out_path)
    if len(rin) != len(rout):
        return "%s: %d records, input had %d" % (out_path, len(rout), len(rin))
    for key in ("TYPE", "NAME"):
        if column(fout, rout, key) is None:
            return "%s: not exactly one %s field" % (out_path, key)
    for name, ftype, length, dec, _ in fin:
        if name.upper() in ("TYPE", "NAME"):
            continue
        after = [f for f in fout if f[0] == name]
        if not after:
            counts.setdefault("lost fields", []).append(name)
            continue
        if after[0][1:4] != (ftype, length, dec):
            counts.setdefault("redefined fields", []).append(name)
        a, b = column(fin, rin, name), column(fout, rout, name)
        if a == b:
            continue
        for x, y in zip(a, b):
            if x == y:
                continue
            key = "re-padded values" if x.strip() == y.strip() else "changed values"
            counts[key] = counts.get(key, 0) + 1
            if key == "changed values" and "example" not in counts:
                counts["example"] = "%s: %r -> %r" % (name, x.strip().decode("latin-1"),
                                                       y.strip().decode("latin-1"))
    return None


def type_name(path):
    """The TYPE and NAME values (trailing blanks trimmed) and the two fields' widths."""
    fields, records = read_dbf(path)
    values = [[v.rstrip(b" ") for v in column(fields, records, key) or []]
              for key in ("TYPE", "NAME")]
    widths = [f[2] for key in ("TYPE", "NAME") for f in fields if f[0].upper() == key]
    return values, widths


def compare_type_name(first, out, names):
    """1 when the TYPE/NAME values of the two output folders differ; widths only noted."""
    values_differ, widths = 0, []
    for n in names:
        (va, wa), (vb, wb) = type_name(os.path.join(first, n)), type_name(os.path.join(out, n))
        values_differ += va != vb
        if wa != wb:
            widths.append("%s (%s vs %s)" % (n, wa, wb))
    print("TYPE and NAME values of %s and %s: %s%s" % (
        os.path.basename(first), os.path.basename(out),
        "identical" if not values_differ else "DIFFERENT in %d files" % values_differ,
        "; field widths differ in " + ", ".join(widths) if widths else ""))
    return 1 if values_differ else 0


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def compare_dirs(indir, outdirs):
    """Prints what every output did to the other fields and whether TYPE/NAME agree."""
    names = sorted(f for f in os.listdir(indir) if f.lower().endswith(".dbf"))
    problems = 0
    for out in outdirs:
        counts = {}
        for name in names:
            msg = compare_file(os.path.join(indir, name), os.path.join(out, name), counts)
            if msg:
                print("PROBLEM " + msg)
                problems += 1
        for name in sorted(os.listdir(indir)):
            if os.path.splitext(name)[1].lower() in (".shp", ".shx") and not same_bytes(
                    os.path.join(indir, name), os.path.join(out, name)):
                counts["rewritten .shp/.shx"] = counts.get("rewritten .shp/.shx", 0) + 1
        summary = ", ".join("%s %s" % (v if isinstance(v, int) else len(v), k)
                            for k, v in counts.items() if k != "example") or "none"
        print("%s: %d files; other fields and geometry: %s%s" % (
            os.path.basename(out), len(names), summary,
            "; e.g. " + counts["example"] if "example" in counts else ""))
    first = outdirs[0]
    for out in outdirs[1:]:
        problems += compare_type_name(first, out, names)
    return 1 if problems else 0


def main(argv):
    if len(argv) == 5 and argv[1] == "table":
        rows = load_manifest(argv[2])
        write_csv(rows, os.path.join(argv[3], "compare.csv"))
        write_md(rows, argv[3], int(argv[4]))
        return 0
    if len(argv) == 4 and argv[1] == "spawn-json":
        return spawn_json(argv[2], argv[3])
    if len(argv) >= 4 and argv[1] == "dbf":
        return compare_dirs(argv[2], argv[3:])
    print("usage:\n" + "\n".join(__doc__.splitlines()[2:6]), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make_seeds.py: writes the fuzz seed corpus (tests/fuzz/corpus/), kept small so that
libFuzzer mutates headers and records rather than bulk data:

- dbf/: every .dbf of the given folders (e.g. `forkomp gen --class odd` and `--class S`
  output) cut to its header and first 3 records, plus its trailing bytes; and hand-made
  headers the generator does not write: Visual FoxPro with field displacements, a backlink
  and a _NullFlags field, a Clipper-style long character field, no fields at all, an
  unterminated header, deleted records;
- cli/: command lines, one word per line, as fuzz_cli.c reads them.

usage: make_seeds.py OUTDIR DBF_FOLDER...   (OUTDIR is tests/fuzz/corpus)
"""
import os
import struct
import sys


def cut(data, keep=3):
    nrec, hlen, rlen = struct.unpack_from("<IHH", data, 4)
    end = hlen + nrec * rlen
    trailer = data[end:end + 1] if len(data) > end else b""
    n = min(nrec, keep)
    out = bytearray(data[:hlen + n * rlen]) + trailer
    struct.pack_into("<I", out, 4, n)
    return bytes(out)


def desc(name, ftype, width, dec=0, disp=0):
    d = bytearray(32)
    d[0:len(name)] = name.encode()
    d[11] = ord(ftype)
    struct.pack_into("<I", d, 12, disp)
    d[16], d[17] = width & 0xFF, dec
    return bytes(d)


def dbf(version, fields, records, extra=b"", eof=True, ldid=0x57):
    """fields: (name, type, width, dec); records: the bytes after the deletion flag, or
    (b"*", bytes) for a deleted record."""
    rlen = 1 + sum(f[2] + (256 * f[3] if f[1] not in "NF" else 0) for f in fields)
    hlen = 32 + 32 * len(fields) + 1 + len(extra)
    head = bytearray(32)
    head[0] = version
    head[1:4] = bytes([124, 11, 25])
    struct.pack_into("<IHH", head, 4, len(records), hlen, rlen)
    head[29] = ldid
    off, body = 1, b""
    for name, ftype, width, dec in fields:
        body += desc(name, ftype, width, dec, off if version == 0x30 else 0)
        off += width + (256 * dec if ftype not in "NF" else 0)
    recs = b"".join(r[0] + r[1] if isinstance(r, tuple) else b" " + r for r in records)
    return bytes(head) + body + b"\r" + extra + recs + (b"\x1a" if eof else b"")


def handmade():
    yield "vfp_nullflags", dbf(0x30, [("ID", "I", 4, 0), ("TYPE", "C", 5, 0),
                                      ("_NullFlags", "0", 1, 0)],
                               [b"\x01\x00\x00\x00abcde\x00", (b"*", b"\x02\x00\x00\x00fghij\x01")],
                               extra=b"\x00" * 263)
    yield "vfp_plain", dbf(0x30, [("NAME", "C", 3, 0), ("V", "N", 5, 2)],
                           [b"abc12.50", b"xyz 0.01"], extra=b"\x00" * 263)
    yield "long_char", dbf(0x03, [("MEMO", "C", 44, 1)], [b"x" * 300])
    yield "no_fields", dbf(0x03, [], [b"", b""])
    yield "deleted", dbf(0x03, [("type", "N", 4, 0), ("Name", "C", 6, 0), ("K", "L", 1, 0)],
                         [(b"*", b"   1abcdefT"), b"   2ghijklF", (b"*", b"   3mnopqr?")])
    yield "dbase4_dates", dbf(0x8B, [("D", "D", 8, 0), ("F", "F", 10, 3)],
                              [b"20261125   1.5000", b"        **********"], eof=False)
    t = bytearray(dbf(0x03, [("A", "C", 2, 0)], [b"ab"]))
    t[64] = 0x20  # no terminator
    yield "unterminated", bytes(t)


CLI = {
    "primes": "--models\nserial,fork,omp,hybrid\n--workers\n1,2,4\n--reps\n3\n--warmup\n0",
    "timeout": "--timeout\n2.5\n--fault\nhang:3\n--schedule\ndynamic\n--chunk\n4",
    "equals": "--workers=8,64\n--procs=2\n--csv=out.csv\n--quiet\n--pin",
    "shapefiles": "--class\nodd\n--variant\nraw\n--in-place\n--dir\n/tmp/x\n--seed\n42",
    "gen": "--class\nW\n--out\nDIR\n--seed\n4294967295",
    "report": "a.csv\nb.csv\n--out\nresults/compare\n--help",
    "numbers": "18446744073709551615\n-0\n1e308\n0x10\n 5\n+5\n1,,2\n007\nnan\ninf",
    "bad": "--workers\n0\n--reps\n-3\n--timeout\n0\n--chunk\n1e3\n--models\n,,",
}


def main():
    out, folders = sys.argv[1], sys.argv[2:]
    os.makedirs(os.path.join(out, "dbf"), exist_ok=True)
    os.makedirs(os.path.join(out, "cli"), exist_ok=True)
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            if name.lower().endswith(".dbf"):
                with open(os.path.join(folder, name), "rb") as f:
                    data = f.read()
                seed = os.path.basename(folder) + "_" + name.encode("ascii", "replace").decode()
                with open(os.path.join(out, "dbf", seed.replace("?", "_").replace(" ", "_")),
                          "wb") as f:
                    f.write(cut(data))
    for name, data in handmade():
        with open(os.path.join(out, "dbf", name + ".dbf"), "wb") as f:
            f.write(data)
    for name, text in CLI.items():
        with open(os.path.join(out, "cli", name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: MIT
# big_shp.py OUT_BASE NREC: writes OUT_BASE.shp/.shx/.dbf, a point shapefile of NREC null
# shapes whose .dbf has ID N(10) and TXT C(10): a file large enough that an in-place rewrite
# lasts a while, so that another program can act during it (inplace_locks.sh).
import struct
import sys

base, nrec = sys.argv[1], int(sys.argv[2])
rec_words = 2  # a null shape: 4 bytes of content
shp_len = 100 + nrec * (8 + 4)
shx_len = 100 + nrec * 8


def header(length):
    return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length // 2) +
            struct.pack("<2i", 1000, 1) + struct.pack("<8d", *([0.0] * 8)))


with open(base + ".shp", "wb") as f:
    f.write(header(shp_len))
    f.write(b"".join(struct.pack(">2i", i + 1, rec_words) + struct.pack("<i", 0)
                     for i in range(nrec)))
with open(base + ".shx", "wb") as f:
    f.write(header(shx_len))
    f.write(b"".join(struct.pack(">2i", (100 + i * 12) // 2, rec_words) for i in range(nrec)))
fields = [(b"ID", b"N", 10), (b"TXT", b"C", 10)]
reclen = 1 + sum(w for _, _, w in fields)
hlen = 32 + 32 * len(fields) + 1
with open(base + ".dbf", "wb") as f:
    f.write(struct.pack("<4BIHH20x", 3, 126, 1, 1, nrec, hlen, reclen))
    for name, kind, width in fields:
        f.write(name.ljust(11, b"\0") + kind + b"\0" * 4 + bytes([width, 0]) + b"\0" * 14)
    f.write(b"\r")
    f.write(b"".join(b" " + str(i).rjust(10).encode() + b"text".ljust(10) for i in range(nrec)))
    f.write(b"\x1a")

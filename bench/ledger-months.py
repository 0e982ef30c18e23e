#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ledger-months.py -- make a year of AW320 months for bench/ledger.sh from one AW320.

Usage: ledger-months.py STANDARD_TSV IN.aw320 YEAR OUTDIR

Writes OUTDIR/month01.aw320 .. month12.aw320: copies of IN with the invoice (0116) set to
BYYYY-MM, the dates of the 01 (0114/0115) and the 04s (0414/0415) moved to that month
(the day kept, or the month's last day when the month is shorter), and the year and month in
the references 0431/0432 (bench/gen.c writes R202303-0000001) set to it, so every month has
references of its own, as real months do.  Amounts and totals are
unchanged, so every copy is a valid AW320 of its own invoice.  Field positions come from the
AW320 layout table (standard/aw320-v1.3.tsv)."""
import calendar
import os
import sys


def positions(tsv):
    pos = {}
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("record\t"):
                continue
            c = line.rstrip("\n").split("\t")
            pos[c[3]] = (int(c[6]) - 1, int(c[7]))
    return pos


def main():
    tsv, src, year, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    p = positions(tsv)
    with open(src, "rb") as f:
        data = f.read()
    reclen = data.index(b"\r\n") + 2
    if len(data) % reclen:
        sys.exit("%s: not fixed-width records of %d bytes" % (src, reclen))
    os.makedirs(out, exist_ok=True)
    fields01 = [p["0114"][0], p["0115"][0]]
    fields04 = [p["0414"][0], p["0415"][0]]
    fs, fn = p["0116"]
    refs = [p["0431"][0], p["0432"][0]]
    for m in range(1, 13):
        last = calendar.monthrange(year, m)[1]
        buf = bytearray(data)
        ym = b"%04d%02d" % (year, m)
        for o in range(0, len(buf), reclen):
            kind = buf[o:o + 2]
            if kind == b"04":
                fields = fields04
                for s in refs:  # R202303-0000001 -> R2023MM-0000001: each month its own references
                    q = o + s
                    if buf[q + 1:q + 5].isdigit():
                        buf[q + 1:q + 7] = ym
            elif kind == b"01":
                fields = fields01
                buf[o + fs:o + fs + fn] = (b"B%04d-%02d" % (year, m)).ljust(fn)
            else:
                continue
            for s in fields:  # a date CCYYMMDD: the month moved, the day kept or clamped
                q = o + s
                if buf[q:q + 8] == b"00000000":
                    continue
                buf[q:q + 6] = ym
                if int(buf[q + 6:q + 8]) > last:
                    buf[q + 6:q + 8] = b"%02d" % last
        with open(os.path.join(out, "month%02d.aw320" % m), "wb") as f:
            f.write(buf)


if __name__ == "__main__":
    main()

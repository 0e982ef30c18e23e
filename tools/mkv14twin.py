#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkv14twin.py — write the v1.4 twin of a v1.3 AW319 file as billing software writes it: 0104 = 04,
0424 = 00000 where it was 10000, 0407 = 1, 0420 a real AGB code where it was zeros, 0223 = 2 where
absent, voorletters without dots, a postcode where 0217 and 0218 are blank.  The content is
otherwise untouched, so the twin must get the same retourcodes as the original.
A developer tool (fixtures/cases/example-v14-refdata-csv); usage: mkv14twin.py IN OUT"""
import sys


def put(rec, pos, value):
    return rec[:pos - 1] + value + rec[pos - 1 + len(value):]


def twin(rec):
    t = rec[:2]
    if t == b"01":
        rec = put(rec, 8, b"04")
    elif t == b"02":
        if rec[180:181] == b"0":
            rec = put(rec, 181, b"2")
        ini = bytes(c for c in rec[134:140] if c not in b". ").ljust(6)
        rec = put(rec, 135, ini)
        if rec[141:156].strip() == b"":
            rec = put(rec, 142, b"1234AB")
    elif t == b"04":
        if rec[57:58] == b"0":
            rec = put(rec, 58, b"1")
        if rec[135:143] == b"00000000":
            rec = put(rec, 136, b"03012345")
        if rec[159:164] == b"10000":
            rec = put(rec, 160, b"00000")
    return rec


def main(src, dst):
    data = open(src, "rb").read()
    lines = data.split(b"\r\n")
    out = [twin(l) if len(l) == 310 else l for l in lines]
    open(dst, "wb").write(b"\r\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

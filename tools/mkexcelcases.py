#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkexcelcases.py — write the excel-* fixture cases: the reference data of example-refdata-csv
saved the way Excel NL saves it, so each case must give exactly the example's output.
  excel-utf16-sep     "CSV" saved as UTF-16LE with BOM: first line `sep=;`, CR LF, dates
                      d-m-yyyy without leading zeros, tarieven as `€ 139,95`, percentages
                      `50%` / `100,00%`;
  excel-unicode-text  "Unicode-tekst": UTF-16LE with BOM, tab-separated, CR LF, the same dates,
                      tarieven `139,95`, percentages as whole numbers `50` / `100`;
  excel-utf16be       UTF-16BE with BOM, `sep=,`, CR LF, the koppeltabel quoting its names.
A developer tool: the generated files are committed.  Usage: tools/mkexcelcases.py"""
import os
import re
import shutil

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(TOP, "fixtures", "cases")
SRC = os.path.join(CASES, "example-refdata-csv")
FILES = ("koppeltabel.csv", "tarieven.csv", "toewijzingen.csv")


def rows(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return [line.rstrip("\n").split(";") for line in f if line.strip()]


def excel_date(v):
    """2015-01-01 or 01-01-2023 -> 1-1-2015 (Excel NL's d-m-jjjj)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v) or None
    if m:
        y, mo, d = m.groups()
    else:
        m = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", v)
        if not m:
            return v
        d, mo, y = m.groups()
    return "%d-%d-%s" % (int(d), int(mo), y)


def convert(name, table, pct, money):
    head = table[0]
    out = [head]
    for r in table[1:]:
        r = list(r)
        for i, col in enumerate(head):
            if col in ("ingangsdatum", "einddatum"):
                r[i] = excel_date(r[i])
            elif col == "percentage" and r[i]:
                r[i] = pct(int(r[i]))
            elif col == "tarief":
                r[i] = money(r[i])
        out.append(r)
    return out


def write(case, name, lines, encoding):
    data = "\ufeff" + "".join(line + "\r\n" for line in lines)
    with open(os.path.join(CASES, case, name), "wb") as f:
        f.write(data.encode(encoding))


def case(name):
    d = os.path.join(CASES, name)
    os.makedirs(d, exist_ok=True)
    for f in ("input.asc", "args"):
        shutil.copyfile(os.path.join(SRC, f), os.path.join(d, f))


def main():
    case("excel-utf16-sep")
    for name in FILES:
        t = convert(name, rows(name), lambda v: "50%" if v == 5000 else "%d,%02d%%" % (v // 100, v % 100),
                    lambda v: "€ " + v)
        write("excel-utf16-sep", name, ["sep=;"] + [";".join(r) for r in t], "utf-16-le")
    case("excel-unicode-text")
    for name in FILES:
        t = convert(name, rows(name), lambda v: str(v // 100), lambda v: v)
        write("excel-unicode-text", name, ["\t".join(r) for r in t], "utf-16-le")
    case("excel-utf16be")
    for name in FILES:
        t = convert(name, rows(name), lambda v: "%d%%" % (v // 100), lambda v: '"€ ' + v + '"')
        lines = [",".join('"%s"' % c if name == "koppeltabel.csv" else c for c in r) for r in t]
        write("excel-utf16be", name, ["sep=,"] + lines, "utf-16-be")


if __name__ == "__main__":
    main()

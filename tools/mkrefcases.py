#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkrefcases.py — write the input.asc, args and reference CSVs of the reference-data fixture
cases (rules R1-R11 and malformed reference data) in fixtures/cases/, with the helpers of
mkfixtures.py.  A developer tool: the generated files are committed; expectations come from
`UPDATE=1 make check` and are reviewed by hand.  Usage: tools/mkrefcases.py [CASE...]"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkfixtures import File, TOP  # noqa: E402

ARGS = "-k koppeltabel.csv -t tarieven.csv -w toewijzingen.csv\n"

KOPPEL = """prestatiecode;omschrijving;leveringsvorm;zzp;functie;eenheid;ingangsdatum;einddatum
H126;MPT 31;MPT;;31;04;2015-01-01;
H136;MPT 41;MPT;;41;04;2015-01-01;
V754;VPT 754;VPT;754;;14;2015-01-01;
Z755;ZZP 755;ZZP;755;;14;2015-01-01;
Z756;ZZP 756;ZZP;756;;14;2015-01-01;
Z806;ZZP 806;ZZP;806;;14;2015-01-01;
"""
TARIEVEN = """prestatiecode;omschrijving;ingangsdatum;einddatum;tarief
H126;fictief;01-01-2023;30-06-2023;54,58
H136;fictief;01-01-2023;30-06-2023;55,83
V754;fictief;01-01-2023;30-06-2023;189,02
Z755;fictief;01-01-2023;30-06-2023;145,96
Z756;fictief;01-01-2023;30-06-2023;139,95
Z806;fictief;01-01-2023;15-03-2023;214,00
Z806;fictief;16-03-2023;30-06-2023;215,37
"""
TOEW = """bsn;leveringsvorm;zzp;functie;klasse;percentage;instelling;ingangsdatum;einddatum
812047436;ZZP;756;;;;41009876;2022-08-17;
607491103;MPT;;41;K2;;41009876;2022-11-06;
"""

CASES = {}


def case(name, koppel=KOPPEL, tarieven=TARIEVEN, toew=TOEW, args=ARGS):
    def deco(fn):
        CASES[name] = (fn, {"koppeltabel.csv": koppel, "tarieven.csv": tarieven,
                            "toewijzingen.csv": toew}, args)
        return fn
    return deco


def one(**kw):
    """01, one 02 (BSN 812047436) with one 04 (Z756 March 2023 unless changed), 99."""
    f = File()
    f.header()
    f.client(bsn=kw.pop("bsn", "812047436"))
    f.prestatie(**kw)
    f.trailer()
    return f.bytes()


@case("r1-unknown-prestatiecode")
def _():
    return one(code="Z999", tarief=1)  # R1 gates R2-R11 (no R4/R6 for the tarief either)


@case("r2-zzp-not-allowed", args="-k koppeltabel.csv -t tarieven.csv\n")
def _():
    return one(zzp="755")


@case("r3-eenheid")
def _():
    return one(eenheid="16")


@case("r4-no-tarief", tarieven=TARIEVEN.replace("Z756;fictief;01-01-2023;30-06-2023;139,95\n", ""))
def _():
    return one()


@case("r5-two-tariff-periods",
      toew=TOEW + "812047436;ZZP;806;;;;41009876;2022-08-17;\n")
def _():
    return one(code="Z806", zzp="806", tarief=21400)


@case("r6-tarief")
def _():
    return one(tarief=13996)


@case("r7-no-toewijzing")
def _():
    return one(bsn="360859422")


@case("r8-leveringsvorm", toew=TOEW.replace("812047436;ZZP;756", "812047436;VPT;756"))
def _():
    return one()


@case("r9-not-covered", toew=TOEW.replace("2022-08-17", "2023-03-10"))
def _():
    return one()


@case("r10-percentage", toew=TOEW.replace(";;;;41009876;2022-08-17", ";;;5000;41009876;2022-08-17"))
def _():
    return one()


@case("r10-zero-percentage", toew=TOEW.replace(";;;;41009876;2022-08-17", ";;;5000;41009876;2022-08-17"))
def _():
    # 0424 = 00000 is 100 % (the published value): above a toewijzing of 50 %
    return one(pct=0)


@case("r10-zero-percentage-v14", toew=TOEW.replace(";;;;41009876;2022-08-17", ";;;5000;41009876;2022-08-17"))
def _():
    f = File(v14=True)
    f.header()
    f.client(bsn="812047436")
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("r11-mpt-volume")
def _():
    f = File()
    f.header()
    f.client(bsn="607491103")
    # K2 = 4 hours a week: March allows 31 x 240 / 7 = 1062 minutes; 20 hours is 1200
    f.prestatie(code="H136", zzp="000", functie="41", aantal=20, eenheid="04", tarief=5583)
    f.trailer()
    return f.bytes()


@case("refdata-bad-koppeltabel", koppel=KOPPEL + "Z760;ZZP 760;ZZP;760;;15;2015-01-01;\n")
def _():
    return one()


@case("refdata-overlap-tarieven",
      tarieven=TARIEVEN + "Z756;fictief;01-06-2023;31-12-2023;143,46\n")
def _():
    return one()


@case("refdata-bad-toewijzingen", toew=TOEW + "812047436;ZZP;756;;;100%;41009876;2023-01-01;\n")
def _():
    return one()


@case("refdata-money-ambiguous", tarieven=TARIEVEN.replace("139,95", "1.399"))
def _():
    return one()


def main(names):
    for name in names or sorted(CASES):
        fn, files, args = CASES[name]
        d = os.path.join(TOP, "fixtures", "cases", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "input.asc"), "wb") as o:
            o.write(fn())
        with open(os.path.join(d, "args"), "w") as o:
            o.write(args)
        for fname, text in files.items():
            if fname in args.split():
                with open(os.path.join(d, fname), "w", encoding="utf-8") as o:
                    o.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkfixtures.py — write the input.asc (and args) of the core rule fixture cases in
fixtures/cases/ from short descriptions, using the AW319 layout in standard/.

A developer tool: the generated files are committed; the build and the tests never run it.
Expectations (expected.diag/.exit/.aw320) come from `UPDATE=1 make check` and are reviewed
by hand.  Usage: tools/mkfixtures.py [CASE...]"""
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYOUT = {}
for line in open(os.path.join(TOP, "standard", "aw319-v1.3.tsv"), encoding="utf-8"):
    if line.startswith("#") or line.startswith("record\t"):
        continue
    c = line.rstrip("\n").split("\t")
    LAYOUT.setdefault(c[0], []).append((c[3], c[5], int(c[6]) - 1, int(c[7])))


def elf_ok(b):
    s = sum(int(b[i]) * (9 - i) for i in range(8)) - int(b[8])
    return s % 11 == 0


def bsns():
    n = 100000000
    while True:
        n += 7
        b = "%09d" % n
        if elf_ok(b):
            yield b


def record(rtype, values, raw=None):
    """A 310-byte record from {field_id: value}; raw = {1-based pos: bytes} overrides."""
    rec = bytearray(b" " * 310)
    for fid, typ, pos, ln in LAYOUT[rtype]:
        v = values.get(fid)
        if typ == "N":
            s = "0" * ln if v is None else v.rjust(ln, "0") if v.isdigit() else v
        else:
            s = (v or "").ljust(ln)
        b = s.encode("latin-1") if isinstance(s, str) else s
        assert len(b) == ln, (fid, s)
        rec[pos:pos + ln] = b
    for p, b in (raw or {}).items():
        rec[p - 1:p - 1 + len(b)] = b
    return bytes(rec)


HEADER = {"0101": "01", "0102": "187", "0103": "01", "0104": "03", "0105": "P", "0106": "123456",
          "0107": "gen1.0", "0108": "5526", "0112": "41009876", "0113": "04", "0114": "20230301",
          "0115": "20230331", "0116": "F2023033615", "0117": "20230405", "0119": "EUR"}


# What billing software writes in a v1.4 file where our v1.3 fixtures leave the default: the values
# the published v1.4 table demands (0407 = 1, 0424 = 00000, 0223 = 2, voorletters without dots, a
# postcode, a real AGB code in 0420).
V14_HEADER = {"0104": "04"}
V14_CLIENT = {"0215": "JP", "0217": "1234AB", "0223": "2"}
V14_PRESTATIE = {"0407": "1", "0420": "03012345", "0424": "00000"}


class File:
    def __init__(self, v14=False):
        self.recs = []          # (type, bytes, ending)
        self.id = 0
        self.bsn = bsns()
        self.ref = 0
        self.v14 = v14

    def add(self, rtype, data, ending=b"\r\n"):
        self.recs.append((rtype, data, ending))

    def header(self, **kw):
        v = dict(HEADER)
        if self.v14:
            v.update(V14_HEADER)
        v.update({k[1:]: x for k, x in kw.items() if k.startswith("f")})
        self.add("01", record("01", v, kw.get("raw")))

    def client(self, bsn=None, **kw):
        self.id += 1
        self.cur = bsn or next(self.bsn)
        v = {"0201": "02", "0202": str(self.id), "0203": self.cur, "0204": "5526",
             "0207": "19411212", "0208": "2", "0209": "1", "0210": "Visser", "0215": "J.P.",
             "0221": "NL"}
        if self.v14:
            v.update(V14_CLIENT)
        v.update({k[1:]: x for k, x in kw.items() if k.startswith("f")})
        self.add("02", record("02", v, kw.get("raw")), kw.get("ending", b"\r\n"))

    def prestatie(self, code="Z756", zzp="756", functie="00", begin="20230301", end="20230331",
                  aantal=31, eenheid="14", pct=None, tarief=13995, dc="D", bedrag=None, ref=None,
                  prev="", **kw):
        self.id += 1
        self.ref += 1
        if pct is None:
            pct = 0 if self.v14 else 10000
        berekend = (aantal * tarief * (pct or 10000) + 5000) // 10000
        v = {"0401": "04", "0402": str(self.id), "0403": kw.pop("bsn", self.cur), "0404": "5526",
             "0412": functie, "0413": zzp, "0414": begin, "0415": end, "0416": "055", "0417": code,
             "0418": str(aantal), "0419": eenheid, "0424": str(pct), "0425": str(tarief),
             "0426": str(berekend), "0427": dc, "0428": "0000",
             "0429": str(berekend if bedrag is None else bedrag), "0430": dc,
             "0431": ref or "R202303-%07d" % self.ref, "0432": prev}
        if self.v14:
            v.update({k: x for k, x in V14_PRESTATIE.items() if k != "0424"})
        v.update({k[1:]: x for k, x in kw.items() if k.startswith("f")})
        self.add("04", record("04", v, kw.get("raw")), kw.get("ending", b"\r\n"))

    def comment(self, text="Toelichting", line=1):
        self.id += 1
        self.add("98", record("98", {"9801": "98", "9802": str(self.id), "9803": str(line),
                                     "9804": text}))

    def trailer(self, **kw):
        cnt = {t: sum(1 for r in self.recs if r[0] == t) for t in ("02", "03", "04", "98")}
        total = 0
        for t, data, _ in self.recs:
            if t == "04" and len(data) >= 194 and data[185:193].isdigit():
                total += int(data[185:193]) * (-1 if data[193:194] == b"C" else 1)
        v = {"9901": "99", "9902": str(cnt["02"]), "9903": str(cnt["03"]), "9904": str(cnt["04"]),
             "9905": str(cnt["98"]), "9906": str(sum(cnt.values())), "9907": str(abs(total)),
             "9908": "C" if total < 0 else "D"}
        v.update({k[1:]: x for k, x in kw.items() if k.startswith("f")})
        self.add("99", record("99", v, kw.get("raw")), kw.get("ending", b"\r\n"))

    def bytes(self):
        return b"".join(d + e for _, d, e in self.recs)


def basic(f=None, clients=2):
    f = f or File()
    f.header()
    for _ in range(clients):
        f.client()
        f.prestatie()
    return f


CASES = {}


def case(name, args=""):
    def deco(fn):
        CASES[name] = (fn, args)
        return fn
    return deco


@case("clean-basic")
def _():
    f = basic(clients=3)
    f.trailer()
    return f.bytes()


@case("clean-comments")
def _():
    f = File()
    f.header()
    f.comment("Toelichting bij de declaratie", 1)
    f.client()
    f.prestatie()
    f.comment("Opname 1 maart", 1)
    f.comment("tweede regel met é en ü in ISO-8859-1", 2)
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("clean-credits")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(dc="C", ref="R202303-C000001", prev="R202302-0000001", begin="20230301",
                end="20230310", aantal=10)
    f.prestatie(begin="20230301", end="20230310", aantal=10)
    f.client()
    f.prestatie(zzp="755", code="Z755", tarief=14596, aantal=31)
    f.trailer()
    return f.bytes()


@case("clean-v14")
def _():
    # a v1.4 file as billing software writes it: accepted, like its v1.3 twin clean-credits
    f = File(v14=True)
    f.header()
    f.comment("Toelichting bij de declaratie", 1)
    f.client()
    f.prestatie(dc="C", ref="R202303-C000001", prev="R202302-0000001", begin="20230301",
                end="20230310", aantal=10)
    f.prestatie(begin="20230301", end="20230310", aantal=10)
    f.client(f0212="2", f0213="Jansen", f0218="", f0221="NL")
    f.prestatie(zzp="755", code="Z755", tarief=14596, aantal=31)
    f.client(f0217="", f0218="B-1000", f0221="BE")     # abroad: postcode buitenland
    f.prestatie(eenheid="07", aantal=12, code="Z756")   # 07 (5 minutes) is in the v1.4 list
    f.client(f0203="999999999")                         # the published dummy BSN
    f.prestatie(bsn="999999999")
    f.trailer()
    return f.bytes()


@case("v9-published-01")
def _():
    # header: 0107 without 0106, a servicebureau code outside its pattern, a BTW number not
    # NL#########B##, a praktijkcode without zorgverlenerscode
    f = File(v14=True)
    f.header(f0106="000000", f0107="gen1.0", f0109="12345678", f0111="01000001",
             f0118="NL12345678B01")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("v9-published-02")
def _():
    # one client per published pattern or condition of the verzekerdenrecord
    f = File(v14=True)
    f.header()
    for kw in ({"f0208": "0"}, {"f0209": "2"}, {"f0212": "1"}, {"f0215": "J.P."}, {"f0216": "5"},
               {"f0217": "0234AB"}, {"f0221": "N1"}, {"f0223": "0"}, {"f0223": "3"},
               {"f0212": "2"}, {"f0213": "Jansen"}, {"f0210": " Visser"}, {"f0217": "", "f0221": ""},
               {"f0211": "0000000000"}):
        f.client(**kw)
        f.prestatie()
    f.trailer()
    return f.bytes()


@case("v9-published-04")
def _():
    # one prestatie per published pattern or condition of the prestatierecord
    f = File(v14=True)
    f.header()
    f.client()
    for kw in ({"f0407": "0"}, {"f0407": "2"}, {"f0416": "056"}, {"eenheid": "11"},
               {"eenheid": "02"}, {"f0420": "00000000"}, {"f0420": "00123456"}, {"f0421": "0001"},
               {"f0423": "0001"}, {"f0406": "M123"}, {"ref": " R2"}, {"code": " Z75"},
               {"f0422": "00000001"}):
        f.prestatie(**kw)
    f.trailer()
    return f.bytes()


@case("v3-published-dates", "-d 2023-04-05")
def _():
    # 0414/0415 after 2012-12-31 and not after the submission date; 0207 and 0114 not after it
    f = File(v14=True)
    f.header(f0114="20230301", f0117="20230406")
    f.client(f0207="20230410")
    f.prestatie()
    f.client()
    f.prestatie(begin="20121231", end="20121231", aantal=1)
    f.prestatie(begin="20230301", end="20230406", aantal=37)
    f.trailer()
    return f.bytes()


@case("v8-verrekenpercentage")
def _():
    # a v1.4 file with a verrekenpercentage: a warning without retourcode, read as a percentage
    f = File(v14=True)
    f.header()
    f.client()
    f.prestatie(pct=10000)
    f.prestatie(pct=5000, begin="20230301", end="20230301", aantal=1, code="Z755", zzp="755",
                tarief=14596)
    f.trailer()
    return f.bytes()


@case("v8-controlset-reject", "-c v8-reject.xml")
def _():
    f = File(v14=True)
    f.header()
    f.client()
    f.prestatie(pct=10000)
    f.trailer()
    return f.bytes()


@case("nulbedrag")
def _():
    # 0425, 0426 and 0429 all zero is a bilaterally agreed nulbedrag (v1.3 and v1.4 alike);
    # one of them zero is not
    f = File()
    f.header()
    f.client()
    f.prestatie(tarief=0)
    f.prestatie(tarief=0, bedrag=433845, begin="20230301", end="20230301", aantal=1, code="Z755",
                zzp="755")
    f.trailer()
    return f.bytes()


@case("nulbedrag-v14")
def _():
    f = File(v14=True)
    f.header()
    f.client()
    f.prestatie(tarief=0)
    f.prestatie(bedrag=0, begin="20230301", end="20230301", aantal=1, code="Z755", zzp="755",
                tarief=14596)
    f.trailer()
    return f.bytes()


@case("verrekenpercentage-zero-v13")
def _():
    # 00000 in a v1.3 file: 100 %, no finding; I6 computes with 10000
    f = File()
    f.header()
    f.client()
    f.prestatie(pct=0)
    f.trailer()
    return f.bytes()


@case("s5-zorgverzekeraar")
def _():
    # 428: an AW319 for a zorgverzekeraar (wijkverpleging, eerstelijnsverblijf)
    f = File(v14=True)
    f.header(f0102="428")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s5-other-message")
def _():
    # another EI message: one finding, not one S1 per record
    f = File()
    f.header(f0102="999")
    f.client()
    f.prestatie()
    f.trailer()
    return b"".join(d + b" " * 60 + e for _, d, e in f.recs)


@case("s1-bad-debet-credit")
def _():
    # a 04 five bytes short: its bytes at 0429/0430 are not those fields, so the AW320 leaves
    # 0484 blank and the summary does not count them as ingediend
    f = File()
    f.header()
    f.client()
    f.prestatie()
    f.id += 1
    f.ref += 1
    rec = record("04", {"0401": "04", "0402": str(f.id), "0403": f.cur, "0404": "5526",
                        "0413": "756", "0414": "20230301", "0415": "20230331", "0416": "055",
                        "0417": "Z756", "0418": "31", "0419": "14", "0424": "10000",
                        "0425": "13995", "0426": "433845", "0427": "D", "0429": "433845",
                        "0430": "D", "0431": "R202303-X"})
    f.add("04", rec[:100] + rec[105:])
    f.trailer()
    return f.bytes()


@case("s1-short-record")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie()
    f.id += 1
    f.cur = next(f.bsn)
    f.add("02", record("02", {"0201": "02", "0202": str(f.id), "0203": f.cur, "0204": "5526",
                              "0207": "19411212", "0208": "2", "0209": "1", "0210": "Visser",
                              "0221": "NL"})[:309])
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s1-utf8-record")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie()
    f.client()
    rtype, data, end = f.recs[-1]
    # the name written as UTF-8 (ü = 2 bytes): the record grows to 311 bytes
    data = data[:63] + "Müller".encode("utf-8") + data[63 + 6:]
    f.recs[-1] = (rtype, data, end)
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s1-cr-line-ends")
def _():
    f = basic(clients=1)
    f.trailer()
    return f.bytes().replace(b"\r\n", b"\r")


@case("s2-bare-lf")
def _():
    f = File()
    f.header()
    f.client(ending=b"\n")
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s2-empty-line")
def _():
    f = basic(clients=1)
    f.trailer()
    b = f.bytes()
    return b[:312 * 2] + b"\r\n" + b[312 * 2:]


@case("s2-no-final-crlf")
def _():
    f = basic(clients=1)
    f.trailer(ending=b"")
    return f.bytes()


@case("s3-unknown-type")
def _():
    f = basic(clients=1)
    f.id += 1
    f.add("05", b"05" + b"%012d" % f.id + b" " * 296)
    f.trailer()
    return f.bytes()


@case("s4-04-before-02")
def _():
    f = File()
    f.header()
    f.cur = next(f.bsn)
    f.prestatie()
    f.client(bsn=f.cur)
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s4-missing-99")
def _():
    return basic(clients=1).bytes()


@case("s4-record-after-99")
def _():
    f = basic(clients=1)
    f.trailer()
    f.comment("na het sluitrecord")
    return f.bytes()


@case("s4-second-01")
def _():
    f = basic(clients=1)
    f.header()
    f.trailer()
    return f.bytes()


@case("s4-no-01")
def _():
    f = File()
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s4-empty-file")
def _():
    return b""


@case("s5-not-aw319")
def _():
    f = File()
    f.header(f0102="188")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s6-version")
def _():
    f = File()
    f.header(f0103="02")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s6-subversion")
def _():
    f = File()
    f.header(f0104="05")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s7-debiteur")
def _():
    f = basic(clients=1)
    f.id += 1
    f.add("03", record("03", {"0301": "03", "0302": str(f.id), "0303": "DEB001"}))
    f.trailer()
    return f.bytes()


@case("s8-identificatie")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie()
    f.id = 1  # the next 02 repeats identificatie 2
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("s9-counts")
def _():
    f = basic(clients=2)
    f.trailer(f9902="3", f9904="1", f9906="4")
    return f.bytes()


@case("s9-other-counts")
def _():
    f = basic(clients=1)
    f.trailer(f9903="1", f9905="2", f9906="4")
    return f.bytes()


@case("s10-total")
def _():
    f = basic(clients=2)
    f.trailer(f9907="100", f9908="D")
    return f.bytes()


@case("v1-not-a-number")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(raw={15: b"12345678X"})
    f.trailer()
    return f.bytes()


@case("v1-spaces-in-number")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(raw={130: b"  31"})
    f.trailer()
    return f.bytes()


@case("v2-mandatory")
def _():
    f = File()
    f.header()
    f.client(f0210="")
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("v3-date")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(end="20230230", aantal=30)
    f.trailer()
    return f.bytes()


@case("v3-birth-date")
def _():
    f = File()
    f.header()
    f.client(f0207="19410229")
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("v4-code")
def _():
    f = File()
    f.header(f0105="X")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("v4-zzp-code")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(zzp="123")
    f.trailer()
    return f.bytes()


@case("v5-reserve")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(raw={300: b"X"})
    f.trailer()
    return f.bytes()


@case("v6-control-byte")
def _():
    f = File()
    f.header()
    f.client(f0210="Vis\tser")
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("v7-period-reversed")
def _():
    f = File()
    f.header(f0114="20230331", f0115="20230301")
    f.client()
    f.prestatie(begin="20230331", end="20230331", aantal=1)
    f.trailer()
    return f.bytes()


@case("v7-two-years")
def _():
    f = File()
    f.header(f0114="20221201", f0115="20230131")
    f.client()
    f.prestatie(begin="20230101", end="20230131", aantal=31)
    f.trailer()
    return f.bytes()


@case("i1-elfproef")
def _():
    f = File()
    f.header()
    f.client(bsn="123456789")
    f.prestatie()
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("i1-mask-bsn", "--mask-bsn")
def _():
    return CASES["i1-elfproef"][0]()


@case("i2-bsn-differs")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(bsn=next(f.bsn))
    f.trailer()
    return f.bytes()


@case("i3-uzovi")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(f0404="3311")
    f.trailer()
    return f.bytes()


@case("i4-outside-period")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(begin="20230225", end="20230305", aantal=9)
    f.trailer()
    return f.bytes()


@case("i4-reversed")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(begin="20230310", end="20230305", eenheid="81", aantal=1)
    f.trailer()
    return f.bytes()


@case("i5-debet-credit")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(f0430="C", prev="R202302-0000001")
    f.trailer()
    return f.bytes()


@case("i6-berekend")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(f0426="00433846", bedrag=433846)
    f.trailer()
    return f.bytes()


@case("i6-rounding")
def _():
    # 3 x 133.33 x 33.33 % = 133.3167 → 13332 cents (half up on the 5000)
    f = File()
    f.header()
    f.client()
    f.prestatie(code="H300", zzp="000", functie="81", aantal=3, eenheid="04", tarief=13333, pct=3333)
    f.trailer()
    return f.bytes()


@case("i7-bedrag-above")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(bedrag=433877)
    f.trailer()
    return f.bytes()


@case("i8-btw")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(f0428="0900")
    f.trailer()
    return f.bytes()


@case("i9-credit-without-reference")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(dc="C")
    f.trailer()
    return f.bytes()


@case("i10-reference-twice")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(ref="R-DUBBEL", begin="20230301", end="20230315", aantal=15)
    f.prestatie(ref="R-DUBBEL", begin="20230316", end="20230331", aantal=16)
    f.trailer()
    return f.bytes()


@case("i11-credit-same-file")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(ref="R-DEBET-1")
    f.prestatie(dc="C", ref="R-CREDIT-1", prev="R-DEBET-1")
    f.trailer()
    return f.bytes()


@case("i12-overlap")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(begin="20230301", end="20230315", aantal=15)
    f.prestatie(begin="20230315", end="20230331", aantal=17)
    f.trailer()
    return f.bytes()


@case("i13-etmalen")
def _():
    f = File()
    f.header()
    f.client()
    f.prestatie(aantal=30)
    f.trailer()
    return f.bytes()


@case("i-rejected-02")
def _():
    f = File()
    f.header()
    f.client(f0204="3311")
    f.prestatie()
    f.prestatie(begin="20230301", end="20230301", eenheid="81", aantal=1, code="H300", zzp="000",
                functie="81")
    f.trailer()
    return f.bytes()


@case("t1-late", "--submission-date=2023-07-01")
def _():
    f = basic(clients=1)
    f.trailer()
    return f.bytes()


@case("t1-late-strict", "--submission-date=20230701 --strict")
def _():
    return CASES["t1-late"][0]()


@case("t1-in-time", "-d 2023-06-30")
def _():
    return CASES["t1-late"][0]()


@case("t1-late-dagtekening")
def _():
    f = File()
    f.header(f0117="20230801")
    f.client()
    f.prestatie()
    f.trailer()
    return f.bytes()


@case("tech-reject-downgrade")
def _():
    # clean 04s first; the sluitrecord at the end rejects the file: they become 8096
    f = basic(clients=2)
    f.trailer(f9904="3")
    return f.bytes()


def main(names):
    for name, (fn, args) in CASES.items():
        if names and name not in names:
            continue
        d = os.path.join(TOP, "fixtures", "cases", name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "input.asc"), "wb") as fh:
            fh.write(fn())
        p = os.path.join(d, "args")
        if args:
            with open(p, "w") as fh:
                fh.write(args + "\n")
        elif os.path.exists(p):
            os.remove(p)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen-aw33.py — write a large, deterministic iWlz 2.2 AW33 for measuring the AW33 reader
against `xmllint --stream --noout` (the bar: at least half its speed).

    python3 bench/gen-aw33.py CLIENTS > big-aw33.xml      (default 450000 clients)

Each client gets one ToegewezenZorgzwaartepakket and, every third client, one
ToegewezenFunctie, with the elements a real AW33 carries around them.  BSNs pass the
elfproef; nothing depends on randomness."""
import sys

NS = "http://www.istandaarden.nl/iwlz/2_2"


def bsn(i):
    base = 100000000 + i * 7 % 800000000
    while True:
        d = [int(c) for c in "%09d" % base]
        s = sum(d[k] * (9 - k) for k in range(8)) - d[8]
        if s % 11 == 0:
            return "%09d" % base
        base += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 450000
    w = sys.stdout.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n<aw33:Bericht xmlns:aw33="%s/aw33/schema" '
      'xmlns:iwlz="%s/basisschema/schema">\n  <aw33:Header>\n    <aw33:BerichtCode>352</aw33:BerichtCode>\n'
      '    <aw33:BerichtVersie>5</aw33:BerichtVersie>\n    <aw33:BerichtSubversie>2</aw33:BerichtSubversie>\n'
      '    <aw33:Afzender>5526</aw33:Afzender>\n    <aw33:Ontvanger>41009876</aw33:Ontvanger>\n'
      '    <aw33:BerichtIdentificatie><iwlz:Identificatie>BENCH</iwlz:Identificatie>'
      '<iwlz:Dagtekening>2023-01-01</iwlz:Dagtekening></aw33:BerichtIdentificatie>\n'
      '  </aw33:Header>\n  <aw33:Clienten>\n' % (NS, NS))
    for i in range(n):
        b = bsn(i)
        day = 1 + i % 28
        out = ['    <aw33:Client>\n      <aw33:Bsn>%s</aw33:Bsn>\n      <aw33:GeheimeClient>2</aw33:GeheimeClient>\n'
               '      <aw33:Geboortedatum><iwlz:Datum>1940-05-17</iwlz:Datum></aw33:Geboortedatum>\n'
               '      <aw33:Geslacht>2</aw33:Geslacht>\n'
               '      <aw33:Naam><iwlz:Geslachtsnaam><iwlz:Achternaam>Fictief</iwlz:Achternaam></iwlz:Geslachtsnaam>'
               '<iwlz:Voorletters>A</iwlz:Voorletters><iwlz:NaamGebruik>1</iwlz:NaamGebruik></aw33:Naam>\n'
               '      <aw33:Indicatie>\n        <aw33:Besluitnummer>%s</aw33:Besluitnummer>\n'
               '        <aw33:Soort>1</aw33:Soort>\n        <aw33:Afgiftedatum>2021-11-01</aw33:Afgiftedatum>\n'
               '        <aw33:Ingangsdatum>2021-11-01</aw33:Ingangsdatum>\n'
               '        <aw33:ToegewezenZorgzwaartepakketten>\n          <aw33:ToegewezenZorgzwaartepakket>\n'
               '            <aw33:ZzpCode>%d</aw33:ZzpCode>\n            <aw33:Instelling>41009876</aw33:Instelling>\n'
               '            <aw33:Zorgkantoor>5526</aw33:Zorgkantoor>\n            <aw33:Soort>1</aw33:Soort>\n'
               '            <aw33:Toewijzingsdatum>2022-08-%02d</aw33:Toewijzingsdatum>\n'
               '            <aw33:Toewijzingstijd>09:00:00</aw33:Toewijzingstijd>\n'
               '            <aw33:Ingangsdatum>2022-08-%02d</aw33:Ingangsdatum>\n'
               '            <aw33:Leveringsvorm>%d</aw33:Leveringsvorm>\n'
               '          </aw33:ToegewezenZorgzwaartepakket>\n        </aw33:ToegewezenZorgzwaartepakketten>\n'
               % (b, b, 751 + i % 8, day, day, 4 if i % 2 else 5)]
        if i % 3 == 0:
            out.append('        <aw33:ToegewezenFuncties>\n          <aw33:ToegewezenFunctie>\n'
                       '            <aw33:FunctieCode>41</aw33:FunctieCode>\n'
                       '            <aw33:Instelling>41009876</aw33:Instelling>\n'
                       '            <aw33:Toewijzingsdatum>2022-11-06</aw33:Toewijzingsdatum>\n'
                       '            <aw33:Toewijzingstijd>09:00:00</aw33:Toewijzingstijd>\n'
                       '            <aw33:Ingangsdatum>2022-11-06</aw33:Ingangsdatum>\n'
                       '            <aw33:Klasse>K%d</aw33:Klasse>\n'
                       '          </aw33:ToegewezenFunctie>\n        </aw33:ToegewezenFuncties>\n' % (1 + i % 9))
        out.append('      </aw33:Indicatie>\n    </aw33:Client>\n')
        w(''.join(out))
    w('  </aw33:Clienten>\n</aw33:Bericht>\n')


if __name__ == "__main__":
    main()

<?xml version="1.0" encoding="UTF-8"?>
<!-- report-html.xsl — the XML report (urn:aw319check:report:1) as one self-contained HTML page
     in Dutch: the verdict at the top, the header facts, the totals (and per leveringsvorm),
     the findings grouped by rule with the retourcode and its description, and a table per
     client (02 verzekerdenrecord) with its prestaties.  Inline CSS only, no scripts, readable
     on a laptop and printable.  Money as € 1.234,56. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:r="urn:aw319check:report:1" exclude-result-prefixes="r">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:decimal-format name="nl" grouping-separator="." decimal-separator=","/>

  <xsl:key name="by-rule" match="r:finding" use="@rule"/>
  <xsl:key name="by-group" match="r:prestatie" use="@group-line"/>
  <xsl:key name="code" match="r:retourcode" use="@code"/>

  <xsl:variable name="file" select="/r:report/r:file"/>
  <xsl:variable name="technical" select="$file/@technical = 'true'"/>

  <xsl:template match="/r:report">
    <html lang="nl">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Controle AW319 – <xsl:value-of select="$file/@name"/></title>
        <style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2329; margin: 0 auto; max-width: 1180px; padding: 1.5em 2em 3em; }
h1 { font-size: 1.7em; margin: 0; }
h2 { font-size: 1.25em; margin: 1.8em 0 .5em; border-bottom: 2px solid #d5dbe1; padding-bottom: .2em; }
h3 { font-size: 1.05em; margin: 1.3em 0 .4em; }
.verdict { border-radius: 6px; padding: 1em 1.3em; color: #fff; }
.verdict p { margin: .3em 0 0; }
.v-accepted { background: #1f7a3d; } .v-partial { background: #b26a00; }
.v-rejected, .v-technical-reject { background: #b3261e; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; font-size: .93em; }
th, td { border: 1px solid #d5dbe1; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
table.kv { width: auto; } table.kv th { width: 14em; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ok { color: #1f7a3d; font-weight: 600; } .ko { color: #b3261e; font-weight: 600; }
.warning { color: #8a5300; } .error { color: #b3261e; }
.nowrap { white-space: nowrap; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.muted { color: #5b6570; }
.footer { margin-top: 2.5em; font-size: .85em; color: #5b6570; word-break: break-all; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  .verdict { color: #000; background: none !important; border: 3px solid #000; }
  h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; }
}
        </style>
      </head>
      <body>
        <div class="verdict v-{$file/@verdict}">
          <h1><xsl:call-template name="verdict"/></h1>
          <p>
            <xsl:value-of select="$file/@name"/>
            <xsl:if test="$file/r:header/@factuurnummer">
              <xsl:text> – factuur </xsl:text><xsl:value-of select="$file/r:header/@factuurnummer"/>
            </xsl:if>
            <xsl:text> – ingediend </xsl:text>
            <xsl:call-template name="euro"><xsl:with-param name="cents" select="$file/r:totals/@ingediend"/></xsl:call-template>
            <xsl:text>, toegekend </xsl:text>
            <xsl:call-template name="euro"><xsl:with-param name="cents" select="$file/r:totals/@toegekend"/></xsl:call-template>
          </p>
        </div>

        <h2>Gegevens</h2>
        <table class="kv">
          <xsl:for-each select="$file/r:header">
            <tr><th>UZOVI-nummer</th><td class="code"><xsl:value-of select="@uzovi"/></td></tr>
            <tr><th>Instelling (AGB)</th><td class="code"><xsl:value-of select="@instelling"/></td></tr>
            <tr><th>Factuurnummer</th><td class="code"><xsl:value-of select="@factuurnummer"/></td></tr>
            <tr><th>Declaratieperiode</th><td>
              <xsl:call-template name="date"><xsl:with-param name="d" select="@period-begin"/></xsl:call-template>
              <xsl:text> t/m </xsl:text>
              <xsl:call-template name="date"><xsl:with-param name="d" select="@period-end"/></xsl:call-template>
            </td></tr>
            <tr><th>Dagtekening factuur</th><td><xsl:call-template name="date"><xsl:with-param name="d" select="@dagtekening"/></xsl:call-template></td></tr>
            <tr><th>Indieningsdatum</th><td><xsl:call-template name="date"><xsl:with-param name="d" select="@submission-date"/></xsl:call-template></td></tr>
            <tr><th>Retourcodes voorlooprecord</th><td><xsl:call-template name="codes"><xsl:with-param name="codes" select="normalize-space(@codes)"/></xsl:call-template></td></tr>
          </xsl:for-each>
          <tr><th>Controleset</th><td><xsl:value-of select="$file/@controlset"/></td></tr>
        </table>

        <h2>Totalen</h2>
        <table>
          <thead><tr><th></th><th class="num">Prestaties</th><th class="num">Geaccepteerd</th><th class="num">Afgewezen</th><th class="num">Ingediend</th><th class="num">Toegekend</th></tr></thead>
          <tbody>
            <xsl:for-each select="$file/r:leveringsvorm[@prestaties &gt; 0]">
              <tr><th><xsl:value-of select="@name"/><xsl:if test="@name = 'unknown'">onbekend</xsl:if></th><xsl:call-template name="totals"/></tr>
            </xsl:for-each>
            <tr><th>Totaal</th><xsl:for-each select="$file/r:totals"><xsl:call-template name="totals"/></xsl:for-each></tr>
          </tbody>
        </table>
        <p class="muted">
          <xsl:value-of select="$file/r:totals/@records"/> records,
          <xsl:value-of select="$file/r:totals/@errors"/>
          <xsl:choose><xsl:when test="$file/r:totals/@errors = 1"> fout, </xsl:when><xsl:otherwise> fouten, </xsl:otherwise></xsl:choose>
          <xsl:value-of select="$file/r:totals/@warnings"/>
          <xsl:choose><xsl:when test="$file/r:totals/@warnings = 1"> waarschuwing.</xsl:when><xsl:otherwise> waarschuwingen.</xsl:otherwise></xsl:choose>
        </p>

        <h2>Bevindingen per controle</h2>
        <xsl:if test="not(r:finding)"><p>Geen bevindingen.</p></xsl:if>
        <xsl:for-each select="$file/r:rule">
          <xsl:variable name="f" select="key('by-rule', @id)"/>
          <h3>
            <span class="code"><xsl:value-of select="@id"/></span>
            <xsl:text> – </xsl:text><xsl:value-of select="."/>
            <span class="muted"> (<xsl:value-of select="count($f)"/>×,
              <xsl:choose><xsl:when test="@severity = 'warning'">waarschuwing</xsl:when><xsl:otherwise>afwijzing</xsl:otherwise></xsl:choose>)</span>
          </h3>
          <table>
            <thead><tr><th class="num">Regel</th><th class="num">Kolom</th><th>Record</th><th>Veld</th><th>Retourcode</th><th>Melding</th></tr></thead>
            <tbody>
              <xsl:for-each select="$f">
                <tr class="{@severity}">
                  <td class="num"><xsl:value-of select="@line"/></td>
                  <td class="num"><xsl:value-of select="@column"/></td>
                  <td class="code"><xsl:value-of select="@record"/></td>
                  <td><xsl:if test="@field"><span class="code"><xsl:value-of select="@field"/></span><xsl:text> </xsl:text><xsl:value-of select="@field-name"/></xsl:if></td>
                  <td><span class="code"><xsl:value-of select="@code"/></span><xsl:text> </xsl:text><xsl:value-of select="key('code', @code)"/></td>
                  <td><xsl:value-of select="."/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:for-each>

        <h2>Per cliënt</h2>
        <xsl:if test="not(r:prestatie)"><p>Geen prestatierecords.</p></xsl:if>
        <xsl:for-each select="r:client">
          <h3>
            <xsl:text>Cliënt BSN </xsl:text><span class="code"><xsl:value-of select="@bsn"/><xsl:if test="not(@bsn)">onleesbaar</xsl:if></span>
            <span class="muted"> (regel <xsl:value-of select="@line"/>)</span>
            <xsl:if test="@outcome = 'rejected'">
              <xsl:text> – </xsl:text><span class="ko">afgewezen: </span>
              <xsl:call-template name="codes"><xsl:with-param name="codes" select="normalize-space(@codes)"/></xsl:call-template>
            </xsl:if>
          </h3>
          <xsl:call-template name="prestaties"><xsl:with-param name="p" select="key('by-group', @line)"/></xsl:call-template>
        </xsl:for-each>
        <xsl:if test="r:prestatie[not(@group-line)]">
          <h3>Zonder verzekerdenrecord</h3>
          <xsl:call-template name="prestaties"><xsl:with-param name="p" select="r:prestatie[not(@group-line)]"/></xsl:call-template>
        </xsl:if>

        <div class="footer">
          <xsl:text>Gecontroleerd met aw319check </xsl:text><xsl:value-of select="@version"/>
          <xsl:text> op </xsl:text><xsl:call-template name="date"><xsl:with-param name="d" select="$file/@run-date"/></xsl:call-template>
          <xsl:if test="@masked = 'true'"><xsl:text>; BSN's gemaskeerd</xsl:text></xsl:if>
          <xsl:text>. SHA-256 van het bestand: </xsl:text><span class="code"><xsl:value-of select="$file/@sha256"/></span>
        </div>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="prestaties">
    <xsl:param name="p"/>
    <table>
      <thead><tr><th class="num">Regel</th><th>Prestatie</th><th>Periode</th><th>Leveringsvorm</th><th class="num">Ingediend</th><th class="num">Toegekend</th><th>Uitkomst</th><th>Retourcodes</th></tr></thead>
      <tbody>
        <xsl:for-each select="$p">
          <xsl:variable name="late" select="$technical and @tentative = 'true'"/>
          <tr>
            <td class="num"><xsl:value-of select="@line"/></td>
            <td class="code"><xsl:value-of select="@prestatiecode"/></td>
            <td class="nowrap">
              <xsl:call-template name="date"><xsl:with-param name="d" select="@begin"/></xsl:call-template>
              <xsl:text> t/m </xsl:text>
              <xsl:call-template name="date"><xsl:with-param name="d" select="@end"/></xsl:call-template>
            </td>
            <td><xsl:value-of select="@leveringsvorm[. != 'unknown']"/></td>
            <td class="num"><xsl:call-template name="euro"><xsl:with-param name="cents" select="@ingediend"/></xsl:call-template></td>
            <td class="num"><xsl:call-template name="euro"><xsl:with-param name="cents" select="@toegekend * number(not($late))"/></xsl:call-template></td>
            <td>
              <xsl:choose>
                <xsl:when test="@outcome = 'accepted' and not($late)"><span class="ok">geaccepteerd</span></xsl:when>
                <xsl:otherwise><span class="ko">afgewezen</span></xsl:otherwise>
              </xsl:choose>
            </td>
            <td>
              <xsl:call-template name="codes">
                <xsl:with-param name="codes">
                  <xsl:choose>
                    <xsl:when test="$late"><xsl:value-of select="normalize-space(concat('8096', substring-after(@codes, '8001')))"/></xsl:when>
                    <xsl:otherwise><xsl:value-of select="normalize-space(@codes)"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:with-param>
              </xsl:call-template>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="totals">
    <td class="num"><xsl:value-of select="@prestaties"/></td>
    <td class="num"><xsl:value-of select="@accepted"/></td>
    <td class="num"><xsl:value-of select="@rejected"/></td>
    <td class="num"><xsl:call-template name="euro"><xsl:with-param name="cents" select="@ingediend"/></xsl:call-template></td>
    <td class="num"><xsl:call-template name="euro"><xsl:with-param name="cents" select="@toegekend"/></xsl:call-template></td>
  </xsl:template>

  <!-- "0435 description" per code, separated by line breaks -->
  <xsl:template name="codes">
    <xsl:param name="codes"/>
    <xsl:if test="string-length($codes) &gt;= 4">
      <xsl:variable name="c" select="substring($codes, 1, 4)"/>
      <span class="code"><xsl:value-of select="$c"/></span>
      <xsl:text> </xsl:text><xsl:value-of select="key('code', $c)"/>
      <xsl:if test="string-length($codes) &gt; 4"><br/></xsl:if>
      <xsl:call-template name="codes"><xsl:with-param name="codes" select="substring($codes, 6)"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="verdict">
    <xsl:choose>
      <xsl:when test="$file/@verdict = 'accepted'">Geaccepteerd</xsl:when>
      <xsl:when test="$file/@verdict = 'partial'">Gedeeltelijk geaccepteerd</xsl:when>
      <xsl:when test="$file/@verdict = 'rejected'">Afgewezen</xsl:when>
      <xsl:otherwise>Technisch afgekeurd</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- cents → € 1.234,56 (-€ 1.234,56 for credits) -->
  <xsl:template name="euro">
    <xsl:param name="cents"/>
    <xsl:value-of select="format-number($cents div 100, '€ #.##0,00;-€ #.##0,00', 'nl')"/>
  </xsl:template>

  <!-- xs:date → dd-mm-jjjj; "?" when unknown -->
  <xsl:template name="date">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="string-length($d) = 10">
        <xsl:value-of select="concat(substring($d, 9, 2), '-', substring($d, 6, 2), '-', substring($d, 1, 4))"/>
      </xsl:when>
      <xsl:otherwise>?</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>

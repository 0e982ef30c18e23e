<?xml version="1.0" encoding="UTF-8"?>
<!-- report-csv.xsl — the findings of the XML report (urn:aw319check:report:1) as CSV for a
     spreadsheet: UTF-8 with a byte order mark (so accents survive), ';' as separator, CR LF
     line ends, a header row, then one row per finding in file order.  A field holding ';',
     '"' or a line break is quoted, with '"' doubled. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:r="urn:aw319check:report:1" exclude-result-prefixes="r">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:key name="code" match="r:retourcode" use="@code"/>
  <xsl:variable name="name" select="/r:report/r:file/@name"/>
  <xsl:variable name="q">"</xsl:variable>

  <xsl:template match="/r:report">
    <xsl:text>&#xFEFF;bestand;regel;kolom;record;regel record;veld;veldnaam;regel-id;retourcode;ernst;melding;omschrijving retourcode&#13;&#10;</xsl:text>
    <xsl:for-each select="r:finding">
      <xsl:call-template name="field"><xsl:with-param name="v" select="$name"/></xsl:call-template>
      <xsl:value-of select="concat(';', @line, ';', @column, ';')"/>
      <xsl:call-template name="field"><xsl:with-param name="v" select="@record"/></xsl:call-template>
      <xsl:value-of select="concat(';', @target-line, ';', @field, ';')"/>
      <xsl:call-template name="field"><xsl:with-param name="v" select="@field-name"/></xsl:call-template>
      <xsl:value-of select="concat(';', @rule, ';', @code, ';', @severity, ';')"/>
      <xsl:call-template name="field"><xsl:with-param name="v" select="string(.)"/></xsl:call-template>
      <xsl:text>;</xsl:text>
      <xsl:call-template name="field"><xsl:with-param name="v" select="string(key('code', @code))"/></xsl:call-template>
      <xsl:text>&#13;&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="contains($v, ';') or contains($v, $q) or contains($v, '&#10;') or contains($v, '&#13;')">
        <xsl:value-of select="$q"/>
        <xsl:call-template name="double"><xsl:with-param name="v" select="$v"/></xsl:call-template>
        <xsl:value-of select="$q"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="double">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="contains($v, $q)">
        <xsl:value-of select="concat(substring-before($v, $q), $q, $q)"/>
        <xsl:call-template name="double"><xsl:with-param name="v" select="substring-after($v, $q)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>

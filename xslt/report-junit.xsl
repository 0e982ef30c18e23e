<?xml version="1.0" encoding="UTF-8"?>
<!-- report-junit.xsl — the XML report (urn:aw319check:report:1) as JUnit XML for CI: one
     testsuite per checked file, one testcase per 04 prestatierecord (named by line, BSN as in
     the report, i.e. masked when asked, prestatiecode and period), a failure with the codes,
     their descriptions and the messages when the record is rejected; warnings go to
     system-out; file-level findings to the testsuite's system-out. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:r="urn:aw319check:report:1" exclude-result-prefixes="r">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:key name="by-target" match="r:finding" use="@target-line"/>
  <xsl:key name="code" match="r:retourcode" use="@code"/>

  <xsl:variable name="file" select="/r:report/r:file"/>
  <xsl:variable name="technical" select="$file/@technical = 'true'"/>

  <xsl:template match="/r:report">
    <xsl:variable name="tests" select="count(r:prestatie)"/>
    <xsl:variable name="failures" select="count(r:prestatie[@outcome = 'rejected' or ($technical and @tentative = 'true')])"/>
    <testsuites name="aw319check" tests="{$tests}" failures="{$failures}" errors="0">
      <testsuite name="{$file/@name}" tests="{$tests}" failures="{$failures}" errors="0" skipped="0"
                 timestamp="{$file/@run-date}T00:00:00" hostname="aw319check">
        <properties>
          <property name="verdict" value="{$file/@verdict}"/>
          <property name="sha256" value="{$file/@sha256}"/>
          <property name="controlset" value="{$file/@controlset}"/>
          <property name="codes01" value="{$file/r:header/@codes}"/>
          <property name="aw319check" value="{@version}"/>
        </properties>
        <xsl:apply-templates select="r:prestatie"/>
        <system-out>
          <xsl:text>verdict: </xsl:text><xsl:value-of select="$file/@verdict"/>
          <xsl:text>&#10;</xsl:text>
          <xsl:for-each select="r:finding[@target-line = 1]">
            <xsl:call-template name="finding-line"/>
          </xsl:for-each>
        </system-out>
      </testsuite>
    </testsuites>
  </xsl:template>

  <xsl:template match="r:prestatie">
    <xsl:variable name="rejected" select="@outcome = 'rejected' or ($technical and @tentative = 'true')"/>
    <xsl:variable name="codes">
      <xsl:choose>
        <xsl:when test="$technical and @tentative = 'true'">
          <xsl:value-of select="concat('8096', substring-after(@codes, '8001'))"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@codes"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="mine" select="key('by-target', @line)"/>
    <testcase classname="{$file/@name}">
      <xsl:attribute name="name">
        <xsl:text>line </xsl:text><xsl:value-of select="@line"/>
        <xsl:text>: BSN </xsl:text><xsl:value-of select="@bsn"/>
        <xsl:if test="not(@bsn)">?</xsl:if>
        <xsl:text> </xsl:text><xsl:value-of select="@prestatiecode"/>
        <xsl:if test="not(@prestatiecode)">?</xsl:if>
        <xsl:text> </xsl:text><xsl:value-of select="@begin"/>
        <xsl:text>..</xsl:text><xsl:value-of select="@end"/>
      </xsl:attribute>
      <xsl:if test="$rejected">
        <failure type="rejected" message="{$codes}">
          <xsl:call-template name="describe">
            <xsl:with-param name="codes" select="normalize-space($codes)"/>
          </xsl:call-template>
          <xsl:for-each select="$mine[@severity = 'error']">
            <xsl:call-template name="finding-line"/>
          </xsl:for-each>
        </failure>
      </xsl:if>
      <xsl:if test="$mine[@severity = 'warning']">
        <system-out>
          <xsl:for-each select="$mine[@severity = 'warning']">
            <xsl:call-template name="finding-line"/>
          </xsl:for-each>
        </system-out>
      </xsl:if>
    </testcase>
  </xsl:template>

  <!-- "0435 Burgerservicenummer ..." per code, one a line -->
  <xsl:template name="describe">
    <xsl:param name="codes"/>
    <xsl:if test="string-length($codes) &gt;= 4">
      <xsl:variable name="c" select="substring($codes, 1, 4)"/>
      <xsl:value-of select="concat($c, ' ', key('code', $c), '&#10;')"/>
      <xsl:call-template name="describe">
        <xsl:with-param name="codes" select="substring($codes, 6)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="finding-line">
    <xsl:value-of select="concat($file/@name, ':', @line, ':', @column, ': ', @severity, ': ', @rule,
                          ' [', @code, '] ')"/>
    <xsl:if test="@field"><xsl:value-of select="concat(@field, ' ', @field-name, ': ')"/></xsl:if>
    <xsl:value-of select="."/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>

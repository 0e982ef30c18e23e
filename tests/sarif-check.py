#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sarif-check.py FILE — the keys SARIF 2.1.0 requires and code scanning (GitHub, GitLab) reads,
checked in a report of aw319check; prints the number of results, or what is wrong (exit 1)."""
import json
import sys

try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    assert d["version"] == "2.1.0", "version"
    assert len(d["runs"]) == 1, "one run"
    run = d["runs"][0]
    drv = run["tool"]["driver"]
    assert drv["name"] == "aw319check", "tool.driver.name"
    ids = [r["id"] for r in drv["rules"]]
    for r in drv["rules"]:
        assert r["shortDescription"]["text"] and "text" in r["help"], "rule " + r["id"]
    for res in run["results"]:
        assert res["ruleId"] in ids, "ruleId " + res["ruleId"]
        assert ids[res["ruleIndex"]] == res["ruleId"], "ruleIndex"
        assert res["level"] in ("error", "warning"), "level"
        assert res["message"]["text"], "message.text"
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"], "uri"
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1, "region"
    print(len(run["results"]))
except Exception as e:  # noqa: BLE001 - any defect is a failure
    print("invalid SARIF: %r" % (e,))
    sys.exit(1)

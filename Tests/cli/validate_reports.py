#!/usr/bin/env python3
"""Parses triage reports with real parsers: JUnit XML with xml.etree, OpenMetrics with
prometheus_client's OpenMetrics parser, Nagios output against the plugin-output grammar.

    validate_reports.py junit FILE | openmetrics FILE | nagios FILE
"""
import re
import sys
import xml.etree.ElementTree as ET


def junit(path):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites", root.tag
    for suite in root:
        assert suite.tag == "testsuite"
        cases = list(suite)
        assert int(suite.get("tests")) == len(cases), "tests count"
        failures = sum(1 for case in cases if case.find("failure") is not None)
        skipped = sum(1 for case in cases if case.find("skipped") is not None)
        assert int(suite.get("failures")) == failures, "failures count"
        assert int(suite.get("skipped")) == skipped, "skipped count"
        for case in cases:
            assert case.tag == "testcase" and case.get("name") and case.get("classname")


def openmetrics(path):
    from prometheus_client.openmetrics.parser import text_string_to_metric_families

    with open(path) as handle:
        families = list(text_string_to_metric_families(handle.read()))
    names = {family.name for family in families}
    for required in ("triage_status", "triage_cause", "triage_checklist", "triage_probe_failures"):
        assert required in names, f"missing {required}"


def nagios(path):
    with open(path) as handle:
        lines = handle.read().splitlines()
    assert len(lines) == 1, "one status line"
    pattern = r"^TRIAGE (OK|WARNING|CRITICAL|UNKNOWN) - [^|]+ \| ([a-z_]+=[0-9.]+s?;*[^ ]* ?)+$"
    assert re.match(pattern, lines[0]), lines[0]


if __name__ == "__main__":
    {"junit": junit, "openmetrics": openmetrics, "nagios": nagios}[sys.argv[1]](sys.argv[2])

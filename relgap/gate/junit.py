"""Gate results as JUnit XML, so CI systems show each gate (and task) as a test case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from relgap.gate.checks import GateReport


def to_junit(report: GateReport, *, per_task: bool = False, suite_name: str = "relgap.gate") -> str:
    """The gates as JUnit XML: one ``testcase`` per gate and model/variant.

    With ``per_task``, one per task too, failed when its success rate dropped significantly
    (Fisher exact, BH-corrected).
    """
    cases: list[ET.Element] = []
    for r in report.results:
        case = ET.Element("testcase", classname=f"gates.{r.subject}", name=r.name)
        if r.skipped:
            ET.SubElement(case, "skipped", message=r.message)
        elif not r.passed:
            failure = ET.SubElement(case, "failure", message=r.message, type="GateFailed")
            failure.text = r.message
        else:
            ET.SubElement(case, "system-out").text = r.message
        cases.append(case)
    if per_task:
        cases += _task_cases(report)
    failures = sum(1 for c in cases if c.find("failure") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(cases)), failures=str(failures),
                       errors="0", skipped=str(skipped))  # fmt: skip
    suite.extend(cases)
    root = ET.Element(
        "testsuites", name="relgap", tests=str(len(cases)), failures=str(failures), errors="0"
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _task_cases(report: GateReport) -> list[ET.Element]:
    """One case per task of the run, failed when its success rate dropped significantly.

    The drop is against the baseline (Fisher exact, BH-corrected); the counts are in
    system-out.
    """
    cases = []
    for group, counts in report.task_counts.items():
        changes = report.task_changes.get(group, {})
        dropped = {item["task_id"]: item for item in changes.get("significant_drops", [])}
        before = report.baseline_counts.get(group, {})
        for task_id, (passed, n) in sorted(counts.items()):
            case = ET.Element("testcase", classname=f"tasks.{group}", name=task_id)
            text = f"{passed} of {n} trials passed"
            if task_id in before:
                b_passed, b_n = before[task_id]
                text += f" (baseline: {b_passed} of {b_n})"
            if task_id in dropped:
                d = dropped[task_id]
                msg = (f"success rate dropped {d['baseline']:.2f} -> {d['current']:.2f} "
                       f"(BH q={d['q_value']:.3g})")  # fmt: skip
                ET.SubElement(case, "failure", message=msg, type="TaskRegressed").text = msg
            ET.SubElement(case, "system-out").text = text
            cases.append(case)
    return cases

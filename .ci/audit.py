"""pip-audit over what .venv holds, where its advisory service can be reached (`make test` runs it).

Known vulnerabilities in an installed package fail the run. Where the service cannot be reached,
or answers for no package (a machine that reaches PyPI's package index but not its per-release
JSON API, where pip-audit would print "No known vulnerabilities found" having checked nothing),
one line says so and the run goes on: a check that did not happen is not passed, nor failed."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

OURS = "thurrock-kpi"  # this project, installed editable: not on PyPI, so never audited


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        finished = subprocess.run(
            [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--timeout", "20",
             "--format", "json", "--output", str(report)],
            capture_output=True, text=True)
        if not report.exists():
            last = (finished.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"pip-audit: not run, its advisory service (PyPI) cannot be reached from here ({last[:160]})")
            return 0
        dependencies = [d for d in json.loads(report.read_text())["dependencies"] if d["name"] != OURS]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        print(f"pip-audit: not run, PyPI's advisory service answered for none of the {len(dependencies)} "
              "installed packages (its per-release JSON API is not reachable from here)")
        return 0
    vulnerable = [d for d in audited if d.get("vulns")]
    for d in vulnerable:
        for vuln in d["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            print(f"pip-audit: {d['name']} {d['version']}: {vuln['id']} (fixed in {fixed})")
    skipped = len(dependencies) - len(audited)
    print(f"pip-audit: {len(audited)} packages audited ({skipped} not known to the service), "
          f"{len(vulnerable)} with known vulnerabilities")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())

"""The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with the machine's Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(
    os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)


def missing() -> str | None:
    """Why the checker cannot run here, or None."""
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    if not JAR.exists():
        return f"{JAR} is missing: run `npm ci --ignore-scripts` (package.json pins vnu-jar)"
    return None


def check(files: list[Path]) -> list[dict]:
    """Every error the checker reports in these HTML files (warnings and info left out)."""
    result = subprocess.run(  # noqa: S603 - a fixed program on files this test wrote
        ["java", "-jar", str(JAR), "--errors-only", "--format", "json", "--stdout",
         *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stdout or "{}").get("messages", [])
    return [m for m in messages if m.get("type") in {"error", "non-document-error"}]

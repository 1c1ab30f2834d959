"""Audit the installed Python packages for known vulnerabilities, online or offline.

    python tools/dependency_audit.py              # offline: advisories in security/osv/
    python tools/dependency_audit.py --online     # pip-audit against PyPI's live advisory data
    python tools/dependency_audit.py -r reqs.txt  # pinned requirements instead of the environment

Offline, the real ``pip-audit`` runs against a local OSV-compatible endpoint that answers from the
OSV records in ``--osv-dir`` (our snapshot in ``security/osv/``; or a full OSV PyPI dump, e.g.
``all.zip`` from https://osv-vulnerabilities.storage.googleapis.com/PyPI/ unzipped into a folder).
CI machines cannot reach PyPI's advisory API, so ``make test`` runs the offline audit; it fails on
any installed version an advisory marks vulnerable. Exit code: pip-audit's (0 = nothing known).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OSV_DIR = ROOT / "security" / "osv"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def load_records(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """OSV records of the PyPI ecosystem, by normalised package name."""
    records: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.json")):
        record = json.loads(path.read_text())
        for affected in record.get("affected", []):
            package = affected.get("package", {})
            if package.get("ecosystem") == "PyPI":
                records.setdefault(normalize(package["name"]), []).append(record)
    return records


def is_affected(record: dict[str, Any], package: str, version: str) -> bool:
    """Whether ``version`` of ``package`` falls in one of the record's ranges or versions."""
    if record.get("withdrawn"):
        return False
    try:
        wanted = Version(version)
    except InvalidVersion:
        return False
    for affected in record.get("affected", []):
        if normalize(affected.get("package", {}).get("name", "")) != package:
            continue
        if version in affected.get("versions", []):
            return True
        for spec in affected.get("ranges", []):
            if spec.get("type") in ("ECOSYSTEM", "SEMVER") and _in_range(wanted, spec.get("events", [])):
                return True
    return False


def _in_range(version: Version, events: list[dict[str, str]]) -> bool:
    """OSV range semantics: affected inside any [introduced, fixed) or [introduced, last_affected]."""
    start: Version | None = None
    for event in events:  # in order: introduced, then fixed / last_affected, possibly repeated
        if "introduced" in event:
            start = Version("0") if event["introduced"] == "0" else Version(event["introduced"])
        elif start is not None and "fixed" in event:
            if start <= version < Version(event["fixed"]):
                return True
            start = None
        elif start is not None and "last_affected" in event:
            if start <= version <= Version(event["last_affected"]):
                return True
            start = None
    return start is not None and version >= start


@contextmanager
def osv_endpoint(directory: Path) -> Iterator[str]:
    """A local ``/v1/query`` endpoint (the OSV API's shape) answering from ``directory``."""
    records = load_records(directory)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            package = normalize(query.get("package", {}).get("name", ""))
            version = query.get("version", "")
            vulns = [r for r in records.get(package, []) if is_affected(r, package, version)]
            body = json.dumps({"vulns": vulns} if vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    finally:
        server.shutdown()
        server.server_close()


def audit(*, online: bool, osv_dir: Path, requirements: Path | None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--desc", "on"]
    command += (
        ["-r", str(requirements), "--no-deps", "--disable-pip"]
        if requirements
        else ["--local", "--skip-editable"]
    )
    if online:
        return subprocess.run(command, capture_output=True, text=True, check=False)
    with osv_endpoint(osv_dir) as url:
        return subprocess.run(
            [*command, "-s", "osv", "--osv-url", url], capture_output=True, text=True, check=False
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--online", action="store_true", help="ask PyPI's advisory service instead")
    parser.add_argument("--osv-dir", type=Path, default=DEFAULT_OSV_DIR, help="folder of OSV JSON records")
    parser.add_argument(
        "-r", "--requirements", type=Path, help="pinned requirements file (name==version lines)"
    )
    args = parser.parse_args()
    result = audit(online=args.online, osv_dir=args.osv_dir, requirements=args.requirements)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

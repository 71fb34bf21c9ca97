"""A reference app served by its own process on 127.0.0.1, as people run it."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

ROOT = pathlib.Path(__file__).resolve().parents[3]


@contextmanager
def serving(module: str, folder: pathlib.Path, *args: str) -> Iterator[str]:
    """Run ``python -m <module> --port 0 --port-file ...`` and yield its base URL.

    The process is stopped (and waited for) on the way out; its output is shown when it
    fails to start.
    """
    port_file = folder / f"{module}.port"
    log = folder / f"{module}.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command: Sequence[str] = [
        sys.executable,
        "-m",
        module,
        "--port",
        "0",
        "--port-file",
        str(port_file),
        *args,
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - the example's own command
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            base_url = _wait_until_up(process, port_file, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def _wait_until_up(
    process: subprocess.Popen[bytes], port_file: pathlib.Path, log: pathlib.Path
) -> str:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped:\n{log.read_text(errors='replace')}")
        if port_file.exists():
            base_url = f"http://127.0.0.1:{port_file.read_text().strip()}"
            try:
                with urllib.request.urlopen(f"{base_url}/accesso", timeout=5) as answer:  # noqa: S310 - loopback
                    if answer.status == 200:
                        return base_url
            except (urllib.error.URLError, ConnectionError):
                pass
        time.sleep(0.2)
    raise AssertionError(f"the server did not answer in time:\n{log.read_text(errors='replace')}")

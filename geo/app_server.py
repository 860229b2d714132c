"""The Streamlit app served on a free local port, for the browser tests and the benchmark."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from geo.layout import REPO_ROOT


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(env: dict | None = None, timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """Start ``app.py`` headless on a free port (through :mod:`geo.serve`), wait until it answers.

    Parameters
    ----------
    env : dict, optional
        Variables added to this process's environment (e.g. ``CORRIDORS_ROOT``).
    timeout : float
        Seconds to wait for the server to answer.

    Returns
    -------
    tuple
        The server process and its base url.

    Raises
    ------
    RuntimeError
        When the server does not answer within ``timeout`` (it is killed first).
    """
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geo.serve",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"the Streamlit app did not answer within {timeout:.0f} s")


def stop_app(process: subprocess.Popen) -> None:
    """Stop a server :func:`start_app` started."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def serving(env: dict | None = None) -> Iterator[str]:
    """The app's url while it runs; stopped on leaving the block."""
    process, url = start_app(env)
    try:
        yield url
    finally:
        stop_app(process)

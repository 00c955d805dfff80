"""What the CLI tests share: running the real ``borderdesk`` executable and reading its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEMO_DATE = "2026-01-15"
DEMO_PASSWORD = "laobao2026"
_OWN_VARIABLES = ("BORDERDESK_DB_URL", "BORDERDESK_LANG", "BORDERDESK_PASSWORD",
                  "BORDERDESK_NEW_PASSWORD", "BORDERDESK_USER")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("borderdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "borderdesk"]


@dataclass(frozen=True)
class Result:
    """What one run printed and returned."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


Cli = Callable[..., Result]


def _environment(home: Path, variables: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _OWN_VARIABLES}
    env["BORDERDESK_HOME"] = str(home)
    # The settings default to Vietnamese; the tests read English unless they ask otherwise.
    env["BORDERDESK_LANG"] = "en"
    env.update(variables)
    return env


def run_cli(home: Path, *args: str, **variables: str) -> Result:
    """Run ``borderdesk ARGS`` with ``home`` as BORDERDESK_HOME and ``variables`` set.

    stdin is empty and the process has no terminal, so a password prompt
    cannot wait for a person.
    """
    done = subprocess.run(
        [*_command(), *args], env=_environment(home, variables), capture_output=True, text=True,
        stdin=subprocess.DEVNULL, start_new_session=True, timeout=240, check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_cli_scheduled(home: Path, *args: str, seconds: float = 60, **variables: str) -> Result:
    """Run ``borderdesk ARGS`` as a scheduler may: no terminal, and a stdin left open that
    never sends a byte. A prompt would wait forever: after ``seconds`` the process is
    killed and the run fails."""
    with subprocess.Popen(
        [*_command(), *args], env=_environment(home, variables), stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    ) as process:
        try:
            code = process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError(f"borderdesk {' '.join(args)} waited on its stdin") from None
        assert process.stdout is not None and process.stderr is not None
        return Result(code, process.stdout.read(), process.stderr.read())


def session_members(session_id: int) -> set[int]:
    """The live processes of the session ``session_id`` leads: a command and its children.

    Start the command with ``start_new_session=True``; a zombie has ended and is left out.
    """
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # Fields after the name: state, ppid, pgrp, session.
        if int(fields[3]) == session_id and fields[0] != "Z":
            members.add(int(entry.name))
    return members

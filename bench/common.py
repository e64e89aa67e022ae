"""What the benchmark scripts share: finding kread, the common options, the environment.

The scripts are run as ``python bench/<script>.py``, so this folder is on ``sys.path`` and
they import this module as ``common``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path


def find_kread(prog: str) -> str:
    """The `kread` beside this Python (the venv's), else the one on PATH; ``prog`` names
    the script in the message if there is neither."""
    beside = Path(sys.executable).parent / "kread"
    if beside.exists():
        return str(beside)
    found = shutil.which("kread")
    if found is None:
        raise SystemExit(f"{prog}: no `kread` beside this Python or on PATH")
    return found


def make_parser(description: str, unit: str) -> argparse.ArgumentParser:
    """A parser with the options every script has: ``--runs`` (of each ``unit``),
    ``--kread``, ``--json`` and ``--keep-env``; check ``--runs`` with ``parse_args``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=7, help=f"runs of each {unit} (default 7)")
    parser.add_argument("--kread", help="the kread command (default: the one beside this Python)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--keep-env",
        action="store_true",
        help="run with this environment as it is, PYTHONDONTWRITEBYTECODE and all (by default "
        "bytecode is cached in a temporary PYTHONPYCACHEPREFIX, as for an installed kread)",
    )
    return parser


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """``parser.parse_args``, then a usage error if ``--runs`` is below 1."""
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def bytecode_env(pycache: Path | None) -> dict[str, str]:
    """A copy of this environment; with ``pycache``, bytecode is cached there
    (``PYTHONPYCACHEPREFIX``) even if ``PYTHONDONTWRITEBYTECODE`` is set, so that kread's own
    modules are not compiled afresh at every run, as they are not for an installed kread."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env

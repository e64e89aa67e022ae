"""Where the palette's Screenshot is saved: somewhere the user can find it, said in full.

Textual saves to ~/Downloads, which a server seldom has, and then says only that it
failed. kread tries the folder it was started in, then its data folder, then the
temporary folder, and names the file it wrote or why none of them took it.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from kread.index.locations import data_root


def screenshot_folders() -> list[Path]:
    """Where a screenshot goes, the first that takes it."""
    return [Path.cwd(), data_root() / "screenshots", Path(tempfile.gettempdir())]


def screenshot_name(when: datetime | None = None) -> str:
    when = when or datetime.now()
    return f"kread_{when:%Y-%m-%dT%H_%M_%S_%f}.svg"


def save_svg(svg: str, name: str | None = None) -> Path:
    """Write ``svg`` to the first folder that takes it; its full path. Raises OSError
    saying why each folder did not."""
    name = name or screenshot_name()
    reasons: list[str] = []
    for folder in screenshot_folders():
        path = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            out = path.open("x", encoding="utf-8")  # never over another file
        except OSError as error:
            reasons.append(f"{folder}: {error.strerror or error}")
            continue
        try:
            with out:
                out.write(svg)
        except OSError as error:  # a full disk: no half a file left behind
            path.unlink(missing_ok=True)
            reasons.append(f"{folder}: {error.strerror or error}")
            continue
        return path.resolve()
    raise OSError("; ".join(reasons))

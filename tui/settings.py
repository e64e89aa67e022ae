"""The reader's settings: ``config.yaml`` in kread's user config directory, or the file
``$KREAD_CONFIG_FILE`` names. kread reads it and never writes it.

    theme: gruvbox            # a theme's name (ctrl+p, "Change theme", lists them)
    corpus: ~/articles        # the folder kread opens when --corpus is not given
    reading_width: 90         # the reader's widest line, in columns; 0: the whole pane
    keymap:                   # binding id: key(s); `?` shows every binding's id
      main.find: ctrl+f       # find in the article
      reader.down: j,down,ctrl+n

A problem in the file is one line naming the file and line, and only what it touches
falls back to the default: a typo in the keymap keeps the theme.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

CONFIG_NAME = "config.yaml"
SETTINGS = ("theme", "corpus", "reading_width", "keymap")
READING_WIDTHS = range(20, 1001)
_MAX_CONFIG_BYTES = 2**16


class Settings(NamedTuple):
    """What the file says, each value with the line it is on (for problems found later,
    such as a theme this Textual does not have). (A named tuple: `dataclasses` would add
    10 ms to every command's start.)"""

    theme: str | None = None
    corpus: str | None = None
    reading_width: int | None = None  # None: kread's measure; 0: the whole pane
    # The empty defaults are shared by every Settings built without them: never changed.
    keymap: dict[str, str] = {}
    lines: dict[str, int] = {}  # setting or keymap id -> line
    source: str = ""
    problems: tuple[str, ...] = ()

    def problem(self, key: str, what: str) -> str:
        """A problem with setting or keymap id ``key``, as ``FILE:LINE: what``."""
        return f"{self.source}:{self.lines.get(key, 1)}: {what}"


def config_file() -> Path:
    """Where the settings are read from."""
    override = os.environ.get("KREAD_CONFIG_FILE")
    if override:
        return Path(override).expanduser()
    from kread.index.locations import user_folder

    return user_folder("config") / CONFIG_NAME


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: `config_file`); defaults where there is no file,
    and for whatever the file gets wrong, with one line per problem in ``problems``."""
    path = path if path is not None else config_file()
    source = str(path)
    try:
        if not path.exists():
            return Settings(source=source)
        if not path.is_file():
            return _broken(source, 1, "not a file; kread's settings are a YAML file")
        if path.stat().st_size > _MAX_CONFIG_BYTES:
            return _broken(source, 1, "larger than 64 KiB; kread's settings are a few lines")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return _broken(source, 1, f"not UTF-8 text ({error.reason}); save it as UTF-8")
    except OSError as error:
        return _broken(source, 1, f"cannot be read ({error.strerror})")
    return _parse(source, text)


def _broken(source: str, line: int, what: str) -> Settings:
    return Settings(source=source, problems=(f"{source}:{line}: {what}; using the defaults",))


def _parse(source: str, text: str) -> Settings:
    import yaml

    from kread.index.reading import safe_yaml

    try:
        root = safe_yaml.compose(text)
    except yaml.YAMLError as error:
        line, problem = safe_yaml.problem_at(error)
        return _broken(source, line, problem)
    if root is None:
        return Settings(source=source)
    if not isinstance(root, yaml.MappingNode):
        return _broken(source, _line(root), f"settings are a mapping of {', '.join(SETTINGS)}")
    lines: dict[str, int] = {}
    problems: list[str] = []
    keymap: dict[str, str] = {}
    chosen: dict[str, object] = {}  # the settings with a usable value
    for key_node, value_node in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        where = f"{source}:{_line(key_node)}"
        if key not in SETTINGS:
            problems.append(
                f"{where}: unknown setting {str(key)[:40]!r}; kread reads {', '.join(SETTINGS)}"
            )
            continue
        if key in lines:
            problems.append(f"{where}: {key} is set twice; the first is used")
            continue
        lines[key] = _line(key_node)
        if key == "keymap":
            keymap = _keymap(source, value_node, lines, problems)
            continue
        value, problem = _value(key, value_node)
        if problem:
            problems.append(f"{source}:{_line(value_node)}: {problem}; using the default")
        else:
            chosen[key] = value
    return Settings(  # type: ignore[arg-type]
        source=source, lines=lines, problems=tuple(problems), keymap=keymap, **chosen
    )


def _line(node: object) -> int:
    return node.start_mark.line + 1  # type: ignore[attr-defined]


def _value(key: str, node: object) -> tuple[object, str]:
    """The value of setting ``key``, or a problem with it."""
    import yaml

    text = node.value if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(text, str) or not text.strip():
        return None, f"{key} needs a single value"
    text = text.strip()
    if key == "reading_width":
        width = int(text) if text.isdigit() else -1
        if width != 0 and width not in READING_WIDTHS:
            return None, (
                f"reading_width {text[:20]!r} is not a width; give columns from "
                f"{READING_WIDTHS.start} to {READING_WIDTHS.stop - 1}, or 0 for the whole pane"
            )
        return width, ""
    return text, ""


def _keymap(source: str, node: object, lines: dict[str, int], problems: list[str]) -> dict:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        problems.append(
            f"{source}:{_line(node)}: keymap is a mapping of binding ids to keys, such as "
            "'main.search: ctrl+f'; using the default keys"
        )
        return {}
    keymap: dict[str, str] = {}
    for id_node, keys_node in node.value:
        binding_id = id_node.value if isinstance(id_node, yaml.ScalarNode) else None
        keys = keys_node.value if isinstance(keys_node, yaml.ScalarNode) else None
        where = f"{source}:{_line(id_node)}"
        if not isinstance(binding_id, str) or not isinstance(keys, str) or not keys.strip():
            problems.append(
                f"{where}: a keymap line is 'binding id: key', such as 'main.copy: ctrl+y'"
            )
            continue
        if binding_id in keymap:
            problems.append(f"{where}: {binding_id} is mapped twice; the first is used")
            continue
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
        lines[binding_id] = _line(id_node)
    return keymap

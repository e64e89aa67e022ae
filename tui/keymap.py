"""The user's keymap checked against kread's bindings before Textual gets it: Textual
takes any id and any key, silently, and a key given to two bindings of one screen drops
the other. Here each such line is one problem naming the file and line, and is left out."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

from kread.tui.settings import Settings

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED_KEYS = frozenset(key.value for key in Keys)
# Keys kread needs whatever the keymap says: quitting, and the Ctrl-C hint.
FIXED = frozenset({"app.quit", "app.ctrl_c"})

Section = tuple[str, Sequence[Binding]]


def key_names(keys: str) -> list[str]:
    """``"n, ?"`` as Textual names its keys: ``["n", "question_mark"]``."""
    return [_character_to_key(k) if len(k) == 1 else k for k in keys.replace(" ", "").split(",")]


def is_key(name: str) -> bool:
    """Whether Textual can ever report key ``name`` (after `key_names`)."""
    *modifiers, base = name.split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if len(base) == 1 or name in _NAMED_KEYS or base in _NAMED_KEYS:
        return True
    try:
        unicodedata.lookup(base.replace("_", " "))  # "full_stop", "question_mark"
    except KeyError:
        return False
    return True


def check_keymap(settings: Settings, sections: Sequence[Section]) -> tuple[dict[str, str], list]:
    """The keymap to give Textual, and one line per entry left out."""
    by_id: dict[str, tuple[int, Binding]] = {}
    for number, (_title, bindings) in enumerate(sections):
        for binding in bindings:
            if binding.id:
                by_id.setdefault(binding.id, (number, binding))
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in settings.keymap.items():
        names = key_names(keys)
        bad = [name for name in names if not is_key(name)]
        if binding_id not in by_id:
            problems.append(
                settings.problem(
                    binding_id, f"no binding is called {binding_id[:40]!r}; ? lists every id"
                )
            )
        elif binding_id in FIXED:
            problems.append(settings.problem(binding_id, f"{binding_id} cannot be remapped"))
        elif bad:
            problems.append(
                settings.problem(
                    binding_id,
                    f"{bad[0][:30]!r} is not a key; write keys as Textual names them, such "
                    "as 'f', 'F', 'ctrl+f', 'f5', 'pageup', 'question_mark'",
                )
            )
        else:
            keymap[binding_id] = ",".join(names)
    for binding_id, clash in _clashes(keymap, sections, by_id).items():
        problems.append(settings.problem(binding_id, clash))
        del keymap[binding_id]
    _keep_key_sharers(keymap, sections, by_id)
    return keymap, problems


def _keep_key_sharers(
    keymap: dict[str, str], sections: Sequence[Section], by_id: dict[str, tuple[int, Binding]]
) -> None:
    """Textual (8.2.8) takes a key off every binding of it when the keymap moves one of
    them ("/" is find in the reader and search on the list): a binding that shares a key
    with a remapped one keeps it only if the keymap names it too."""
    for binding_id in list(keymap):
        number, binding = by_id[binding_id]
        own = set(key_names(binding.key))
        for other in sections[number][1]:
            if other.id and other.id not in keymap and own & set(key_names(other.key)):
                keymap[other.id] = ",".join(key_names(other.key))


def _clashes(
    keymap: dict[str, str], sections: Sequence[Section], by_id: dict[str, tuple[int, Binding]]
) -> dict[str, str]:
    """Keymap entries that give a key another binding of the same section keeps."""
    clashes: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        number, binding = by_id[binding_id]
        for other in sections[number][1]:
            if other.id == binding_id or other.id is None:
                continue
            other_keys = keymap.get(other.id) or ",".join(key_names(other.key))
            # Keys the two already share (one acts in the reader, one on the list) are no clash.
            already = set(key_names(binding.key)) & set(key_names(other.key))
            shared = (set(keys.split(",")) & set(other_keys.split(","))) - already
            if shared:
                clashes[binding_id] = (
                    f"{sorted(shared)[0]} is already {other.id} in {sections[number][0]}; "
                    f"map {other.id} to another key too, or choose another for {binding_id}"
                )
                break
    return clashes

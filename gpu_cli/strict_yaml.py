"""YAML for hand-edited facts files: safe tags only, no surprises.

PyYAML's safe loader still keeps the last of two duplicate keys, reads `NO` as
false, `010` as 8 and `2024-02-30` as a date (or a crash), and shares aliased
nodes, so a small "billion laughs" file explodes whatever walks the data later.
This loader keeps YAML 1.2's core scalars, and refuses duplicates, aliases and
deep nesting with the line where they stand.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

MAX_DEPTH = 64
MAX_INT_DIGITS = 40

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when built


class StrictLoader(_Base):  # type: ignore[misc]
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:  # e.g. an impossible !!timestamp
            raise ConstructorError(None, None, str(error), node.start_mark) from None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise ConstructorError(None, None, "a key cannot be a list or mapping", key_node.start_mark)
            if key in mapping:
                raise ConstructorError("in the mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: Node) -> int:
        if len(node.value) > MAX_INT_DIGITS:
            raise ConstructorError(None, None, f"integer of {len(node.value)} digits is too large", node.start_mark)
        return int(node.value.replace("_", ""))


# YAML 1.2 core schema: only true/false are booleans, only plain decimals are
# integers, and dates, `=` and `<<` stay text.
_DROPPED = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)


def _check_tree(root: Node) -> None:
    """Refuse aliases (a node reached twice) and nesting past MAX_DEPTH, before
    anything expands the tree. Iterative, so it cannot itself recurse too deep."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ConstructorError(None, None, "anchors and aliases (&name, *name) are not allowed", node.start_mark)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise ConstructorError(None, None, f"nested deeper than {MAX_DEPTH} levels", node.start_mark)
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def load(text: str) -> tuple[Any, Node | None]:
    """Parse one document; return the data and its node tree (for error lines)."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_tree(node)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def line_of(root: Node | None, path: tuple[int | str, ...], key: bool = False) -> int | None:
    """The 1-based line of the value at `path` (or of its key), if it can be found."""
    node, found = root, root
    for step in path:
        if isinstance(node, MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(step)), None)
            if match is None:
                break
            found, node = (match[0] if key else match[1]), match[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node = node.value[step]
        else:
            break
    return found.start_mark.line + 1 if found is not None else None

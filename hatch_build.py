"""Wheel build hook: ship the facts as JSON too.

The installed gpudeal reads `gpu_cli/facts.json` when no --facts is given, so
the everyday path needs neither PyYAML's import nor its parser. The JSON is
made here from the repository's facts.yaml by gpudeal's own strict reader,
so it holds exactly the data that reading the YAML gives (a test checks the
installed copy against it), and validated here as a user's file is: the
installed gpudeal builds the shipped facts without validating them again
(`gpu_cli.models.trusted`), so facts that do not validate fail the build.
facts.yaml is still shipped beside it, for people to copy and edit.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class FactsJsonHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # an editable install reads the checkout's facts.yaml
            return
        sys.path.insert(0, self.root)
        try:
            from gpu_cli.loader import validate
            from gpu_cli.strict_yaml import load
        finally:
            sys.path.remove(self.root)
        data, lines = load((Path(self.root) / "facts.yaml").read_text(encoding="utf-8"))
        validate(data, "facts.yaml", lines)  # raises FactsError, naming each problem
        self._folder = Path(tempfile.mkdtemp(prefix="gpudeal-build-"))
        target = self._folder / "facts.json"
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        build_data["force_include"][str(target)] = "gpu_cli/facts.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

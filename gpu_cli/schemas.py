"""JSON Schemas generated from the models, never written by hand."""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(name: str) -> dict[str, Any]:
    from pydantic import TypeAdapter

    schema = TypeAdapter(schema_targets()[name]).json_schema(mode="serialization")
    schema.pop("title", None)  # the model's class name; the command's name says more
    return {"$schema": DIALECT, "title": f"gpudeal {name}", **schema}


def schema_targets() -> dict[str, Any]:
    """What each view's --json output is (and the facts file), by name."""
    from gpu_cli.models import (
        ChangeRecord,
        CheckRecord,
        CorroborationRecord,
        Facts,
        PartnerView,
        RankEntry,
        SourcedCheckRecord,
        SourceRecord,
        SummaryRecord,
        VerifyRecord,
    )

    return {
        "partners": list[PartnerView],
        "rank": list[RankEntry],
        "show": PartnerView,
        "check": list[CheckRecord] | list[SourcedCheckRecord],  # --sources all adds `inputs`
        "summary": SummaryRecord,
        "diff": list[ChangeRecord],
        "sources": list[SourceRecord],
        "corroborate": list[CorroborationRecord],
        "verify": list[VerifyRecord],
        "facts": Facts,
    }

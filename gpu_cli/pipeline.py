"""From a command's request to its bytes out: read the facts (and the source),
make the records through the pure layers, render them, emit them, and say
what the exit status is. One function a kind of command; the commands call
one of them and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from gpu_cli.environment import Environment
from gpu_cli.errors import (
    DiffTrouble,
    ExitStatus,
    FactsError,
    GpudealError,
    NotFoundError,
    OutputError,
    SourceError,
    UsageError,
)  # fmt: skip
from gpu_cli.output import emit
from gpu_cli.output import report as report_lines
from gpu_cli.requests import (
    DATA_FORMATS,
    DatabaseRequest,
    DiffRequest,
    ListRequest,
    Output,
    Record,
    ReportRequest,
    ShowRequest,
    SummaryRequest,
    VerifyRequest,
)  # fmt: skip
from gpu_cli.text import numbers_in

if TYPE_CHECKING:
    from gpu_cli.annotation import Annotated
    from gpu_cli.loader import LineOf
    from gpu_cli.models import Facts
    from gpu_cli.queries import Section

OWN_OUTPUT = "it is gpudeal's own output, not the article the facts come from"
THE_FACTS = "it is the facts file itself, not the article they come from (verify would only find the excerpts in it)"


def listing(env: Environment, request: ListRequest) -> int:
    """partners, rank, check: records, sorted, as a table, a chart or data."""
    with numbers_in(request.output.locale):
        return _listing(env, request)


def _listing(env: Environment, request: ListRequest) -> int:
    from gpu_cli.queries import sort_records
    from gpu_cli.render.views import listing as render_listing

    spec, out = request.spec, request.output
    if _listed_fields(env, out, spec.fields()):
        return ExitStatus.OK
    assert spec.records is not None, f"{spec.name} declares no records"
    facts = load(env, request.facts)
    records = spec.records(facts, request)
    if not records and spec.name in NOTHING:  # said on stderr, exit 1; a machine format still gets its empty document
        if out.format != "table":
            emit(env.stdout, render_listing(env, records, out.format, fields=out.fields, all_fields=spec.fields(),
                                            columns=spec.columns))  # fmt: skip
        raise NotFoundError(NOTHING[spec.name](request))
    if out.sort:
        records = sort_records(records, out.sort, out.reverse)
    caption = spec.caption(facts, records) if spec.caption and out.format == "table" else None
    columns = spec.wide_columns if out.wide else spec.columns
    chart = spec.chart_label if out.chart else None
    with exporting(env, out.export):
        if out.picture:  # the export is matplotlib's picture; stdout shows what it always does
            _save_picture(facts, request, records)
        emit(
            env.stdout,
            render_listing(
                env, records, out.format, fields=out.fields, all_fields=spec.fields(), columns=columns,
                title=spec.chart_title if chart else None, caption=caption, chart=chart, log=out.log,
                export=None if out.picture else out.export, export_title=f"gpudeal {spec.name}",
            ),
        )  # fmt: skip
    return ExitStatus.FAILURE if spec.failed and spec.failed(records) else ExitStatus.OK


def _save_picture(facts: Facts, request: ListRequest, records: list[Record]) -> None:
    """`--chart --export FILE.svg|png`: the chart drawn by matplotlib (render.slide)."""
    from gpu_cli.output import save_export
    from gpu_cli.render.slide import picture

    spec, out = request.spec, request.output
    assert spec.marks is not None and out.export is not None, f"{spec.name} draws no picture"
    path = Path(out.export)
    save_export(path, picture(facts, spec, records, out, path.suffix.lower().lstrip(".")))


def show(env: Environment, request: ShowRequest) -> int:
    """One partner: as a record of labelled rows (the table), or its fields."""
    with numbers_in(request.output.locale):
        return _show(env, request)


def _show(env: Environment, request: ShowRequest) -> int:
    from gpu_cli import queries
    from gpu_cli.render import views

    out = request.output
    if _listed_fields(env, out, request.spec.fields()):
        return ExitStatus.OK
    from gpu_cli.loader import reads_stdin

    if request.article is not None and reads_stdin(request.article) and reads_stdin(facts_path(env, request.facts)):
        raise UsageError("--article and --facts both read standard input; give one of them as a file")
    facts = load(env, request.facts)
    partner = queries.find_partner(facts, request.partner)
    record = queries.partner_record(facts, partner.id)
    if out.format == "table" and out.fields is None:
        from gpu_cli.profile import partner_sections

        article = _read_article(request.article, facts_path(env, request.facts)) if request.article else None
        name = "standard input" if request.article == "-" else request.article or "the article"
        blocks = partner_sections(facts, partner, record, article, name)
        with exporting(env, out.export):
            emit(env.stdout, views.sections(env, blocks, export=out.export, export_title="gpudeal show"))
        return ExitStatus.OK
    with exporting(env, out.export):
        emit(
            env.stdout,
            views.single(env, record, out.format, out.fields, export=out.export, export_title="gpudeal show"),
        )
    return ExitStatus.OK


def summary(env: Environment, request: SummaryRequest) -> int:
    with numbers_in(request.output.locale):
        return _summary(env, request)


def _summary(env: Environment, request: SummaryRequest) -> int:
    from gpu_cli import queries
    from gpu_cli.facts_in_use import describe
    from gpu_cli.render import views

    out = request.output
    facts = load(env, request.facts)
    in_use: Section = ("Facts in use", [("File", describe(facts_path(env, request.facts)))])
    if out.format in DATA_FORMATS:
        emit(env.stdout, views.data(env, queries.summary_record(facts), out.format))
    elif out.format == "markdown":
        emit(env.stdout, views.sections_markdown([*queries.summary_sections(facts), in_use]))
    else:
        sections = [*queries.summary_sections(facts), in_use]
        with exporting(env, out.export):
            emit(env.stdout, views.sections(env, sections, export=out.export, export_title="gpudeal summary"))
    return ExitStatus.OK


def report(env: Environment, request: ReportRequest) -> int:
    """One self-contained HTML page: the facts, their charts, the checks, the
    other reports, and with --source the article annotated (render.page)."""
    with numbers_in(request.locale):
        return _report(env, request)


def _report(env: Environment, request: ReportRequest) -> int:
    from gpu_cli import queries
    from gpu_cli.checks import run_checks
    from gpu_cli.reconcile import corroborate_records
    from gpu_cli.render.marks import partner_marks, rank_marks
    from gpu_cli.render.page import ReportParts, render
    from gpu_cli.render.slide import Slide

    if request.path != "-" and not request.replace:
        _not_someone_elses_page(Path(request.path))
    facts, findings, annotated = _facts_and_source(env, request.facts, request.source)
    partners, ranking = queries.partner_records(facts), queries.rank_records(facts)
    credits = {
        name: queries.source_line(facts, records=rows) for name, rows in (("partners", partners), ("ranking", ranking))
    }
    parts = ReportParts(
        facts=facts, glance=queries.summary_sections(facts), partners=partners, ranking=ranking,
        checks=[rule.model_dump() for rule in run_checks(facts)], corroborations=corroborate_records(facts),
        charts={"partners": Slide("GPUs per partner", partner_marks(partners), credits["partners"]),
                "ranking": Slide("GPUs per country", rank_marks(ranking), credits["ranking"], log=True)},
        findings=findings, article=annotated,
        source_name=_shown_name(request.source),
    )  # fmt: skip
    _write_whole(env, request.path, render(parts))
    return ExitStatus.OK


def _not_someone_elses_page(path: Path) -> None:
    """Refuse to overwrite an existing file that is not a page gpudeal wrote (`--replace` allows it)."""
    from gpu_cli.render.page import is_ours

    if path.is_file() and not is_ours(path):
        raise OutputError(
            f"cannot write {path}: it exists and is not a page gpudeal wrote; use --replace to overwrite it"
        )


def _shown_name(source: str | None) -> str | None:
    """The article as a published page names it: its file name, never the folders it sits in."""
    return None if source is None else "standard input" if source == "-" else Path(source).name


def _facts_and_source(
    env: Environment, facts_given: str | None, source: str | None
) -> tuple[Facts, list[Record] | None, Annotated | None]:
    """The facts; with a source, verify's findings and the passages of their excerpts."""
    if source is None:
        return load(env, facts_given), None, None
    from gpu_cli.annotation import annotate
    from gpu_cli.loader import reads_stdin
    from gpu_cli.verify import verify as check_against

    if reads_stdin(source) and reads_stdin(facts_path(env, facts_given)):
        raise UsageError("--source and --facts both read standard input; give one of them as a file")
    facts, line_of = load_with_lines(env, facts_given)
    text = _read_article(source, facts_path(env, facts_given))
    language = facts.source.language if facts.source else None
    findings = check_against(facts, text, line_of, language)
    return facts, findings, annotate(facts, text)


def _write_whole(env: Environment, path: str, content: str) -> None:
    """A command's one output, a file (atomic, said on stderr) or `-` for stdout."""
    if path == "-":
        emit(env.stdout, content)
        return
    from gpu_cli.output import write_file

    write_file(Path(path), content)
    report_lines(env.stderr, [f"wrote {path}"])


def export_database(env: Environment, request: DatabaseRequest) -> int:
    """The facts and every view of them as one SQLite database, with Datasette's metadata beside it."""
    from gpu_cli.render.database import write_database

    facts = load(env, request.facts)
    metadata = write_database(facts, Path(request.path), request.replace)
    report_lines(env.stderr, [f"wrote {request.path}", f"wrote {metadata}"])
    return ExitStatus.OK


def verify(env: Environment, request: VerifyRequest) -> int:
    """The facts against the text of their source; 1 when any fact fails."""
    from gpu_cli.loader import reads_stdin
    from gpu_cli.render.views import listing as render_listing

    spec, out = request.spec, request.output
    if _listed_fields(env, out, spec.fields()):
        return ExitStatus.OK
    if reads_stdin(request.source) and reads_stdin(facts_path(env, request.facts)):
        raise UsageError("SOURCE and --facts both read standard input; give one of them as a file")
    facts, line_of = load_with_lines(env, request.facts)
    text = _read_article(request.source, facts_path(env, request.facts))
    records = _verified(facts, text, line_of, request.source_id)
    emit(
        env.stdout,
        render_listing(env, records, out.format, fields=out.fields, all_fields=spec.fields(), columns=spec.columns),
    )
    return ExitStatus.FAILURE if spec.failed and spec.failed(records) else ExitStatus.OK


def _verified(facts: Facts, text: str, line_of: LineOf, source_id: str | None) -> list[Record]:
    """The article's claims (the facts), or those one other source reports, against `text`."""
    from gpu_cli.models import ARTICLE
    from gpu_cli.sources import known_source
    from gpu_cli.verify import verify, verify_reports

    if source_id is None or source_id == ARTICLE:
        return verify(facts, text, line_of, facts.source.language if facts.source else None)
    known_source(facts, source_id)
    language = next(s.language for s in facts.sources if s.id == source_id)
    records = verify_reports(facts, source_id, text, line_of, language)
    if not records:
        raise NotFoundError(f"the source {source_id!r} reports no facts; nothing to check")
    return records


def diff(env: Environment, request: DiffRequest) -> int:
    """diff(1)'s statuses: 0 the same, 1 different, 2 trouble (a file that
    cannot be read or is invalid, output that cannot be written)."""
    from gpu_cli.diff import diff_facts
    from gpu_cli.render.changes import changes_view

    out = request.output
    if _listed_fields(env, out, request.spec.fields()):
        return ExitStatus.OK
    changes = diff_facts(_diffed(request.old), _diffed(request.new))
    try:
        emit(env.stdout, changes_view(env, changes, out.format, out.fields))
    except OutputError as error:  # a script must not read "different" from a failed write
        raise DiffTrouble(error) from None
    return ExitStatus.FAILURE if changes else ExitStatus.OK


def load(env: Environment, facts: str | None) -> Facts:
    """The facts in use: --facts, else $GPUDEAL_FACTS, else the shipped facts (read from their JSON twin)."""
    from gpu_cli.loader import load_facts

    with _naming_the_origin(env, facts) as path:
        return load_facts(path)


def load_with_lines(env: Environment, facts: str | None) -> tuple[Facts, LineOf]:
    """The facts in use and where each path stands in their file (`verify`)."""
    from gpu_cli.loader import load_with_lines as load_lines

    with _naming_the_origin(env, facts) as path:
        return load_lines(path)


def facts_path(env: Environment, facts: str | None) -> Path:
    """Which facts a run reads; a note (once a run) when they are the shipped
    ones while ./facts.yaml, different, is not (gpu_cli.facts_in_use)."""
    from gpu_cli.facts_in_use import local_copy_note
    from gpu_cli.loader import locate

    path = locate(facts, env.environ)
    if not env.facts_noted:  # once a run, however many times the facts are located
        env.facts_noted = True
        note = local_copy_note(path, facts, env.environ)
        if note:
            report_lines(env.stderr, [note])
    return path


@contextmanager
def _naming_the_origin(env: Environment, facts: str | None) -> Iterator[Path]:
    """The path to read; an error in a file named by $GPUDEAL_FACTS says so,
    since the user did not type that path."""
    from gpu_cli.loader import ENV_VAR

    try:
        yield facts_path(env, facts)
    except FactsError as error:
        if not facts and env.environ.get(ENV_VAR):
            error.named_by = f"${ENV_VAR}"
        raise


def _listed_fields(env: Environment, out: Output, valid: tuple[str, ...]) -> bool:
    """A bare --fields: the view's field names, one a line, and nothing else."""
    if out.list_fields:
        emit(env.stdout, "".join(f"{name}\n" for name in valid))
    return out.list_fields


@contextmanager
def exporting(env: Environment, export: str | None) -> Iterator[None]:
    """Around writing stdout: then say what became of the --export file, which
    was written first. Both are told whatever happened to the other: a failed
    stdout still says `wrote x.svg`; a failed export lets the table through,
    then fails the run."""
    try:
        yield
    except GpudealError:
        _say_export(env, export, raising=False)
        raise
    _say_export(env, export, raising=True)


def _say_export(env: Environment, export: str | None, raising: bool) -> None:
    from gpu_cli.output import take_export

    attempted, failure = take_export(export) if export is not None else (False, None)
    if not attempted:
        return
    if failure is None:
        report_lines(env.stderr, [f"wrote {export}"])
    elif raising:
        raise failure
    else:
        report_lines(env.stderr, failure.lines())


# What to say when a list command has no records.
NOTHING: dict[str, Callable[[ListRequest], str]] = {
    "partners": lambda request: (
        f"no partners match --kind {request.kind}" if request.kind else "the facts list no partners"
    ),
    "rank": lambda request: "the facts have no ranking",
}


def _diffed(spec: str) -> Facts:
    from gpu_cli.loader import STDIN, load_facts

    try:
        return load_facts(STDIN if spec == "-" else Path(spec))
    except GpudealError as error:
        raise DiffTrouble(error) from None


def _read_article(source: str, facts_path: Path) -> str:
    """The text facts are checked against (verify, report --source, show --article): refused
    when it is the facts file, another facts file or gpudeal's own output."""
    _not_the_facts_path(source, facts_path)
    text = _read_source(source)
    _not_our_own_data(text, source)
    return text


def _not_the_facts_path(source: str, facts_path: Path) -> None:
    """Refuse a SOURCE that is the very file the facts are read from."""
    from gpu_cli.loader import STDIN

    if source != "-" and facts_path is not STDIN:
        try:
            same = Path(source).samefile(facts_path)
        except OSError:  # either is missing: reading them says so
            return
        if same:
            raise SourceError(source, [THE_FACTS])


def _not_our_own_data(text: str, source: str) -> None:
    """Refuse a SOURCE that is a facts file or gpudeal's own output (a
    `partners` or `summary` dump, in JSON or YAML): the excerpts are in it,
    copied, so finding them there proves nothing."""
    from pydantic import TypeAdapter, ValidationError

    from gpu_cli.errors import ReadError
    from gpu_cli.schemas import schema_targets

    if "provenance" not in text:  # an article: no parse and validation to find out
        return
    try:
        if text.lstrip().startswith(("{", "[")):
            from gpu_cli import strict_json

            data = strict_json.load(text)
        else:
            from gpu_cli import strict_yaml

            data, _ = strict_yaml.load(text)
    except ReadError:
        return
    if not isinstance(data, dict | list):
        return
    for name, target in schema_targets().items():
        try:
            TypeAdapter(target).validate_python(data)
        except ValidationError:
            continue
        raise SourceError(source, [THE_FACTS if name == "facts" else f"{OWN_OUTPUT} ({name})"])


def _read_source(source: str) -> str:
    """The whole source, read like a facts file (size cap, UTF-8, no FIFO hang)."""
    from gpu_cli.loader import STDIN, read_text

    text = read_text(STDIN if source == "-" else Path(source), SourceError)
    if not text.strip():
        raise SourceError(source, ["it has no text"])
    return text

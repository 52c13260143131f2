"""The command line: the Typer app, the root options, and the boundary where
errors become messages. Each command lives in `gpu_cli.commands` (options in,
one call into the layers below, one render out). Imports stay light at the
top: `--help`, shell completion and the JSON path must not pay for rich or YAML."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from gpu_cli import __version__, output
from gpu_cli.commands.check import check
from gpu_cli.commands.common import ColorOpt, FactsOpt, Session, env_of
from gpu_cli.commands.partners import partners
from gpu_cli.commands.rank import rank
from gpu_cli.commands.schema import schema
from gpu_cli.commands.show import show
from gpu_cli.commands.summary import summary
from gpu_cli.commands.verify import verify
from gpu_cli.environment import Environment, clamp_columns
from gpu_cli.errors import ExitStatus, GpudealError

EPILOG = """\
[bold]Environment[/bold]: GPUDEAL_FACTS (facts file when --facts is not given),
NO_COLOR (no colour), FORCE_COLOR (colour even in a pipe; NO_COLOR wins),
COLUMNS (table and chart width), GPUDEAL_DEBUG=1 (full traceback on an unexpected error).

[bold]Exit codes[/bold]: 0 success; 1 unusable facts or source, nothing found, a failed
check or verify, unwritable output; 2 usage error; 130 interrupted; 141 the reader closed the pipe."""


class _Boundary(TyperGroup):
    """Where errors become messages: a GpudealError prints its lines on stderr and
    exits with its status; an unexpected error prints one line, not a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except GpudealError as error:
            _fail(env_of(ctx), error.lines(), error.exit_status)
        except Exception as error:
            if env_of(ctx).debug:
                raise
            _fail(env_of(ctx), [f"unexpected error: {type(error).__name__}: {error}",
                              "run again with GPUDEAL_DEBUG=1 for the full traceback"], ExitStatus.FAILURE)  # fmt: skip


def _fail(env: Environment, lines: list[str], status: int) -> NoReturn:
    output.report(env.stderr, lines)
    raise typer.Exit(int(status))


app = typer.Typer(
    name="gpudeal",
    cls=_Boundary,
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"gpudeal {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    facts: FactsOpt = None,
    color: ColorOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check, query and show the facts of Nvidia's deal to supply South Korea with
    more than 260,000 AI GPUs. Every number comes from the article, with its
    qualifier; derived numbers say so.

    [bold]Examples[/bold]

        gpudeal partners
        gpudeal partners --json | jq '[.[].gpus // 0] | add'
        gpudeal rank --chart --log
        gpudeal show samsung
        gpudeal check
        gpudeal verify article.txt
    """
    env = Environment(color_choice=color.value if color else "auto")
    ctx.obj = Session(env, facts)


for _command in (partners, rank, show, summary, check, verify, schema):
    app.command()(_command)


def _bare_fields(args: list[str]) -> list[str]:
    """Typer has no optional option values, so a bare `--fields` (last, or
    followed by another option) becomes `--fields help` before parsing."""
    out = []
    for index, arg in enumerate(args):
        out.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "--fields" and (following is None or following.startswith("-")):
            out.append("help")
    return out


def main() -> None:
    """Console-script entry point. Every byte goes through gpu_cli.output, and the
    exit status says whether all of it was written."""
    output.install()
    clamp_columns(os.environ)  # Typer's and rich's help read COLUMNS themselves
    try:
        app(args=_bare_fields(sys.argv[1:]), prog_name="gpudeal")
        status = int(ExitStatus.OK)
    except SystemExit as done:
        status = output.exit_status(done.code)
    except GpudealError as error:  # raised outside the commands: writing help, --version, completion
        output.report(sys.stderr, error.lines())
        status = int(error.exit_status)
    except KeyboardInterrupt:
        output.discard()
        raise
    sys.exit(output.finish(status))

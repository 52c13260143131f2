"""The command line: the Typer app, the root options, and the boundary where
errors become messages. Each command lives in `gpu_cli.commands` (options in,
one call into the layers below, one render out). Imports stay light at the
top: `--help`, shell completion and the JSON path must not pay for rich or YAML."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from gpu_cli import __version__, output
from gpu_cli.commands.options import ColorOpt, facts_option
from gpu_cli.commands.session import Session, env_of
from gpu_cli.environment import Environment, clamp_columns
from gpu_cli.errors import ExitStatus, GpudealError, Terminated, UsageError, status_for
from gpu_cli.requests import facts_given

PROG = "gpudeal"
COMPLETE_VAR = "_GPUDEAL_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

EPILOG = """\
[bold]Environment[/bold]
  GPUDEAL_FACTS    facts file when --facts is not given
  NO_COLOR         no colour
  FORCE_COLOR      colour even in a pipe (NO_COLOR wins)
  COLUMNS          table and chart width
  GPUDEAL_DEBUG=1  full traceback of an unexpected error

[bold]Exit codes[/bold]
  0    success; check, verify, diff: yes (all ok, no differences)
  1    check, verify, diff: no (a rule or fact fails, differences);
       other commands: unusable facts, nothing found, unwritable output
  2    usage error; check, verify, diff: could not answer
       (unusable facts or source, unwritable output)
  130  interrupted (Ctrl-C)
  141  the reader closed the pipe
  143  terminated (SIGTERM)"""


def _without_flag_metavars(params: list[Any]) -> list[Any]:
    """Typer's help prints `<bool>` after a flag, as if it took a value, and
    `<str>` after an argument whose name (PARTNER, SOURCE) already says it."""
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
    return params


def _refuse_repeats(command: Any, ctx: Any, args: Sequence[str]) -> None:
    """An option that takes one value given twice would silently keep the last:
    `--kind cloud --kind government`. Refused, as a field named twice is. A
    group's scan stops at its command, whose own options are its own."""
    single = {
        opt: param
        for param in command.get_params(ctx)
        if param.param_type_name == "option" and not param.multiple and not param.count
        for opt in (*param.opts, *param.secondary_opts)
    }
    seen: dict[str, list[str]] = {}
    takes_value = False
    for arg in args:
        if takes_value:
            takes_value = False
            continue
        if arg == "--" or arg in getattr(command, "commands", ()):
            break
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        param = single.get(name)
        if param is not None:
            seen.setdefault(param.name, []).append(name)
            takes_value = not param.is_flag and "=" not in arg
    for given in seen.values():
        if len(given) > 1:
            raise UsageError(f"{given[0]} is given {len(given)} times; give it once")


class _Command(TyperCommand):
    """A command whose usage line reads `gpudeal show PARTNER [OPTIONS]`."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_metavars(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            _refuse_repeats(self, ctx, args)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = str(param.metavar or param.name).upper()
                pieces.append(name if param.required else f"[{name}]")
        return [*pieces, self.options_metavar or "[OPTIONS]"]


class _Boundary(TyperGroup):
    """Where errors become messages. A GpudealError prints its lines on stderr
    and exits with its status; a usage error, Click's or gpudeal's, prints
    `gpudeal: error: …` and where to find help, and exits 2; an unexpected
    error prints one line, not a traceback."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_metavars(super().get_params(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # completion parses half-typed lines
            try:
                _refuse_repeats(self, ctx, args)
            except UsageError as error:  # before invoke's boundary: reported here in the same voice
                _usage_report(env_of(ctx), str(error), PROG)
                raise typer.Exit(int(ExitStatus.USAGE)) from None
        return super().parse_args(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> NoReturn:
        try:  # not standalone: Click's errors come back here instead of as a rich box
            status = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as error:  # the Click family: parsing and usage
            ctx = getattr(error, "ctx", None)
            if type(error).__name__ == "NoArgsIsHelpError":  # bare `gpudeal`: the help, on stdout, as gh does
                sys.exit(ExitStatus.OK if ctx is None or ctx.parent is None else ExitStatus.USAGE)
            env = env_of(ctx) if ctx is not None else Environment()
            if error.exit_code == ExitStatus.USAGE:
                named = _invoked(list(args or ()))  # an option's missing value: Click gives no context
                where = ctx.command_path if ctx is not None else f"{PROG} {named}" if named else PROG
                _usage_report(env, _click_message(error), where)
            else:
                output.report(env.stderr, [error.format_message()])
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.exit(ExitStatus.FAILURE)
        sys.exit(status if isinstance(status, int) else ExitStatus.OK)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except GpudealError as error:
            env = env_of(ctx)
            if isinstance(error, UsageError):
                _usage_report(env, str(error), f"{ctx.command_path} {ctx.invoked_subcommand or ''}".strip())
                raise typer.Exit(int(ExitStatus.USAGE)) from None
            _fail(env, error.lines(), status_for(ctx.invoked_subcommand, error.exit_status))
        except Exception as error:
            if env_of(ctx).debug:
                raise
            _fail(env_of(ctx), [f"unexpected error: {type(error).__name__}: {error}",
                              "run again with GPUDEAL_DEBUG=1 for the full traceback"],
                  status_for(ctx.invoked_subcommand, ExitStatus.FAILURE))  # fmt: skip

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command gets gpudeal's did-you-mean, not Click's wording."""
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            from gpu_cli.suggest import did_you_mean

            raise UsageError(f"no such command {name!r}{did_you_mean(name, self.list_commands(ctx))}")
        return super().resolve_command(ctx, args)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        if os.environ.get(COMPLETE_VAR):
            from typer._completion_classes import completion_init

            from gpu_cli.completion import register

            completion_init()  # Typer's bash/zsh/fish/PowerShell formats, as its own options would register
            register()  # ...with gpudeal's quoting for bash, zsh and fish, and no markup
        try:
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except (KeyError, ValueError) as error:  # the shell's variables are missing or malformed
            raise GpudealError(f"cannot complete: the shell's completion request is malformed ({error!r})") from None
        except GpudealError:
            raise  # the reader gone (141), a closed stdout: said as anywhere else
        except Exception as error:  # never a traceback into the user's terminal at TAB
            if os.environ.get("GPUDEAL_DEBUG", "") not in ("", "0"):
                raise
            raise GpudealError(f"cannot complete: {type(error).__name__}: {error}") from None


def _click_message(error: Any) -> str:
    """Click's message in gpudeal's voice. An unknown option gets a did-you-mean
    from difflib, names compared without their dashes, instead of Click's
    "Possible options" (prefix matches, often odd: `--log` → `--color`)."""
    from gpu_cli.suggest import closest

    option, ctx, param = (getattr(error, name, None) for name in ("option_name", "ctx", "param"))
    if option is not None and ctx is not None:
        options = [p for p in ctx.command.get_params(ctx) if p.param_type_name == "option"]  # not arguments
        known = {name.lstrip("-"): name for p in options for name in (*p.opts, *p.secondary_opts)}
        hint = closest(option.lstrip("-"), known)
        return f"no such option: {option}" + (f"; did you mean {known[hint]!r}?" if hint else "")
    if param is not None and type(error).__name__ == "BadParameter":
        name = next((o for o in param.opts if o.startswith("--")), param.metavar or param.name)
        return f"invalid value for {name}: {error.message}"
    message = str(error.format_message()).strip().removesuffix(".")
    return message[:1].lower() + message[1:]


def _usage_report(env: Environment, message: str, command_path: str) -> None:
    """`gpudeal: error: …` and where the help is, as git and grep do."""
    output.report(env.stderr, [f"error: {message}"])
    output.report(env.stderr, [f"Try '{command_path} --help'."], prefix="")


def _fail(env: Environment, lines: list[str], status: int) -> NoReturn:
    output.report(env.stderr, lines)
    raise typer.Exit(int(status))


def _version(ctx: typer.Context, value: bool) -> None:
    """--version: printed once the root's --facts is known, before or after it
    on the line (both options are eager; see _root_facts)."""
    if value:
        ctx.meta[_VERSION] = True
        if "facts" in ctx.params:
            _print_version(ctx.params["facts"])


def _root_facts(ctx: typer.Context, value: list[str] | None) -> list[str] | None:
    if ctx.meta.get(_VERSION) and not ctx.resilient_parsing:
        _print_version(value)
    return value


def _print_version(facts: list[str] | None) -> NoReturn:
    """The version and the facts in use: an edited clone's facts.yaml is not them."""
    from gpu_cli.facts_in_use import describe
    from gpu_cli.loader import locate

    in_use = describe(locate(facts_given(facts, None), os.environ))
    print(f"{PROG} {__version__}\nfacts: {in_use}")
    raise typer.Exit()


_VERSION = "gpudeal.version"


def _shell(name: str) -> str:
    """The shell asked for, or the one gpudeal runs under for a bare option."""
    if name != "detect":
        folded = name.strip().casefold()
        if folded not in SHELLS:
            from gpu_cli.suggest import did_you_mean

            raise typer.BadParameter(f"{name!r} is not one of {', '.join(SHELLS)}{did_you_mean(name, SHELLS)}")
        return folded
    import shellingham  # type: ignore[import-untyped]

    try:
        detected: str = shellingham.detect_shell()[0]
    except shellingham.ShellDetectionFailure:
        detected = os.path.basename(os.environ.get("SHELL", ""))
    if detected not in SHELLS:
        raise typer.BadParameter(f"cannot tell which shell this is; name it: {', '.join(SHELLS)}")
    return detected


def _show_completion(value: str | None) -> None:
    if value is not None:
        from typer._completion_shared import get_completion_script

        print(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=_shell(value)))
        raise typer.Exit()


def _install_completion(value: str | None) -> None:
    if value is not None:
        from typer._completion_shared import install

        _usable_home(os.environ.get("HOME", ""))
        try:
            shell, path = install(shell=_shell(value), prog_name=PROG, complete_var=COMPLETE_VAR)
        except OSError as error:  # a read-only or missing home, a full disk
            raise GpudealError(f"cannot install completion: {error.strerror or error}: {error.filename}") from None
        print(f"{shell} completion installed in {path}; it works in shells started from now on")
        raise typer.Exit()


def _usable_home(home: str) -> None:
    """The folder completion is installed under: $HOME, set, absolute and a
    folder. An empty HOME counts as unset, as $GPUDEAL_FACTS does: Python
    would read it as `/` and write /.bashrc."""
    if not home:
        raise GpudealError("cannot install completion: $HOME is not set; set it to your home folder")
    if not os.path.isabs(home) or not os.path.isdir(home) or os.path.realpath(home) == "/":
        raise GpudealError(f"cannot install completion: $HOME ({home}) is not a home folder")


def _completion_option(flag: str, callback: Any, does: str) -> Any:
    return typer.Option(
        flag,
        metavar="[SHELL]",
        is_eager=True,
        callback=callback,
        rich_help_panel="Shell completion",
        help=f"{does} for bash, zsh, fish or powershell (default: this shell).",
    )


def _typer_app() -> typer.Typer:
    return typer.Typer(
        name=PROG,
        cls=_Boundary,
        epilog=EPILOG,
        no_args_is_help=True,
        add_completion=False,  # own options: Typer's ignore a named shell when it can detect one
        suggest_commands=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def root(
    ctx: typer.Context,
    facts: Annotated[list[str] | None, facts_option(is_eager=True, callback=_root_facts)] = None,
    color: ColorOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    show_completion: Annotated[
        str | None, _completion_option("--show-completion", _show_completion, "Print the completion script")
    ] = None,
    install_completion: Annotated[
        str | None, _completion_option("--install-completion", _install_completion, "Install completion")
    ] = None,
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
        gpudeal corroborate deal.gpus
        gpudeal report deal.html --source article.txt
        gpudeal export deal.db
    """
    session = ctx.obj if isinstance(ctx.obj, Session) else Session(Environment(), None)
    session.facts = facts
    if color is not None:
        session.env.color_choice = color
    ctx.obj = session


# Each command is the function of that name in `gpu_cli.commands.<name>`, imported only when the app is built with it.
COMMANDS = (
    "partners", "rank", "show", "summary", "check", "verify", "diff", "schema", "sources", "corroborate",
    "report", "export",
)  # fmt: skip
_ROOT_VALUED = ("--facts", "--color")  # root options that take a value


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with the one named: Typer turns each
    registered command's options into click parameters at start-up, so a run
    that names its command imports and builds that one alone."""
    built = _typer_app()
    built.callback()(root)
    for name in COMMANDS:
        if only is None or name == only:
            built.command(cls=_Command)(getattr(import_module(f"gpu_cli.commands.{name}"), name))
    return built


def __getattr__(name: str) -> typer.Typer:
    """`gpu_cli.cli.app`, the whole app (for Click's test runner), built when asked for."""
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _invoked(args: list[str]) -> str | None:
    """The command a run names, if it names one before anything that needs all
    of them (root help, version, completion, a mistyped command)."""
    if os.environ.get(COMPLETE_VAR):
        return None
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _ROOT_VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        elif not arg.startswith(tuple(f"{option}=" for option in _ROOT_VALUED)):
            return None  # --help, --version, --show-completion, or an unknown option: the whole app answers
    return None


# Options whose value may be left out, and what a bare one means. Typer has no
# optional values, so the value is filled in before parsing.
_OPTIONAL_VALUES = {"--fields": "help", "--show-completion": "detect", "--install-completion": "detect"}


def _fill_optional_values(args: list[str]) -> list[str]:
    out = []
    for index, arg in enumerate(args):
        out.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in _OPTIONAL_VALUES and (following is None or following.startswith("-")):
            out.append(_OPTIONAL_VALUES[arg])
    return out


HELP_WIDTH = 40  # help narrower than this is one word a line; wider, the terminal wraps it


def _readable_help(environ: Any) -> None:
    """Help at any width: at least HELP_WIDTH columns (a 20-column terminal
    wraps the longer lines, which stay readable), and in a pipe no padding at
    the end of its lines."""
    import shutil

    from gpu_cli.environment import columns_from

    width = columns_from(environ) or (shutil.get_terminal_size().columns if sys.stdout.isatty() else 80)
    environ["COLUMNS"] = str(max(width, HELP_WIDTH))
    if isinstance(sys.stdout, output.Sink) and not sys.stdout.isatty():
        sys.stdout.trim = True


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run gpudeal once; the exit status (httpie's `core.main(args, env)`).

    With no `env`, against the process: every byte goes through gpu_cli.output,
    and the status says whether all of it was written. With one (tests, an
    embedder), against its streams and variables: the process's `sys` streams
    and `os.environ` are swapped for the run, since Typer, click and rich read
    them on their own, and put back after it."""
    if env is None:
        output.install()
        return _run(sys.argv[1:] if argv is None else argv, Environment())
    with _isolated(env):
        return _run(sys.argv[1:] if argv is None else argv, env)


def _run(argv: Sequence[str], env: Environment) -> int:
    clamp_columns(os.environ)  # Typer's and rich's help read COLUMNS themselves
    args = _fill_optional_values(list(argv))
    if not args or "--help" in args or "-h" in args:
        _readable_help(os.environ)
    command = _invoked(args)
    try:
        build_app(command)(args=args, prog_name=PROG, obj=Session(env, None))
        status = int(ExitStatus.OK)
    except SystemExit as done:
        status = output.exit_status(done.code)
    except GpudealError as error:  # raised outside the commands: writing help, --version, completion
        output.report(sys.stderr, error.lines())
        status = int(error.exit_status)
    except KeyboardInterrupt:
        output.discard()
        raise
    except Terminated as stop:  # SIGTERM, SIGHUP: every `finally` has run; die of the signal
        output.die_of(stop)
        status = 128 + stop.signum  # not reached unless the signal is blocked
    return output.finish(status, command)


@contextmanager
def _isolated(env: Environment) -> Iterator[None]:
    """The run sees `env` as its process: its streams as `sys`'s, its variables as `os.environ`."""
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_environ = dict(os.environ)
    sys.stdin, sys.stdout, sys.stderr = env.stdin, env.stdout, env.stderr
    os.environ.clear()
    os.environ.update(env.environ)
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_environ)

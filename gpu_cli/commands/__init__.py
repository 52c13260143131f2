"""One module a command (as pipx does): each defines one Typer command function,
registered on the app in `gpu_cli.cli`. Shared options and plumbing: `common`."""

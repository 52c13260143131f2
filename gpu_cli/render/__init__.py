"""Every output format: machine formats in `formats` (no rich, ever), tables in
`tables`, bar charts in `charts`, rich plumbing and exports in `console`."""

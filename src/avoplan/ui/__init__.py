"""What the user reads in the terminal: the Swedish console, findings and diffs as text,
and the parsing of argument values. Below commands and workspace, so both print through it."""

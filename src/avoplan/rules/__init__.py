"""The checks `avoplan check` runs over a loaded portfolio, one module per area;
`alla` runs them all. Each check declares its rules with `rulebook.enforces`."""

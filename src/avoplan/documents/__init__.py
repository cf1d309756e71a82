"""The documents `avoplan render` makes: one module per document, its `build` pure;
`registry` lists them, `render` turns them into Markdown, HTML and PDF/A."""

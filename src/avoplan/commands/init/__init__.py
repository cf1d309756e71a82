"""`avoplan init [MAPP] --förvaltning NAMN --kod KOD`: a new förvaltning's portfolio
repository, a draft of its own: organisation, delegationsordning, plan (status utkast, no
adoption), utvecklingsområden, prioritering, federation, schablon and system register,
written from ÄVO's example with the förvaltning's name and code in place of ÄVO's, the
example people and forums marked `exempel: true`; empty folders for behov and projekt;
the JSON Schemas; a pre-commit hook and CI workflows that install exactly the avoplan that
ran `init` (a commit or a version, never a placeholder); editor settings, CODEOWNERS, a
README, `git init` and a first commit. `avoplan check` passes on the result, with
warnings while example data remains."""

"""What `avoplan --version` says: the version (from the git tag, by hatch-vcs) and the
commit avoplan was built from. An editable install in a git checkout names the commit the
checkout stands on now, since the one recorded at install time goes stale."""

from __future__ import annotations

from pathlib import Path

import avoplan


def describe() -> str:
    commit = _checkout_head() or avoplan.COMMIT
    where = f"commit {commit}" if commit else "okänd commit"
    return f"avoplan {avoplan.__version__} ({where})"


def _checkout_head() -> str:
    """HEAD of the checkout avoplan runs from (src/avoplan in a git work tree), or ''."""
    root = Path(avoplan.__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file() or not (root / ".git").exists():
        return ""
    from avoplan.core.errors import UserError
    from avoplan.git.runner import run_text

    try:
        done = run_text(["rev-parse", "HEAD"], root, timeout=10)
    except (OSError, UserError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""

"""Where the running avoplan came from: the pinned install spec (a commit, a version or an
archive, never a placeholder) that the new portfolio's CI and pre-commit hook install,
read from the installation's direct_url.json or given with --källa."""

from __future__ import annotations

import json
import re

from avoplan.core.errors import UsageError, UserError

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_PINNED_VCS = re.compile(r"^git\+(?:https|ssh)://\S+@[\w.\-/]+$")
_PINNED_VERSION = re.compile(r"^avoplan\s*==\s*[\w.+!\-]+$")
_ARCHIVE = re.compile(r"^https://\S+\.(?:whl|tar\.gz|zip)(?:#sha256=[0-9a-f]{64})?$")


def install_spec(source: str | None = None) -> str:
    """What pip installs in the new repository's CI and pre-commit: exactly this avoplan.

    --avoplan-källa if given (it must pin a commit, a tag or a version); otherwise the VCS
    URL and commit PEP 610's direct_url.json records; otherwise the version from the
    package index. Refuses when none of them tells."""
    if source is not None:
        return _given(source.strip())
    from importlib import metadata

    try:
        distribution = metadata.distribution("avoplan")
    except metadata.PackageNotFoundError:
        raise _cannot_tell("avoplan är inte installerat som paket") from None
    recorded = distribution.read_text("direct_url.json")
    if recorded is None:  # installed from a package index
        version = distribution.version
        if "+" in version or ".dev" in version:
            raise _cannot_tell(
                f"versionen {version} är en utvecklingsversion som inget paketindex har"
            )
        return f"avoplan=={version}"
    return from_direct_url(recorded)


def from_direct_url(recorded: str) -> str:
    try:
        direct = json.loads(recorded)
    except ValueError:
        raise _cannot_tell("direct_url.json i installationen går inte att läsa") from None
    url = str(direct.get("url", ""))
    vcs = direct.get("vcs_info")
    if (
        isinstance(vcs, dict)
        and vcs.get("vcs") == "git"
        and _COMMIT.match(str(vcs.get("commit_id", "")))
        and url.startswith(("https://", "ssh://"))
    ):
        return f"avoplan @ git+{url}@{vcs['commit_id']}"
    archive = direct.get("archive_info")
    if isinstance(archive, dict) and url.startswith("https://"):
        hashes = archive.get("hashes") or {}
        sha = hashes.get("sha256") if isinstance(hashes, dict) else None
        return f"avoplan @ {url}" + (f"#sha256={sha}" if sha else "")
    where = url or "en okänd plats"
    raise _cannot_tell(f"avoplan installerades från {where}, som CI inte når")


def _given(source: str) -> str:
    if _PINNED_VCS.match(source):
        return f"avoplan @ {source}"
    if _PINNED_VERSION.match(source):
        return re.sub(r"\s+", "", source)
    if _ARCHIVE.match(source):
        return f"avoplan @ {source}"
    raise UsageError(
        f"--avoplan-källa '{source}' låser inte avoplan till en commit eller version",
        "ange t.ex. git+https://github.com/ORG/avoplan.git@COMMIT eller avoplan==0.2.0",
    )


def _cannot_tell(why: str) -> UserError:
    return UserError(
        f"kan inte avgöra varifrån CI ska installera avoplan: {why}",
        "ange --avoplan-källa git+https://…/avoplan.git@COMMIT (eller "
        "avoplan==VERSION); init skriver aldrig en platshållare",
    )


def github_repository(spec: str) -> tuple[str, str] | None:
    """(owner/name, commit) when avoplan comes from a commit of a GitHub repository."""
    found = re.match(
        r"^avoplan @ git\+https://github\.com/([\w.\-]+/[\w.\-]+?)(?:\.git)?"
        r"@([0-9a-f]{40})$",
        spec,
    )
    return (found.group(1), found.group(2)) if found else None

"""`avoplan federation sync|status`: the member portfolios of Integrerad Digitalisering,
fetched read-only with git into the cache so every federated command works offline."""

from __future__ import annotations

from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.ui import console
from avoplan.workspace.folder import Workspace


def sync(portfolio: Path | None, output_format: str = "text") -> int:
    workspace = _federated(portfolio)
    rows = []
    found = []
    for member, sha in workspace.sync_federation():
        state = (
            sha[:10]
            if sha
            else (
                "egen portfölj" if member.kod == workspace.home_code() else "inget förråd angivet"
            )
        )
        rows.append((member.kod, member.namn, member.revision if sha else "", state))
        found.append(
            {
                "kod": member.kod,
                "namn": member.namn,
                "revision": member.revision if sha else None,
                "commit": sha,
                "läge": None if sha else state,
            }
        )
    if output_format == "json":
        console.json({"medlemmar": found, "synkning": workspace.sync_age()})
        return 0
    console.table("Federationen synkad", ("Kod", "Medlem", "Revision", "Commit"), rows)
    console.line(workspace.sync_age(), "dim")
    return 0


def status(portfolio: Path | None, output_format: str = "text") -> int:
    workspace = _federated(portfolio)
    state = (workspace.sync_state() or {}).get("medlemmar", {})
    members = workspace.federation_members()
    if output_format == "json":
        console.json(
            {
                "federation": workspace.federation().namn,
                "hem": workspace.home_code(),
                "synkning": workspace.sync_age(),
                "medlemmar": [
                    {
                        "kod": m.kod,
                        "namn": m.namn,
                        "förråd": m.förråd,
                        "commit": state.get(m.kod, {}).get("sha") or None,
                        "behov": len(members[m.kod].behov) if m.kod in members else None,
                    }
                    for m in workspace.federation().medlemmar
                ],
            }
        )
        return 0
    rows = [
        (
            m.kod,
            m.namn,
            m.förråd or "",
            state.get(m.kod, {}).get("sha", "")[:10],
            str(len(members[m.kod].behov)) if m.kod in members else "",
        )
        for m in workspace.federation().medlemmar
    ]
    console.table(workspace.federation().namn, ("Kod", "Medlem", "Förråd", "Commit", "Behov"), rows)
    console.line(workspace.sync_age(), "dim")
    return 0


def _federated(portfolio: Path | None) -> Workspace:
    workspace = Workspace.find(portfolio)
    if not workspace.federation().medlemmar:
        raise UserError(
            "portföljen har ingen federation (federation.yaml saknas eller är tom)",
            "lista medlemmarna i federation.yaml",
        )
    return workspace

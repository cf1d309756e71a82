"""A meeting's protokoll (R31): who attended, each paragraph with its outcome, and the
justering, from möten/<id>.yaml. Until justerat it says so on its first lines."""

from __future__ import annotations

from typing import Any

from avoplan.core.rulebook import R31, enforces
from avoplan.documents.base import Source, meta, person_text
from avoplan.documents.kallelse import forum_name, head, paragraph_section, the_meeting
from avoplan.documents.layout import Facts, Paragraph, section


@enforces("render", R31)
def build(source: Source) -> dict[str, Any]:
    portfolio = source.portfolio
    org = portfolio.organisation
    möte = the_meeting(source)
    forum = forum_name(portfolio, möte)
    if möte.justering is not None:
        justering = section(
            "Justering",
            2,
            Facts(
                (
                    ("Justerat", möte.justering.datum.isoformat()),
                    ("Justerare", ", ".join(person_text(org, p) for p in möte.justering.justerare)),
                )
            ),
            anchor_id="justering",
        )
    else:
        justering = section(
            "Justering",
            2,
            Paragraph("Protokollet är inte justerat och kan ännu ändras."),
            anchor_id="justering",
        )
    sections = [
        head(org, möte, forum, attended=True),
        *(paragraph_section(org, p, outcome=True) for p in möte.dagordning),
        justering,
    ]
    return {
        "titel": f"Protokoll från {forum.lower()} {möte.datum.isoformat()}",
        "meta": meta(source),
        "sections": sections,
        "toc": sections,
    }

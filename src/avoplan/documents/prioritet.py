"""The gemensam prioriterad väntelista (R21–R25, R19, R13): every rank with its reasons,
the formula, and what is listed apart."""

from __future__ import annotations

import re
from typing import Any

from avoplan.core.rulebook import R19, R21, R22, R25, enforces
from avoplan.documents.base import Column, Source, meta, number, table
from avoplan.documents.budgetlinje import budget_table
from avoplan.prioritet.kvot import MARK, format_decimal, format_kvot, formula_text
from avoplan.prioritet.ranking import Prioritetslista, prioritetslista


@enforces("render", R19, R21, R22, R25)
def build(source: Source, lista: Prioritetslista | None = None) -> dict[str, Any]:
    """`lista`: the priority list when the caller has made it already (the site)."""
    portfolio = source.portfolio
    if lista is None:
        lista = prioritetslista(portfolio)
    return {
        "titel": "Prioriterad väntelista",
        "meta": meta(source),
        "lista": ranked_table(lista),
        "budget": None
        if lista.budget is None
        else budget_table(lista.budget, {p.id: p.titel for p in lista.placeringar}),
        "forklaringar": [
            (f"{p.plats}. {p.id} {p.titel}", [for_reader(r) for r in p.förklaring])
            for p in lista.placeringar
        ],
        "formel": formula_parts(lista),
        "utanfor": table(
            "Följs upp men prioriteras inte",
            ["Id", "Titel", "Skäl"],
            [list(row) for row in lista.utanför],
        ),
        "ej_bedomda": table(
            "Kan inte bedömas ännu",
            ["Id", "Titel", "Saknas"],
            [list(row) for row in lista.ej_bedömda],
        ),
    }


# "(R21)", "(R4–R10)": the rule ids `prioritet --explain` shows; a document for
# decision-makers states the reasons without them.
_RULE_REF = re.compile(r" ?\(R\d+(?:[–-]R\d+)?(?:, R\d+)*\)")


def for_reader(text: str) -> str:
    return _RULE_REF.sub("", text)


def formula_parts(lista: Prioritetslista) -> dict[str, Any]:
    """The formula's lines as an introduction, numbered steps and a closing paragraph."""
    lines = [
        for_reader(line).replace(" (prioritet:)", "")
        for line in formula_text(lista.modell).splitlines()
    ]
    steps = [re.sub(r"^\d+\. ", "", line) for line in lines if re.match(r"^\d+\. ", line)]
    rest = [line for line in lines if not re.match(r"^\d+\. ", line)]
    return {"intro": rest[:1], "steg": steps, "slut": rest[1:]}


def ranked_table(lista: Prioritetslista) -> Any:
    """The list with every term its kvot is computed from, so a reader can recompute it:
    kvot = viktad nytta / kostnad, viktad nytta = nytta × vikt × (1 + tillägg) × år."""
    rows = []
    for p in lista.placeringar:
        plats = f"{p.plats}{MARK.get(p.flyttad or '', '')}"
        rows.append(
            [
                plats,
                p.id,
                p.titel,
                number(p.nytta_kr),
                format_decimal(p.vikt),
                f"{round(p.tillägg * 100)} %",
                number(p.viktad_nytta_kr),
                number(p.kostnad_kr),
                format_kvot(p.poäng),
            ]
        )
    notes = [
        f"Frigjord tid värderas med schablonen för {lista.värderingsår}; kvot = viktad "
        "nytta / kostnad."
    ]
    if any(p.flyttad == "beslut" for p in lista.placeringar):
        notes.append("Plats med * är placerad genom ett registrerat prioritetsbeslut.")
    if any(p.flyttad == "beroende" for p in lista.placeringar):
        notes.append("Plats med † är flyttad före det som beror på den.")
    years = lista.modell.horisont_år
    columns = [
        Column("Plats"),
        Column("Id"),
        Column("Titel"),
        Column("Nytta per år (kr)", numeric=True),
        Column("Vikt", numeric=True),
        Column("Tillägg", numeric=True),
        Column(f"Viktad nytta {years} år (kr)", numeric=True),
        Column(f"Kostnad {years} år (kr)", numeric=True),
        Column("Kvot", numeric=True),
    ]
    return table(
        "Prioriterad väntelista: nytta i förhållande till kostnad", columns, rows, notes=notes
    )

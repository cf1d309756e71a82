"""The förvaltning's projektmodell as data (R36): the phases a project moves through
after beslutspunkt 4, what must be in place to leave each one, and who decides the move.

The plan says projects are run "i enlighet med projektmodellen PPS" and that the
styrgrupp, led by the projektägare, "godkänner projektets dokumentation och förflyttning
i faser"; it does not list PPS's phases. So the phases are portfolio data
(projektmodell.yaml, marked preliminär), never code."""

from __future__ import annotations

from pydantic import Field, field_validator

from avoplan.models.common import FasNamn, Model, SvEnum, Text
from avoplan.models.projekt import Projektstatus


class Dokument(SvEnum):
    """The project documents the plan names (R17, R37)."""

    PROJEKTDIREKTIV = "projektdirektiv"
    PROJEKTPLAN = "projektplan"
    LAGESRAPPORT = "lägesrapport"
    SLUTRAPPORT = "slutrapport"


class Roll(SvEnum):
    """The project roles the plan names (R14–R17): who must have been appointed."""

    PROJEKTAGARE = "projektägare"
    EFFEKTAGARE = "effektägare"
    PROJEKTLEDARE = "projektledare"
    STYRGRUPP = "styrgrupp"
    PROJEKTGRUPP = "projektgrupp"


class Beslutsfattare(SvEnum):
    """Who decides a move between phases: the styrgrupp, led by the projektägare (its
    ordförande records the decision, the members who took part are named), or the
    projektägare alone."""

    STYRGRUPP = "styrgrupp"
    PROJEKTAGARE = "projektägare"


class Lamnakrav(Model):
    """What must be in place before a project may leave a phase."""

    dokument: list[Dokument] = Field(
        default_factory=list,
        description="Dokument som ska finnas: projektdirektiv, projektplan, lägesrapport "
        "eller slutrapport",
    )
    utsedda: list[Roll] = Field(default_factory=list, description="Roller som ska vara utsedda")
    effektmål: bool = Field(default=False, description="Projektdirektivet anger effektmål")


class Fas(Model):
    id: FasNamn = Field(description="Fasens namn, som det skrivs i --to och fas:")
    källa: Text | None = Field(default=None, description="Planens ord som fasen bygger på")
    status: Projektstatus = Field(description="Projektets status medan det är i fasen")
    lämnas_när: Lamnakrav = Field(
        default_factory=Lamnakrav, description="Vad som ska finnas för att lämna fasen"
    )
    beslutas_av: Beslutsfattare | None = Field(
        default=None, description="Vem som beslutar att lämna fasen (annars modellens)"
    )


class Projektmodell(Model):
    namn: Text = "PPS"
    preliminär: bool = Field(default=True, description="Modellen är preliminär, inte beslutad")
    källa: Text | None = None
    beslutas_av: Beslutsfattare = Field(
        default=Beslutsfattare.STYRGRUPP,
        description="Vem som beslutar om förflyttning i faser: styrgrupp (ledd av "
        "projektägaren) eller projektägare",
    )
    lägesrapport_intervall_dagar: int = Field(
        default=31, ge=1, le=366, description="Hur gammal den senaste lägesrapporten får vara"
    )
    faser: list[Fas] = Field(
        default_factory=list, description="Faserna i ordning, den första först"
    )

    @field_validator("faser")
    @classmethod
    def _unique(cls, faser: list[Fas]) -> list[Fas]:
        names = [f.id for f in faser]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"fasen {', '.join(twice)} förekommer mer än en gång")
        return faser

    def fas(self, namn: str) -> Fas | None:
        return next((f for f in self.faser if f.id == namn), None)

    def after(self, namn: str) -> Fas | None:
        """The phase after `namn` (None for the last or an unknown one)."""
        names = [f.id for f in self.faser]
        if namn not in names or names.index(namn) + 1 >= len(names):
            return None
        return self.faser[names.index(namn) + 1]

    def decider(self, fas: Fas) -> Beslutsfattare:
        return fas.beslutas_av or self.beslutas_av

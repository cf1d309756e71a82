"""The delegationsordning for Behovsprocessen (R4, R6, R8, R10, R11) as data.

Role words in `beslutar`:
- avdelningschef        the avdelningschef of the need's own avdelning
- förvaltningsdirektör  the förvaltningsdirektör of the own förvaltning
- ledamot / ordförande  a member / the chair of the forum the decision is taken in
- projektägare          the projektägare of the need's project (återinträde, R12)
- any other word        a role a person carries in `roller` (organisation.yaml)
"""

from __future__ import annotations

from functools import cached_property

from pydantic import Field

from avoplan.models.common import Model, Slug, SvEnum, Text


class Scope(SvEnum):
    """R11: how widely a need reaches decides who holds the mandate."""

    EN_AVDELNING = "en avdelning"
    FLERA_AVDELNINGAR = "flera avdelningar"
    FLERA_FORVALTNINGAR = "flera förvaltningar"


class Mandat(Model):
    """Who decides. With `organ`, the forum decides as a body: the decision names the
    meeting, the protokoll and at least two of the forum's members who took part, and is
    recorded by its ordförande, a ledamot or a registrator. With `samtycke`, every affected
    förvaltning's utvecklingsteam stands behind it (BP2). Without `organ`, one person
    decides alone, and may not be the need's kontaktperson or sole proposer."""

    beslutar: list[Text] = Field(min_length=1)
    forum: list[Slug] = Field(default_factory=list)
    organ: bool = False
    samtycke: bool = False
    delges: list[Slug] = Field(default_factory=list)
    delges_berörda: bool = Field(
        default=False,
        description="Delges även de berörda verksamheterna (grovsållningens berörda avdelningar)",
    )


class Beslutspunkt(Model):
    beslutspunkt: int = Field(ge=1, le=4)
    namn: Text
    en_avdelning: Mandat
    flera_avdelningar: Mandat
    flera_förvaltningar: Mandat
    tid_förändring: Mandat | None = Field(
        default=None,
        description="Vem som beslutar när behovet är en förändring inom TID:s förvaltande "
        "uppdrag i ett system under tjänsteförvaltning (R33)",
    )

    def mandate(self, scope: Scope) -> Mandat:
        if scope == Scope.EN_AVDELNING:
            return self.en_avdelning
        if scope == Scope.FLERA_AVDELNINGAR:
            return self.flera_avdelningar
        if scope == Scope.FLERA_FORVALTNINGAR:
            return self.flera_förvaltningar
        raise KeyError(scope)


class Prioriteringsmandat(Model):
    """Who may place an item on the lists: the gemensam väntelista (R8) and the order in
    which ready projects start (R10)."""

    väntelista: Mandat
    startordning: Mandat


class Beslutforhet(Model):
    """Quorum (R31): how many of a forum's members must be present for it to decide as a
    body. The plan states none; the förvaltning sets it, and until then it is preliminär."""

    minst_ledamöter: int = Field(
        ge=1, description="Minst så många ledamöter ska delta för att ett organ ska vara beslutfört"
    )
    per_forum: dict[Slug, int] = Field(default={}, description="Avvikande antal per forum")
    preliminär: bool = Field(default=True, description="Inte fastställd av förvaltningen")

    def minimum(self, forum: str) -> int:
        return self.per_forum.get(forum, self.minst_ledamöter)


class Delegationsordning(Model):
    beslutspunkter: list[Beslutspunkt]
    beslutförhet: Beslutforhet | None = Field(
        default=None, description="Beslutförhet för forum som beslutar som organ (R31)"
    )
    återinträde: Mandat
    prioritering: Prioriteringsmandat | None = None

    def point(self, number: int) -> Beslutspunkt | None:
        return self.point_index.get(number)

    @cached_property
    def point_index(self) -> dict[int, Beslutspunkt]:
        """The first of each beslutspunkt, as a scan would find it: asked for every
        decision a check replays. Models are not mutated after loading."""
        found: dict[int, Beslutspunkt] = {}
        for point in self.beslutspunkter:
            found.setdefault(point.beslutspunkt, point)
        return found

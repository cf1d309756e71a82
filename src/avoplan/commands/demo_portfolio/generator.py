"""A synthetic, realistic portfolio of any size, for trying avoplan and for `make bench`.

The organisation, delegationsordning, plan, systems, schabloner and förvaltningsobjekt
are taken from a real portfolio (the embedded ÄVO one); behov and projekt are generated:
a funnel with needs in every step, sorted-out needs at every beslutspunkt, handed-over
needs with their PPS project, and a few utredningar that sent their need back to
beredning (R12). Every decision is taken by someone the delegationsordning gives the
mandate (the same `behovsprocess.mandat.find_authority` that `check` asks), so the result passes
`avoplan check` with 0 errors. The same seed always gives the same files.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from avoplan.behovsprocess.beslut import receivers, underlag_of
from avoplan.behovsprocess.mandat import (
    Context,
    affected_forvaltningar,
    find_authority,
    mandate,
    scope,
)
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.commands.demo_portfolio.data import (
    BORTSORTERAD,
    FINAL_STEPS,
    FIRST_DAY,
    LATEST_REENTRY,
    MOTIVERING,
    NEED_ORDER,
    PROJEKTTYP,
    REACH,
    REENTRY,
    REENTRY_SHARE,
    SORTED_OUT_AT,
    THEMES,
    Theme,
)
from avoplan.commands.demo_portfolio.projekt import ProjectMaker, is_investigation, pick
from avoplan.core.errors import UserError
from avoplan.models.behov import Behov
from avoplan.models.common import FUNNEL, Steg
from avoplan.models.delegation import Scope
from avoplan.models.organisation import Forumtyp
from avoplan.models.portfolio import BEHOV, PROJEKT, Portfolio
from avoplan.models.projekt import Projekt


@dataclass(frozen=True)
class DemoFile:
    path: str  # relative to the portfolio root, e.g. "behov/BEH-00042.yaml"
    data: dict[str, Any]  # written by store.yaml_emit: the demo itself does no I/O
    comment: str


def generate(base: Portfolio, items: int, seed: int) -> Iterator[DemoFile]:
    """`items` behov and projekt files (a handed-over need and its project count as two)."""
    return _Generator(base, seed).files(items)


class _Generator:
    def __init__(self, base: Portfolio, seed: int) -> None:
        self.base, self.org, self.rng = base, base.organisation, random.Random(seed)
        self.seed = seed
        self.deciders: dict[tuple[Any, ...], list[tuple[str, str | None, str]]] = {}
        self.need_ids: list[str] = []
        # Most needs come from the utförande verksamhet; staff units raise a few. Only
        # avdelningar with staff besides the chef: the kontaktperson never decides BP1 (jäv).
        self.avdelningar = [
            (a.id, 8 if a.utförande else 1)
            for a in self.org.avdelningar
            if any(p.avdelning == a.id and p.id != a.avdelningschef for p in self.org.personer)
        ]
        self.systems = sorted(base.system)
        self.goals = [m.nummer for m in base.plan.prioriterade_mål]
        self.years = sorted(int(y) for y in base.schablon)
        team = self.org.forum_of_type(Forumtyp.LOKALT_UTVECKLINGSTEAM)
        self.team = sorted(team.members()) if team else []
        self.tid = [p.id for p in self.org.personer if self.org.in_tid(p)]
        unit = self.org.avdelning(self.org.utvecklingsavdelning)
        if unit is None or not self.team:
            raise UserError(
                "portföljen saknar utvecklingsavdelning eller lokalt utvecklingsteam",
                "demo-portföljen bygger på den inbyggda ÄVO-portföljens organisation",
            )
        self.owner = unit.avdelningschef
        self.leaders = [
            p.id for p in self.org.personer if p.avdelning == unit.id and p.id != self.owner
        ]
        self.projekt = ProjectMaker(self.rng, self.team, self.tid)

    def files(self, items: int) -> Iterator[DemoFile]:
        width = max(3, len(str(items)))
        made, need_no, project_no = 0, 0, 0
        while made < items:
            need_no += 1
            final = pick(self.rng, FINAL_STEPS)
            if final == "projekt" and items - made < 2:
                final = "beredning"
            project_id = None
            if final == "projekt":
                project_no += 1
                project_id = f"{PROJEKT.prefix}-{project_no:0{width}d}"
            need, project = self.need(
                f"{BEHOV.prefix}-{need_no:0{width}d}", Steg(final), project_id
            )
            yield DemoFile(f"{BEHOV.folder}/{need['id']}.yaml", need, self._header(need))
            made += 1
            if project is not None:
                yield DemoFile(
                    f"{PROJEKT.folder}/{project['id']}.yaml",
                    project,
                    f"Projekt enligt PPS ur {need['id']} (syntetiskt, frö {self.seed}).",
                )
                made += 1

    def _header(self, need: dict[str, Any]) -> str:
        return (
            f"Syntetiskt behov ur 'avoplan demo-portfolio' (frö {self.seed}).\n"
            f"Flytta det med 'avoplan advance {need['id']} --to STEG'."
        )

    # --- one need -----------------------------------------------------------------

    def need(
        self, need_id: str, final: Steg, project_id: str | None
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        path = self._path(final)
        reached = set(path)
        reach = pick(self.rng, REACH) if Steg.GROVSALLNING in reached else Scope.EN_AVDELNING
        avdelning = pick(self.rng, tuple(self.avdelningar))
        theme = self.rng.choice(THEMES)
        registrerad = FIRST_DAY + timedelta(days=self.rng.randint(0, 300))
        data = self._basics(need_id, theme, avdelning, registrerad, reached)
        if Steg.GROVSALLNING in reached:
            data["grovsållning"] = self._grovsallning(avdelning, reach)
            section = data["grovsållning"]
            # R33: a need naming a system under tjänsteförvaltning without TID dependency
            # says why; R34: the existing solutions considered (demo data, no RNG drawn).
            if data.get("system") and not section["tid_beroende"]:
                section["tid_undantag"] = "Läser bara ur systemet; inget ändras i det."
            section["befintliga_lösningar"] = ["Stadens e-tjänsteplattform"]
        if Steg.BEREDNING in reached:
            data["beredning"] = self._beredning(data, passed=Steg.KLART_FOR_START in reached)
            data |= self._beslutsunderlag(theme, registrerad)
        if Steg.KLART_FOR_START in reached:
            data["klart_för_start"] = self._klart_for_start(
                avdelning, passed=Steg.PROJEKT in reached
            )
        project = None
        if project_id is not None:
            data["projekt"] = [project_id]
        decisions, handover = self._decisions(data, path, project_id)
        data["steg"] = path[-1].value
        data["beslut"] = decisions
        if project_id is not None and handover is not None:
            project = self.projekt.make(project_id, data, handover)
            if (
                project["status"] == "avslutad"
                and is_investigation(project)
                and self.rng.random() < REENTRY_SHARE
                and project["slut"] < LATEST_REENTRY
            ):
                data["beslut"].append(self._reentry(data, project))
                data["steg"] = Steg.BEREDNING.value
        self.need_ids.append(need_id)
        return _ordered_need(data), project

    def _path(self, final: Steg) -> list[Steg]:
        if final == Steg.BORTSORTERAD:
            point = pick(self.rng, SORTED_OUT_AT)
            return [*FUNNEL[:point], Steg.BORTSORTERAD]
        return list(FUNNEL[: FUNNEL.index(final) + 1])

    def _basics(
        self, need_id: str, theme: Theme, avdelning: str, registrerad: date, reached: set[Steg]
    ) -> dict[str, Any]:
        unit = self.org.avdelning(avdelning)
        data: dict[str, Any] = {
            "id": need_id,
            "titel": f"{theme.titel} inom {unit.namn.lower() if unit else avdelning}",
            "avdelning": avdelning,
            "kontaktperson": self._contact(avdelning),
            "registrerad": registrerad,
            "beskrivning": theme.beskrivning,
            "nytta": theme.nytta,
            "system": [s for s in theme.system if s in self.base.system],
        }
        if self.rng.random() < 0.1 and self.need_ids:
            dependency = self.rng.choice(self.need_ids[-200:])
            # R35: a need that started (BP4) would have waited for what it depends on; the
            # generator does not time the two, so only needs that have not started get one.
            if Steg.PROJEKT not in reached:
                data["beroenden"] = [dependency]
        if Steg.GROVSALLNING in reached or self.rng.random() < 0.4:
            data["effekttyp"] = list(theme.effekttyp)
            data["mål"] = sorted(self.rng.sample(self.goals, k=min(2, len(self.goals))))
        return data

    def _contact(self, avdelning: str) -> str:
        people = [p for p in self.org.personer if p.avdelning == avdelning]
        unit = self.org.avdelning(avdelning)
        chef = unit.avdelningschef if unit else self.owner
        staff = [p.id for p in people if p.id != chef]
        return self.rng.choice(staff) if staff else chef

    def _grovsallning(self, avdelning: str, reach: Scope) -> dict[str, Any]:
        own = self.org.egen_förvaltning
        avdelningar, forvaltningar, tid = [avdelning], [own], False
        others = [a for a, _ in self.avdelningar if a != avdelning]
        if reach == Scope.FLERA_AVDELNINGAR:
            avdelningar += sorted(self.rng.sample(others, k=self.rng.randint(1, 2)))
        elif reach == Scope.FLERA_FORVALTNINGAR:
            tid = self.rng.random() < 0.6
            foreign = [f.id for f in self.org.förvaltningar if f.id != own]
            if not tid or self.rng.random() < 0.5:
                forvaltningar.append(self.rng.choice(foreign))
        section: dict[str, Any] = {
            "rätt_förstått": "Ja; behovet har stämts av med kontaktpersonen",
            "berörda": {"avdelningar": avdelningar, "förvaltningar": forvaltningar},
            "tid_beroende": tid,
            "tid_medverkande": [self.rng.choice(self.tid)] if self.tid else [],
            "samordning": (
                "Samordnas med de andra socialförvaltningarna i ID-gemensamma utvecklingsteamet."
                if reach == Scope.FLERA_FORVALTNINGAR
                else "Inga liknande behov i de andra socialförvaltningarna enligt "
                "ID-gemensamma backloggen."
            ),
        }
        if self.need_ids and self.rng.random() < 0.1:
            section["liknande_behov"] = [self.rng.choice(self.need_ids[-500:])]
        return section

    def _beredning(self, data: dict[str, Any], *, passed: bool) -> dict[str, Any]:
        affected = data["grovsållning"]["berörda"]["avdelningar"]
        verksamhet = [p.id for p in self.org.personer if p.avdelning in affected]
        medverkande = [self.rng.choice(self.team), data["kontaktperson"]]
        if verksamhet and self.rng.random() < 0.3:
            medverkande.append(self.rng.choice(verksamhet))
        if self.tid:
            medverkande.append(self.rng.choice(self.tid))
        section: dict[str, Any] = {
            "fördjupning": "Nuläge och önskat läge beskrivna i den enhetliga mallen, med "
            "processkarta.",
            "konsekvensanalys": "Påverkan på arbetssätt, bemanning, informationssäkerhet och "
            "andra system är bedömd.",
            "förvaltningsperspektiv": "Lösningen förvaltas i TID:s förvaltningsobjekt; support "
            "via ordinarie servicedesk.",
            "mantimmar": self.rng.randint(24, 60) if passed or self.rng.random() < 0.5 else None,
            "medverkande": list(dict.fromkeys(medverkande)),
        }
        return section

    def _beslutsunderlag(self, theme: Theme, registrerad: date) -> dict[str, Any]:
        year = registrerad.year if registrerad.year in self.years else self.years[-1]
        estimate: dict[str, Any] = {
            "år": year,
            "projektledare_timmar": self.rng.randrange(100, 1200, 10),
            "projektgrupp_timmar": self.rng.randrange(100, 2400, 20),
            "styrgrupp_timmar": self.rng.randrange(10, 80, 2),
            "leverantör_kr": self.rng.randrange(0, 900_000, 10_000),
        }
        if self.rng.random() < 0.2:
            estimate["konsult_kr"] = self.rng.randrange(50_000, 400_000, 10_000)
        return {
            "effekttyp": list(theme.effekttyp),
            "effektomfattning": self.rng.choice(("hög", "hög", "mycket hög", "medel")),
            "frigjord_tid_timmar_per_år": self.rng.randrange(0, 9000, 100),
            "komplexitet": self.rng.choice(("komplex", "enkel")),
            "nyttotyp": "infrastruktur" if "infrastruktur" in theme.effekttyp else "direkt nytta",
            "pios": self.rng.random() < 0.8,
            "kostnad": estimate,
        }

    def _klart_for_start(self, avdelning: str, *, passed: bool) -> dict[str, Any]:
        receiver = self._effektagare(avdelning)
        styrgrupp = [self.owner, receiver]
        if self.rng.random() < 0.5:
            styrgrupp.append(self.rng.choice(self.team))
        return {
            "förutsättningar": [
                {"beskrivning": "Finansiering beslutad", "klar": True},
                {
                    "beskrivning": "Resurser från verksamheten avsatta",
                    "klar": passed or self.rng.random() < 0.5,
                },
            ],
            "projekttyp": pick(self.rng, PROJEKTTYP),
            "projektorganisation": {
                "projektägare": self.owner,
                "effektägare": receiver,
                "projektledare": self.rng.choice(self.leaders or [self.owner]),
                "styrgrupp": list(dict.fromkeys(styrgrupp)),
            },
        }

    def _effektagare(self, avdelning: str) -> str:
        """R18: the effektägare heads an utförande avdelning, the need's own if it is one."""
        unit = self.org.avdelning(avdelning)
        if unit is not None and unit.utförande:
            return unit.avdelningschef
        return self.rng.choice([a.avdelningschef for a in self.org.avdelningar if a.utförande])

    # --- decisions ------------------------------------------------------------------

    def _decisions(
        self, data: dict[str, Any], path: list[Steg], project_id: str | None
    ) -> tuple[list[dict[str, Any]], date | None]:
        need = Behov.model_validate({**data, "steg": path[0].value})
        ctx = Context(need, self.org)
        day: date = data["registrerad"]
        decisions: list[dict[str, Any]] = []
        for current, target in itertools.pairwise(path):
            move = plan_move(current, target)
            assert isinstance(move, Move)  # the path is built from legal moves
            day += timedelta(days=self.rng.randint(7, 40))
            decisions.append(self._decision(move, ctx, day))
        handover = day if path[-1] == Steg.PROJEKT and project_id else None
        return decisions, handover

    def _decision(self, move: Move, ctx: Context, day: date) -> dict[str, Any]:
        person, forum, roll = self.rng.choice(self._deciders(move, ctx))
        point = move.beslutspunkt or 0
        texts = BORTSORTERAD if move.till == Steg.BORTSORTERAD else MOTIVERING[point]
        decision: dict[str, Any] = {
            "beslutspunkt": move.beslutspunkt,
            "datum": day,
            "från": move.från.value,
            "till": move.till.value,
            "beslutad_av": person,
            "roll": roll,
            "forum": forum,
            "motivering": self.rng.choice(texts),
        }
        if forum:
            decision["protokoll"] = (
                f"{forum[:3].upper()}-{day.year}-{day.month:02d} § {self.rng.randint(2, 12)}"
            )
        mandat = mandate(move, ctx.need, self.org, self.base.delegationsordning)
        if mandat and mandat.organ and forum:
            decision |= self._body(move, ctx, forum, consent=mandat.samtycke)
        if mandat and receivers(move, mandat, ctx):
            decision["delges"] = receivers(move, mandat, ctx)
        basis = underlag_of(ctx, move)
        if basis is not None:
            decision["underlag"] = basis.model_dump(mode="json")
        return decision

    def _body(self, move: Move, ctx: Context, forum_id: str, *, consent: bool) -> dict[str, Any]:
        """A forum deciding as a body: who took part and, at BP2, which affected
        förvaltningar stood behind it (one team member from each)."""
        forum = self.org.forum_by_id(forum_id)
        members = sorted(forum.members()) if forum else []
        affected = sorted(affected_forvaltningar(ctx.need, self.org, move))
        present = [next((m for m in members if self._forvaltning(m) == f), None) for f in affected]
        deltagare = [m for m in present if m] + [m for m in members if m in self.tid]
        deltagare += [m for m in members if m not in deltagare][: max(0, 2 - len(deltagare))]
        body: dict[str, Any] = {"deltagare": list(dict.fromkeys(deltagare))}
        if consent:
            body["bakom"] = affected
        return body

    def _forvaltning(self, person_id: str) -> str | None:
        person = self.org.person(person_id)
        return person.förvaltning if person else None

    def _deciders(self, move: Move, ctx: Context) -> list[tuple[str, str | None, str]]:
        """Everyone who may take this decision, with the forum and role they take it in."""
        key = (
            move.från,
            move.till,
            scope(ctx.need, self.org),
            ctx.need.avdelning,
            tuple(p.id for p in ctx.projects),
            ctx.need.kontaktperson,
            tuple(sorted(affected_forvaltningar(ctx.need, self.org, move))),
        )
        if key not in self.deciders:
            self.deciders[key] = self._find_deciders(move, ctx)
        return self.deciders[key]

    def _find_deciders(self, move: Move, ctx: Context) -> list[tuple[str, str | None, str]]:
        mandat = mandate(move, ctx.need, self.org, self.base.delegationsordning)
        found: list[tuple[str, str | None, str]] = []
        forums: list[str | None] = [*mandat.forum] if mandat and mandat.forum else [None]
        affected = affected_forvaltningar(ctx.need, self.org, move)
        for forum in forums:
            for person in self.org.personer:
                authority = find_authority(person, mandat, ctx, forum) if mandat else None
                alone = mandat is not None and not mandat.organ
                # One person alone: never the kontaktperson (jäv), always from an affected
                # förvaltning, as the judge requires.
                if alone and (
                    person.id == ctx.need.kontaktperson or person.förvaltning not in affected
                ):
                    continue
                if authority:
                    found.append((person.id, forum, authority.roll))
        if not found:
            raise UserError(
                f"ingen i organisationen har mandat för beslutspunkt "
                f"{move.beslutspunkt or move.från.beslutspunkt or '-'}",
                "kontrollera delegationsordning.yaml och organisation.yaml",
            )
        return found

    def _reentry(self, data: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
        need = Behov.model_validate({**data, "steg": Steg.PROJEKT.value})
        ctx = Context(need, self.org, (Projekt.model_validate(project),))
        move = Move(Steg.PROJEKT, Steg.BEREDNING, None)
        person, forum, roll = self.rng.choice(self._deciders(move, ctx))
        day: date = project["slut"] + timedelta(days=self.rng.randint(7, 30))
        return {
            "datum": day,
            "från": move.från.value,
            "till": move.till.value,
            "beslutad_av": person,
            "roll": roll,
            "forum": forum,
            "motivering": REENTRY,
        }


def _ordered_need(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in NEED_ORDER if key in data}

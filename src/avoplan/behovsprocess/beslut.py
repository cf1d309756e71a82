"""The one judge of a decision in Behovsprocessen (R1–R12).

`advance` asks `judge` before it writes a new decision; `check` replays every recorded
decision through the same function, each with the facts as they stood when it was taken
(the step the need stood in and the date of the decision before). So a decision is
accepted by both or refused by both, with the same words. Pure: models in, verdict out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from avoplan.behovsprocess.fakta import Facts
from avoplan.behovsprocess.forutsattningar import koppling, severity_on, start_order, tid_and_reuse
from avoplan.behovsprocess.innehall import affected_avdelningar, required_content
from avoplan.behovsprocess.mandat import (
    SCOPE_TEXT,
    Authority,
    Context,
    affected_forvaltningar,
    affects,
    find_authority,
    forum_names,
    mandate,
    mandate_rule,
    mandate_text,
    reach,
    unresolved,
    who_may_decide,
)
from avoplan.behovsprocess.memo import MandatePart, Memo, remembered
from avoplan.behovsprocess.moten import count_sv, has_paragraph, meeting_findings, preliminary_note
from avoplan.behovsprocess.steg import Move, plan_move
from avoplan.core.findings import Finding, error, has_errors
from avoplan.core.rulebook import (
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    R9,
    R10,
    R11,
    R12,
    R31,
    enforces,
)
from avoplan.core.text import join_sv
from avoplan.models.behov import Berorda, Grovsallning
from avoplan.models.common import Steg
from avoplan.models.delegation import Delegationsordning, Mandat, Scope
from avoplan.models.initiativ import Beslut, Underlag
from avoplan.models.organisation import Organisation

INVESTIGATION_DONE = (
    "bara en avslutad utredning, förstudie eller ett genomförbarhetstest kan "
    "föra behovet tillbaka till beredning"
)


class Verdict(NamedTuple):  # a tuple, not a dataclass: a check builds 17 000 of them
    move: Move | None
    mandat: Mandat | None
    authority: Authority | None
    decision: tuple[Finding, ...] = ()  # about the decision itself; loc inside the decision
    content: tuple[Finding, ...] = ()  # what the need must document; loc in the need's file
    unresolved: tuple[Finding, ...] = ()  # ids the judgement needs that do not exist

    @property
    def reasons(self) -> list[Finding]:
        return [*self.decision, *self.content, *self.unresolved]

    @property
    def accepted(self) -> bool:
        return not has_errors(self.reasons)


@enforces("advance", R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R31)
@enforces("check", R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R31)
def judge(beslut: Beslut, facts: Facts, memo: Memo | None = None) -> Verdict:
    """Whether `beslut` may be (or may have been) taken, and every reason why not. `memo`
    is what a run of replays over one portfolio remembers (`behovsprocess.memo`)."""
    found = _state_findings(beslut, facts.state)
    move = plan_move(beslut.från, beslut.till)
    if isinstance(move, Finding):
        return Verdict(None, None, None, (*found, move.at(loc=("till",))))
    found += _beslutspunkt_findings(beslut, move)
    found += _chronology(beslut, facts)
    content: list[Finding] = []
    if move.forward:
        content = required_content(facts.ctx.need, move.från, facts.ctx.org)
        content += tid_and_reuse(facts.ctx.need, move, facts.tjänstesystem)
    elif move.reentry and not _investigation_done(facts.ctx):
        found.append(R12.error(INVESTIGATION_DONE))
    if move.hands_over:
        found += start_order(beslut, facts)
    ctx = as_judged(facts.ctx, beslut)
    mandat, missing, authority, about = remembered(beslut, move, ctx, facts, memo, _judged_mandate)
    if missing or mandat is None:
        return Verdict(move, mandat, None, tuple(found), tuple(content), missing)
    if move.forward:
        content += koppling(ctx.need, mandat, ctx.org)
    meeting = meeting_findings(beslut, mandat, ctx, facts)
    return Verdict(move, mandat, authority, (*found, *about, *meeting), tuple(content))


def _judged_mandate(beslut: Beslut, move: Move, ctx: Context, facts: Facts) -> MandatePart:
    """The mandate, whether the decider held it, and how the decision was taken and told."""
    where = reach(move, ctx.need, ctx.org)  # once: the mandate and its findings ask it
    mandat = mandate(move, ctx.need, ctx.org, facts.delegationsordning, where)
    missing = _unresolved(beslut, move, mandat, facts)
    if missing or mandat is None:
        return MandatePart(mandat, tuple(missing), None, ())
    authority, about = _mandate_findings(beslut, move, mandat, ctx, where)
    if authority is not None:
        about += _how_findings(beslut, move, mandat, ctx, facts.delegationsordning, where)
    return MandatePart(mandat, (), authority, tuple(about))


def as_judged(ctx: Context, beslut: Beslut) -> Context:
    """The need as the decision was judged on it: its recorded underlag (the reach that
    grovsållningen stated then) in place of today's, when the decision recorded one."""
    section = ctx.need.grovsållning
    if beslut.underlag is None or section is None:
        return ctx
    basis = beslut.underlag
    if _states(section, basis):
        return ctx  # most decisions: the reach then is today's, so no copy is made
    then = section.model_copy(
        update={
            "berörda": Berorda(avdelningar=basis.avdelningar, förvaltningar=basis.förvaltningar),
            "tid_beroende": basis.tid_beroende,
            "tid_förändring": basis.tid_förändring,
        }
    )
    return replace(ctx, need=ctx.need.model_copy(update={"grovsållning": then}))


def _states(section: Grovsallning, basis: Underlag) -> bool:
    """Whether grovsållningen today states the reach `basis` records, so judging the need
    as it stands is judging the copy `as_judged` would make (a cold check judges 17 000
    decisions, most on an unchanged reach). What the judge reads of the copy reads the
    two TID flags as true or false only (`mandat.scope`, `mandat.tid_change`), so an
    unset flag states what a recorded false does."""
    berörda = section.berörda
    return (
        berörda is not None
        and berörda.avdelningar == basis.avdelningar
        and berörda.förvaltningar == basis.förvaltningar
        and bool(section.tid_beroende) is basis.tid_beroende
        and bool(section.tid_förändring) is basis.tid_förändring
    )


def underlag_of(ctx: Context, move: Move) -> Underlag | None:
    """The reach a new decision is judged on, to record with it (none before grovsållning)."""
    section = ctx.need.grovsållning
    if move.från == Steg.INSAMLING or section is None or section.berörda is None:
        return None
    return Underlag(
        avdelningar=list(section.berörda.avdelningar),
        förvaltningar=list(section.berörda.förvaltningar),
        tid_beroende=bool(section.tid_beroende),
        tid_förändring=bool(section.tid_förändring),
    )


def _state_findings(beslut: Beslut, state: Steg) -> list[Finding]:
    if beslut.från == state:
        return []
    return [
        R1.error(
            f"beslutet utgår från {beslut.från.value} men behovet stod då i {state.value}",
            loc=("från",),
        )
    ]


def _beslutspunkt_findings(beslut: Beslut, move: Move) -> list[Finding]:
    if move.beslutspunkt == beslut.beslutspunkt:
        return []
    expected = (
        f"ska vara {move.beslutspunkt}"
        if move.beslutspunkt
        else "ska utelämnas vid återinträde i beredning"
    )
    return [R2.error(f"fel beslutspunkt; {expected}", loc=("beslutspunkt",))]


def _chronology(beslut: Beslut, facts: Facts) -> list[Finding]:
    """A decision follows the need's registration and the decision before it, and is
    recorded once taken: never dated in the future."""
    found = []
    registered = facts.ctx.need.registrerad
    if registered and beslut.datum < registered:
        found.append(
            R2.error(
                f"beslutet är daterat före behovets registrering ({beslut.datum} "
                f"är före {registered})",
                loc=("datum",),
            )
        )
    if facts.previous and beslut.datum < facts.previous:
        found.append(
            R2.error(
                f"beslutet är daterat före föregående beslut ({beslut.datum} är "
                f"före {facts.previous})",
                loc=("datum",),
            )
        )
    if beslut.datum > facts.today:
        found.append(
            R2.error(
                f"beslutet är daterat i framtiden ({beslut.datum}); ett beslut "
                "registreras när det är fattat",
                loc=("datum",),
            )
        )
    return found


def _investigation_done(ctx: Context) -> bool:
    return any(p.typ.is_investigation and not p.status.active for p in ctx.projects)


def _unresolved(beslut: Beslut, move: Move, mandat: Mandat | None, facts: Facts) -> list[Finding]:
    if mandat is None:
        return [R11.error(f"delegationsordningen saknar beslutspunkt {move.beslutspunkt}")]
    missing = unresolved(facts.ctx, mandat, beslut.forum)
    if facts.ctx.org.person(beslut.beslutad_av) is None:
        missing.append(f"okänd person '{beslut.beslutad_av}'")
    return [error(f"mandatet kan inte prövas: {what}") for what in missing]


def _mandate_findings(
    beslut: Beslut, move: Move, mandat: Mandat, ctx: Context, where: Scope
) -> tuple[Authority | None, list[Finding]]:
    org = ctx.org
    person = org.person(beslut.beslutad_av)
    assert person is not None  # unresolved people are reported before
    authority = find_authority(person, mandat, ctx, beslut.forum)
    # R2/R4: where the delegationsordning names forums, the decision records which one;
    # without a forum any of them would do, so the lookup alone cannot tell.
    if authority and (beslut.forum or not mandat.forum):
        return authority, []
    severity = severity_on(beslut.datum, org.gäller_från)
    rule = mandate_rule(move, where, ctx.need)
    if authority or (mandat.forum and find_authority(person, mandat, ctx)):
        forums = forum_names(mandat, org)
        message = (
            f"beslutet ska tas i {forums}"
            if beslut.forum
            else f"forum saknas; beslutet ska tas i {forums}"
        )
        return authority, [rule.finding(severity, message, loc=("forum",))]
    allowed = who_may_decide(mandat, ctx)
    hint = (
        "beslutet kan fattas av " + ", ".join(allowed)
        if allowed
        else "ingen i organisationen har det mandatet; se delegationsordning.yaml"
    )
    message = (
        f"{person.namn} saknar mandat för detta beslut "
        f"({SCOPE_TEXT[where]}); enligt delegationsordningen "
        f"beslutar {mandate_text(mandat, org)}"
    )
    return None, [rule.finding(severity, message, loc=("beslutad_av",), hint=hint)]


def _how_findings(
    beslut: Beslut,
    move: Move,
    mandat: Mandat,
    ctx: Context,
    rules: Delegationsordning,
    where: Scope,
) -> list[Finding]:
    """How the decision was taken: by the forum as a body (protokoll, members present,
    consent of every affected förvaltning) or by one person without a conflict of
    interest; and communicated to whom the delegationsordning names."""
    found = (
        _body_findings(beslut, mandat, ctx, rules)
        if mandat.organ
        else _alone_findings(beslut, move, ctx)
    )
    found += _delges_findings(beslut, move, mandat, ctx)
    if not found:
        return []  # most decisions: no rule or severity to find
    rule = mandate_rule(move, where, ctx.need)
    severity = severity_on(beslut.datum, ctx.org.gäller_från)
    return [rule.finding(severity, message, loc=loc, hint=hint) for message, loc, hint in found]


Reason = tuple[str, tuple[str, ...], str | None]


def _body_findings(
    beslut: Beslut, mandat: Mandat, ctx: Context, rules: Delegationsordning
) -> list[Reason]:
    forum = ctx.org.forum_by_id(beslut.forum or "")
    if forum is None:
        return []
    found: list[Reason] = []
    if not beslut.protokoll:
        found.append(
            (
                f"{forum.namn} beslutar som organ; protokollreferensen saknas",
                ("protokoll",),
                "ange protokollet och paragrafen, t.ex. 'STY-2025-05 § 4'",
            )
        )
    elif not has_paragraph(beslut.protokoll):
        found.append(
            (
                f"{forum.namn} beslutar som organ; protokollreferensen "
                f"'{beslut.protokoll}' saknar paragraf (§)",
                ("protokoll",),
                f"ange paragrafen, t.ex. '{beslut.protokoll} § 4'",
            )
        )
    members = forum.members()
    outsiders = [
        p
        for p in beslut.deltagare  # unknown people are reported as references
        if p not in members and ctx.org.person(p) is not None
    ]
    if outsiders:
        found.append(
            (f"{join_sv(outsiders, 'och')} ingår inte i {forum.namn}", ("deltagare",), None)
        )
    # R31: quorum is the delegationsordning's; a decision that names its meeting is held
    # to the meeting's attendance instead (meeting_findings).
    quorum = rules.beslutförhet.minimum(forum.id) if rules.beslutförhet else 1
    if beslut.möte is None and len([p for p in beslut.deltagare if p in members]) < quorum:
        found.append(
            (
                f"{forum.namn} beslutar som organ; minst {count_sv(quorum)} av dess "
                f"ledamöter ska stå som deltagare{preliminary_note(rules)}",
                ("deltagare",),
                None,
            )
        )
    if mandat.samtycke:
        found += _consent_findings(beslut, ctx)
    return found


def _consent_findings(beslut: Beslut, ctx: Context) -> list[Reason]:
    """BP2: the utvecklingsteam of each affected förvaltning stands behind the decision."""
    org = ctx.org
    move_after_grovsallning = Move(Steg.GROVSALLNING, Steg.BEREDNING, 2)
    affected = affected_forvaltningar(ctx.need, org, move_after_grovsallning)
    missing = sorted(affected - set(beslut.bakom))
    found: list[Reason] = []
    if missing:
        found.append(
            (
                f"utvecklingsteamet i {_forvaltningar(missing, org)} har inte ställt "
                "sig bakom beslutet",
                ("bakom",),
                "beslutet tas av utvecklingsteamet inom respektive berörd förvaltning",
            )
        )
    present = {p.förvaltning for p in map(org.person, beslut.deltagare) if p}
    absent = sorted((set(beslut.bakom) & affected) - present)
    if absent:
        found.append(
            (f"ingen från {_forvaltningar(absent, org)} deltog i beslutet", ("deltagare",), None)
        )
    return found


def _alone_findings(beslut: Beslut, move: Move, ctx: Context) -> list[Reason]:
    """One person decides: not on a need they answer for or proposed alone, and only from
    a förvaltning the need affects."""
    need, org = ctx.need, ctx.org
    person = org.person(beslut.beslutad_av)
    if person is None:
        return []
    found: list[Reason] = []
    if person.id == need.kontaktperson:
        found.append(
            (
                f"{person.namn} är behovets kontaktperson och kan inte ensam besluta om det (jäv)",
                ("beslutad_av",),
                "låt en annan med mandatet besluta",
            )
        )
    elif need.förslagsställare == [person.id]:
        found.append(
            (
                f"{person.namn} har ensam föreslagit behovet och kan inte ensam besluta "
                "om det (jäv)",
                ("beslutad_av",),
                "låt en annan med mandatet besluta",
            )
        )
    if not affects(need, org, move, person.förvaltning):
        found.append(
            (
                f"{person.namn} hör till {_forvaltningar([person.förvaltning], org)}, "
                "som inte berörs av behovet",
                ("beslutad_av",),
                None,
            )
        )
    return found


def _delges_findings(beslut: Beslut, move: Move, mandat: Mandat, ctx: Context) -> list[Reason]:
    org = ctx.org
    forums, units = org.forum_index, org.avdelning_index
    for receiver in beslut.delges:
        if receiver not in forums and receiver not in units:
            return []  # an unknown receiver is reported as a reference, not again as missing
    missing = [r for r in receivers(move, mandat, ctx) if r not in beslut.delges]
    if not missing:
        return []
    return [(f"beslutet ska delges {_receiver_names(missing, ctx.org)}", ("delges",), None)]


def receivers(move: Move, mandat: Mandat, ctx: Context) -> list[str]:
    """Whom the decision is communicated to: the forums the delegationsordning names and,
    where it says so, the affected verksamheter (avdelningar)."""
    found = list(mandat.delges)
    if mandat.delges_berörda:
        found += [a for a in sorted(affected_avdelningar(ctx.need)) if a not in found]
    return found


def _forvaltningar(ids: list[str], org: Organisation) -> str:
    names = []
    for fid in ids:
        known = org.forvaltning(fid)
        names.append((known.kortnamn or known.namn) if known else fid)
    return join_sv(names, "och")


def _receiver_names(ids: list[str], org: Organisation) -> str:
    names = []
    for rid in ids:
        forum, unit = org.forum_by_id(rid), org.avdelning(rid)
        names.append(forum.namn if forum else unit.namn if unit else rid)
    return join_sv(names, "och")

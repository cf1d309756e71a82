"""Global ids into the federation (Integrerad Digitalisering): `ÄVO:BEH-042` in
`beroenden` (R22) and `grovsållning.liknande_behov` (R5), and a member's avdelning
`FS:boende` in `grovsållning.berörda.avdelningar` (R5). A member's portfolio is known
only after `avoplan federation sync`, and a member may be behind; so a reference that
cannot be resolved is a warning that names the member, never an error."""

from __future__ import annotations

from collections.abc import Iterator

from avoplan.core.findings import Finding
from avoplan.core.rulebook import R5, R22, Rule, enforces
from avoplan.core.text import fold
from avoplan.models.behov import Behov, Berorda
from avoplan.models.federation import Medlem, split_global, split_global_unit
from avoplan.models.portfolio import BEHOV, FEDERATION, Portfolio


@enforces("check", R5, R22)
def check_global_references(portfolio: Portfolio) -> Iterator[Finding]:
    # Only a global id (with a colon) can be unresolved here: the rest are passed over
    # before anything is built for them (10 000 items, a handful of global ids).
    for item_id, item in [*portfolio.behov.items(), *portfolio.projekt.items()]:
        section = item.grovsållning if isinstance(item, Behov) else None
        berorda = section.berörda if section is not None else None
        if not (
            _names_global(item.beroenden)
            or (section is not None and _names_global(section.liknande_behov))
            or (berorda is not None and _names_global(berorda.avdelningar))
        ):
            continue  # most items: no list made for them
        refs: list[tuple[Rule, tuple[str | int, ...], str]] = [
            (R22, ("beroenden", i), ref) for i, ref in enumerate(item.beroenden) if ":" in ref
        ]
        if section is not None:
            refs += [
                (R5, ("grovsållning", "liknande_behov", i), ref)
                for i, ref in enumerate(section.liknande_behov)
                if ":" in ref
            ]
        for rule, loc, ref in refs:
            problem = unresolved(portfolio, ref)
            if problem:
                message, hint = problem
                yield rule.warning(message, portfolio.item_path(item_id), loc, hint=hint)
        if berorda is not None and _names_global(berorda.avdelningar):
            yield from _berorda(portfolio, item_id, berorda)


def _names_global(ids: list[str]) -> bool:
    """Whether any of `ids` is global (asked three times per item, most lists empty)."""
    return bool(ids) and any(":" in value for value in ids)


def _berorda(portfolio: Portfolio, item_id: str, berorda: Berorda) -> Iterator[Finding]:
    """R5: an avdelning of another förvaltning (FS:boende) must exist in that member's
    organisation (after a sync), and its förvaltning be among berörda.förvaltningar, since
    that is what the BP2 consent and the mandate (R11) follow."""
    for i, ref in enumerate(berorda.avdelningar):
        problem = unresolved_unit(portfolio, ref, berorda.förvaltningar)
        if problem:
            message, hint = problem
            yield R5.warning(
                message,
                portfolio.item_path(item_id),
                ("grovsållning", "berörda", "avdelningar", i),
                hint=hint,
            )


def unresolved_unit(
    portfolio: Portfolio, ref: str, forvaltningar: list[str]
) -> tuple[str, str] | None:
    """Why the avdelning `ref` of a member cannot be resolved or is not backed by its
    förvaltning in berörda (message, hint); None when it is fine or local."""
    parts = split_global_unit(ref)
    if parts is None:
        return None
    code, local = parts
    member = portfolio.federation.member(code)
    if member is None:
        return _not_a_member(portfolio, ref, code)
    if _is_home(portfolio, code):
        if portfolio.organisation.avdelning(local) is not None:
            return None
        return (
            f"'{ref}': avdelningen {local} finns inte i den egna organisationen ({member.namn})",
            "se avdelningarna i organisation.yaml",
        )
    if member.förvaltning and member.förvaltning not in forvaltningar:
        return (
            f"'{ref}' är en avdelning hos {member.namn} ({member.kod}), men "
            f"{member.förvaltning} saknas i berörda.förvaltningar",
            f"lägg till {member.förvaltning}: förvaltningens utvecklingsteam ska stå "
            "bakom beslutet vid beslutspunkt 2",
        )
    units = (portfolio.federation_units or {}).get(member.kod)
    if units is None:
        return _not_synced(ref, member)
    if local not in units:
        return (
            f"'{ref}': avdelningen {local} finns inte hos {member.namn} ({member.kod}) "
            "vid senaste synkningen",
            "kontrollera id:t eller kör 'avoplan federation sync'",
        )
    return None


def unresolved(portfolio: Portfolio, ref: str) -> tuple[str, str] | None:
    """Why the global id `ref` cannot be resolved (message, hint), or None when it can
    or is a local id."""
    parts = split_global(ref)
    if parts is None:
        return None
    code, local = parts
    member = portfolio.federation.member(code)
    if member is None:
        return _not_a_member(portfolio, ref, code)
    if _is_home(portfolio, code):
        if portfolio.exists(BEHOV, local) or local in portfolio.projekt:
            return None
        return (
            f"'{ref}': {local} finns inte i den egna portföljen ({member.namn})",
            f"filen {local}.yaml finns inte",
        )
    ids = (portfolio.federation_ids or {}).get(member.kod)
    if ids is None:
        return _not_synced(ref, member)
    if local not in ids:
        return (
            f"'{ref}': {local} finns inte hos {member.namn} ({member.kod}) vid senaste synkningen",
            "kontrollera id:t eller kör 'avoplan federation sync'",
        )
    return None


@enforces("check", R22)
def check_member_codes(portfolio: Portfolio) -> Iterator[Finding]:
    """A code names one member: two members with the same code, or one whose code is
    another's ASCII spelling (AVO beside ÄVO), would make `AVO:BEH-042` ambiguous."""
    for index, member, earlier in portfolio.federation.duplicates():
        same = "samma kod" if member.kod == earlier.kod else "samma kod stavad med ASCII"
        yield R22.error(
            f"medlemmen {member.namn} har {same} som {earlier.namn} "
            f"({earlier.kod}); ett globalt id måste peka ut en medlem",
            portfolio.path(FEDERATION),
            ("medlemmar", index, "kod"),
            hint="ge varje medlem en egen kod",
        )


CHECKS = (check_global_references, check_member_codes)


def _not_a_member(portfolio: Portfolio, ref: str, code: str) -> tuple[str, str]:
    known = ", ".join(m.kod for m in portfolio.federation.medlemmar) or "inga"
    return (
        f"'{ref}': {code} är ingen medlem i federationen",
        f"medlemmarna i federation.yaml: {known}",
    )


def _is_home(portfolio: Portfolio, code: str) -> bool:
    home = portfolio.federation.hem
    return bool(home) and fold(code) == fold(home or "")


def _not_synced(ref: str, member: Medlem) -> tuple[str, str]:
    return (
        f"'{ref}' kan inte kontrolleras: {member.namn} ({member.kod}) är inte synkad",
        "kör 'avoplan federation sync'",
    )

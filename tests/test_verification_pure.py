"""The pure parts of `verify` and `allowed-signers` (R2, R31) that the CLI tests reach only
through git: which lines of nycklar/ are keys, what an identity change reads as, who may
register, a justerat protokoll changed afterwards, and a decision leaning on trust the
reviewed change itself gave. Asserted word for word, since these are what a reviewer reads."""

from __future__ import annotations

import base64
import struct
from datetime import datetime
from typing import Any

import pytest

from avoplan.granskning.nycklar import KEY_TYPES, allowed_signers, key_problem, key_problems
from avoplan.granskning.verification import (
    FileChange,
    IdentityChange,
    Trust,
    alias_changes,
    identity_changes,
    may_register,
    review,
)
from avoplan.models.organisation import Organisation
from avoplan.store.yaml_io import parse, read_text
from tests.helpers import EMBEDDED

KARIN = "karin.holm@avo.exempel.se"
DAVID = "david.lind@avo.exempel.se"
EMMA = "emma.karlsson@avo.exempel.se"  # registrator in the embedded organisation


def organisation(**people: dict[str, Any] | None) -> Organisation:
    """The embedded organisation with some persons' fields replaced (None: removed)."""
    data = parse(read_text(EMBEDDED / "organisation.yaml"))
    personer = []
    for person in data["personer"]:
        changed = people.get(person["id"], {})
        if changed is not None:
            personer.append({**person, **changed})
    data["personer"] = personer
    return Organisation.model_validate(data)


@pytest.fixture(scope="module")
def org() -> Organisation:
    return organisation()


def blob(kind: str, body: bytes = b"\x01" * 32) -> bytes:
    named = kind.encode()
    return struct.pack(">I", len(named)) + named + struct.pack(">I", len(body)) + body


def key(kind: str = "ssh-ed25519", body: bytes = b"\x01" * 32) -> str:
    return f"{kind} {base64.b64encode(blob(kind, body)).decode()}"


# --- nycklar/: which lines are one public key ---------------------------------------------


def test_r2_a_public_key_of_each_allowed_type_is_a_key() -> None:
    for kind in KEY_TYPES:
        assert key_problem(key(kind)) is None, kind
        assert key_problem(key(kind) + " a comment") is None, kind
        assert key_problem(key(kind).replace(" ", "\t")) is None, kind


def test_r2_a_key_line_with_a_control_character_is_refused() -> None:
    for char in ("\x00", "\x08", "\x0a", "\x1f", "\x7f", "\x9f"):
        assert key_problem(key() + char + "x") == "innehåller ett kontrolltecken", repr(char)
    assert key_problem(key() + " kär\xa0nyckel") is None  # above the C1 range: prose


def test_r2_a_certificate_or_an_option_before_the_key_is_refused() -> None:
    cert = key("ssh-ed25519-cert-v01@openssh.com")
    assert key_problem(cert) == "är ett certifikat, ingen publik nyckel"
    assert key_problem(f"cert-authority {key()}") == (
        "har tillval före nyckeln (cert-authority); bara nyckeln får stå, "
        "utan cert-authority eller andra tillval"
    )
    assert key_problem(f'namespaces="git" {key("ssh-rsa")}').startswith(  # type: ignore[union-attr]
        'har tillval före nyckeln (namespaces="git")'
    )


def test_r2_a_line_of_no_allowed_type_names_the_allowed_types() -> None:
    expected = (
        "är ingen publik SSH-nyckel av tillåten typ (ssh-ed25519, ecdsa-sha2-nistp256, "
        "ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, "
        "sk-ecdsa-sha2-nistp256@openssh.com, ssh-rsa)"
    )
    assert key_problem(key("ssh-dss")) == expected
    assert key_problem("detta är ingen nyckel") == expected


@pytest.mark.parametrize(
    "line",
    [
        "ssh-ed25519",  # no data at all
        "ssh-ed25519 !!!!",  # not base64
        "ssh-ed25519 " + base64.b64encode(b"\x00\x00").decode(),  # shorter than a length
        "ssh-ed25519 " + base64.b64encode(blob("ssh-rsa")).decode(),  # names another type
        "ssh-ed25519 " + base64.b64encode(blob("ssh-ed25519")[:15]).decode(),  # type only
        "ssh-ed25519 " + base64.b64encode(b"\x00\x00\x00\x0cssh-ed25519").decode(),  # too long
    ],
)
def test_r2_a_key_whose_data_is_not_a_key_of_its_type_is_refused(line: str) -> None:
    assert key_problem(line) == "har trasig nyckeldata: inte en ssh-ed25519-nyckel i base64"


def test_r2_a_key_with_a_character_outside_base64_is_refused_not_skipped() -> None:
    kind, data = key().split()
    # base64 that skipped what is not its alphabet would read the same key out of this
    assert key_problem(f"{kind} {data[:8]}!{data[8:]}") == (
        "har trasig nyckeldata: inte en ssh-ed25519-nyckel i base64"
    )


def test_r2_a_key_blob_is_its_type_and_something_after_it() -> None:
    # the type alone is no key; one byte after it is left to ssh-keygen to judge
    typed = blob("ssh-ed25519")[:15]
    assert key_problem("ssh-ed25519 " + base64.b64encode(typed).decode()) is not None
    one_more = base64.b64encode(typed + b"\x00").decode()
    assert key_problem(f"ssh-ed25519 {one_more}") is None


def test_r2_a_key_line_is_trimmed_of_spaces_tabs_and_cr_only(org: Organisation) -> None:
    # a form feed is no line end: the line keeps it and is refused, never written
    keys = {"karin-holm": f"{key()}\x0c\n", "david-lind": f"Xssh-ed25519 {key().split()[1]}\n"}
    found = [(p.person, p.line, p.message) for p in key_problems(org, keys)]
    assert found == [
        (
            "david-lind",
            1,
            "David Lind (david-lind): raden är ingen publik SSH-nyckel av tillåten typ ("
            + ", ".join(KEY_TYPES)
            + ")",
        ),
        ("karin-holm", 1, "Karin Holm (karin-holm): raden innehåller ett kontrolltecken"),
    ]
    assert allowed_signers(org, keys) == ""
    # a comment ending in X is the key's comment, kept whole
    assert allowed_signers(org, {"karin-holm": f"\t{key()} MAX \r\n"}) == (
        f'{KARIN} namespaces="git" {key()} MAX\n'
    )


def test_r2_key_problems_name_the_person_the_line_and_a_second_key(org: Organisation) -> None:
    keys = {
        "karin-holm": f"# jobbdatorn\r\n\r\n{key()}\r\nfel\n  {key(body=b'2' * 32)}  \n",
        "david-lind": f"skräp\n{key()}\n",
    }
    found = [(p.person, p.line, p.message) for p in key_problems(org, keys)]
    assert found == [
        (
            "david-lind",
            1,
            "David Lind (david-lind): raden är ingen publik SSH-nyckel av tillåten typ ("
            + ", ".join(KEY_TYPES)
            + ")",
        ),
        (
            "karin-holm",
            4,
            "Karin Holm (karin-holm): raden är ingen publik SSH-nyckel av tillåten typ ("
            + ", ".join(KEY_TYPES)
            + ")",
        ),
        (
            "karin-holm",
            5,
            "Karin Holm (karin-holm): raden är en andra nyckel (den första står på rad 3); "
            "en person har en nyckel: ta bort den gamla",
        ),
    ]
    assert key_problems(org, {"karin-holm": f"{key()}\n", "david-lind": ""}) == []


def test_r2_a_key_file_of_nobody_in_the_organisation_is_a_problem(org: Organisation) -> None:
    found = [(p.person, p.line, p.message) for p in key_problems(org, {"nils-okand": key()})]
    assert found == [
        (
            "nils-okand",
            1,
            "nyckelfilen hör till nils-okand, som inte finns bland personerna i organisation.yaml",
        )
    ]
    bad = key_problems(org, {"nils-okand": "\nfel"})
    assert [(p.line, p.message.split(":")[0]) for p in bad] == [
        (1, "nyckelfilen hör till nils-okand, som inte finns bland personerna i organisation.yaml"),
        (2, "nils-okand"),
    ]


def test_r2_allowed_signers_writes_each_persons_lower_case_address_and_valid_keys() -> None:
    org = organisation(**{"karin-holm": {"epost": "Karin.Holm@AVO.exempel.se"}})
    keys = {
        "david-lind": f"{key(body=b'd' * 32)} david\r\nfel\n",
        "karin-holm": f"{key()}\n{key('ssh-dss')}\n",
        "nils-okand": key(),
    }
    # in the organisation's order of persons (Karin before David), never a key of nobody
    assert allowed_signers(org, keys) == (
        f'{KARIN} namespaces="git" {key()}\n{DAVID} namespaces="git" {key(body=b"d" * 32)} david\n'
    )
    assert allowed_signers(org, {}) == ""


# --- who may register ---------------------------------------------------------------------


def test_r2_may_register_the_decider_a_registrator_and_their_aliases(org: Organisation) -> None:
    alias = {"kh@users.noreply.github.com": KARIN}
    assert may_register(org, {}, "karin-holm", KARIN)
    assert may_register(org, {}, "karin-holm", f"  {KARIN.upper()} ")
    assert may_register(org, {}, "karin-holm", EMMA)  # a registrator, for anyone
    assert may_register(org, {}, "ingen-alls", EMMA)
    assert may_register(org, alias, "karin-holm", "KH@users.noreply.github.com")
    assert not may_register(org, {}, "karin-holm", DAVID)
    assert not may_register(org, {}, "karin-holm", "kh@users.noreply.github.com")
    assert not may_register(org, {}, "ingen-alls", DAVID)
    registrator = organisation(**{"david-lind": {"roller": ["Registrator"]}})
    assert may_register(registrator, {}, "karin-holm", DAVID)  # the role folds its case


# --- identity changes a reviewed range makes ----------------------------------------------


def test_r2_identity_changes_list_e_post_roles_and_the_registrator_right(org: Organisation) -> None:
    changed: dict[str, dict[str, Any] | None] = {
        "karin-holm": {"epost": "karin@annan.exempel.se"},
        "david-lind": {"roller": ["registrator", "utvecklingsledare"]},
        "emma-karlsson": {"roller": []},
        "johan-ek": {"epost": "JOHAN.EK@avo.exempel.se"},  # only its case: the same
        "oskar-dahl": {"roller": ["Enhetschef digitalisering och IT"]},  # the same, folded
    }
    after = organisation(**changed)
    found = {change.person: change for change in identity_changes(org, after)}
    assert sorted(found) == ["david-lind", "emma-karlsson", "karin-holm"]
    assert found["karin-holm"] == IdentityChange(
        "karin-holm",
        "Karin Holm",
        (("e-post", KARIN, "karin@annan.exempel.se"),),
    )
    assert found["david-lind"].fields == (
        ("roller", "[]", "[registrator, utvecklingsledare]"),
        ("registrator", "nej", "ja"),
    )
    assert found["emma-karlsson"].fields == (
        ("roller", "[registrator]", "[]"),
        ("registrator", "ja", "nej"),
    )
    assert found["karin-holm"].message == (
        "identiteten för Karin Holm (karin-holm) ändras: e-post "
        f"{KARIN} → karin@annan.exempel.se; granska ändringen, beslut i samma ändring "
        "prövas mot identiteten före den"
    )
    assert found["david-lind"].message.startswith(
        "identiteten för David Lind (david-lind) ändras: roller [] → "
        "[registrator, utvecklingsledare]; registrator nej → ja; granska"
    )


def test_r2_a_new_person_is_an_identity_change_only_as_registrator(org: Organisation) -> None:
    without = organisation(**{"emma-karlsson": None, "david-lind": None})
    found = identity_changes(without, org)
    assert [(c.person, c.fields) for c in found] == [
        ("emma-karlsson", (("registrator", "nej (ny person)", "ja"),))
    ]
    assert identity_changes(org, without) == []  # a person removed lends no identity
    assert identity_changes(None, org) == identity_changes(org, None) == []
    assert identity_changes(org, org) == []


def test_r2_mailmap_changes_are_listed_as_one_identity_change() -> None:
    before = {"a@x.se": KARIN, "b@x.se": DAVID, "c@x.se": EMMA}
    after = {"d@x.se": DAVID, "b@x.se": KARIN, "a@x.se": KARIN}
    found = alias_changes(before, after)
    assert found == [
        IdentityChange(
            "",
            ".mailmap",
            (("b@x.se räknas som", DAVID, KARIN), ("d@x.se räknas som", "–", DAVID)),
        )
    ]
    assert found[0].message == (
        f".mailmap ändras: b@x.se räknas som {DAVID} → {KARIN}; d@x.se räknas som – → "
        f"{DAVID}; granska ändringen, beslut i samma ändring prövas mot identiteten före den"
    )
    assert alias_changes(before, {}) == alias_changes(before, before) == []


# --- R31: a justerat protokoll ------------------------------------------------------------


def meeting(**extra: Any) -> dict[str, Any]:
    return {"id": "STY-2025-11-07", "datum": "2025-11-07", **extra}


def file_change(
    befores: tuple[Any, ...], after: Any, org: Organisation | None = None
) -> FileChange:
    return FileChange(
        "f" * 40,
        "Karin Holm",
        KARIN,
        datetime(2025, 11, 24),
        "moten/STY-2025-11-07.yaml",
        befores,
        after,
        org,
    )


def test_r31_a_justerat_protokoll_changed_or_removed_is_a_problem_once() -> None:
    justerat = meeting(justering={"datum": "2025-11-10", "justerare": ["erik-sjoberg"]})
    edited = {**justerat, "datum": "2025-11-08"}
    problems = review([file_change((justerat, justerat), edited)]).problems
    assert [(p.sha, p.file, p.message) for p in problems] == [
        (
            "f" * 40,
            "moten/STY-2025-11-07.yaml",
            "mötet STY-2025-11-07 har ett protokoll justerat 2025-11-10 som ändrades efter "
            "justeringen; ett justerat protokoll ändras inte",
        )
    ]
    gone = review([file_change((justerat,), None)]).problems
    assert [p.message for p in gone] == [
        "mötet STY-2025-11-07 har ett protokoll justerat 2025-11-10 som togs bort; ett "
        "justerat protokoll ändras inte"
    ]
    odd = review([file_change((meeting(justering="ja"),), None)]).problems
    assert "justerat None som togs bort" in odd[0].message


def test_r31_a_meeting_not_justerat_or_left_as_it_was_may_change() -> None:
    justerat = meeting(justering={"datum": "2025-11-10"})
    assert review([file_change((justerat,), dict(justerat))]).problems == []
    assert review([file_change((meeting(),), meeting(datum="2025-11-08"))]).problems == []
    assert review([file_change((meeting(justering=None),), None)]).problems == []
    assert review([file_change((None, "text"), meeting())]).problems == []
    # a merge whose other parent is the justerat one: the merge keeps it as it was
    assert review([file_change((meeting(), justerat), justerat)]).problems == []


def test_r31_a_merge_changing_the_justerat_protokoll_of_its_second_parent_is_a_problem() -> None:
    justerat = meeting(justering={"datum": "2025-11-10"})
    problems = review([file_change((meeting(), justerat), meeting(datum="2025-11-08"))]).problems
    assert [p.message for p in problems] == [
        "mötet STY-2025-11-07 har ett protokoll justerat 2025-11-10 som ändrades efter "
        "justeringen; ett justerat protokoll ändras inte"
    ]


# --- a reviewed range: trust from its base ------------------------------------------------


def decision(who: str = "karin-holm") -> dict[str, Any]:
    return {
        "beslutspunkt": 1,
        "datum": "2025-11-24",
        "från": "insamling",
        "till": "grovsållning",
        "beslutad_av": who,
    }


def decided(
    org: Organisation | None,
    email: str,
    *,
    aliases: dict[str, str] | None = None,
    signature: str = "N",
    signer: str = "",
) -> FileChange:
    return FileChange(
        "a" * 40,
        "Karin Holm",
        email,
        datetime(2025, 11, 24),
        "behov/BEH-013.yaml",
        ({},),
        {"beslut": [decision()]},
        org,
        aliases or {},
        signature,
        signer,
    )


LEANS = (
    " vid granskningens bas; det bygger på en identitetsändring i samma ändring, så "
    "registrera beslutet först när den ändringen har landat"
)


def test_r2_a_decision_leaning_on_an_e_post_the_change_gave_waits_until_it_lands(
    org: Organisation,
) -> None:
    lent = organisation(**{"karin-holm": {"epost": "forger@x.se"}})
    message = (
        "beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av Karin Holm men "
        "registrerades av Karin Holm <forger@x.se>, som varken är beslutsfattaren eller "
        "registrator"
    )
    judged = review([decided(lent, "forger@x.se")], trust=Trust(org))
    assert [(p.sha, p.file, p.message) for p in judged.problems] == [
        ("a" * 40, "behov/BEH-013.yaml", message + LEANS)
    ]
    # without trust the change's own organisation (before it) is the judge
    assert review([decided(lent, "forger@x.se")]).problems == []
    # an author no organisation accepts gets no hint about identity changes
    plain = review([decided(lent, "x@x.se")], trust=Trust(org)).problems
    assert [p.message for p in plain] == [message.replace("forger@x.se", "x@x.se")]
    # a mailmap alias the change added counts the same way
    aliased = decided(org, "kh@x.se", aliases={"kh@x.se": KARIN})
    assert [p.message for p in review([aliased], trust=Trust(org)).problems] == [
        message.replace("forger@x.se", "kh@x.se") + LEANS
    ]
    assert review([aliased], trust=Trust(org, {"kh@x.se": KARIN})).problems == []
    # the change's organisation unknown: nothing to lean on
    blind = review([decided(None, "forger@x.se")], trust=Trust(org)).problems
    assert [p.message for p in blind] == [message]


def test_r2_a_signed_decision_leaning_on_the_change_names_the_signer_as_well(
    org: Organisation,
) -> None:
    lent = organisation(**{"karin-holm": {"epost": "forger@x.se"}})
    good = decided(lent, KARIN, signature="G", signer="forger@x.se")
    judged = review([good], require_signed=True, trust=Trust(org))
    assert [p.message for p in judged.problems] == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av Karin Holm men "
        "commiten är signerad av forger@x.se, som varken är beslutsfattaren eller "
        "registrator" + LEANS
    ]
    assert judged.signed == set() and judged.decision_commits == {"a" * 40}
    # the author's address does not stand in for the signer's
    by_author = decided(lent, "forger@x.se", signature="G", signer="x@x.se")
    message = review([by_author], require_signed=True, trust=Trust(org)).problems[0].message
    assert not message.endswith(LEANS)
    # a bad signature leans on nothing
    bad = decided(lent, KARIN, signature="B", signer="forger@x.se")
    message = review([bad], require_signed=True, trust=Trust(org)).problems[0].message
    assert message.endswith("signera den")
    # the base trusts Karin's signature: signed and no problem
    fine = review(
        [decided(org, KARIN, signature="G", signer=KARIN)], require_signed=True, trust=Trust(org)
    )
    assert fine.problems == [] and fine.signed == {"a" * 40} and fine.added == 1


def test_r2_without_the_bases_organisation_no_decision_can_be_judged(org: Organisation) -> None:
    judged = review([decided(org, KARIN)], trust=Trust(None))
    assert [p.message for p in judged.problems] == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) kan inte prövas: "
        "organisation.yaml gick inte att läsa vid granskningens bas"
    ]


def test_r2_signed_lists_only_commits_with_decisions_and_without_problems(
    org: Organisation,
) -> None:
    def signed(sha: str, who: str = KARIN, after: Any = None) -> FileChange:
        return FileChange(
            sha,
            "Karin Holm",
            who,
            datetime(2025, 11, 24),
            "behov/BEH-013.yaml",
            ({},),
            {"beslut": [decision()]} if after is None else after,
            org,
            signature="G",
            signer=who,
        )

    changes = [
        signed("1" * 40),
        signed("2" * 40, after={"beslut": []}),  # no decision added
        signed("3" * 40, who=DAVID),  # signed, but by someone else
        signed("4" * 40, who=EMMA),  # a registrator
    ]
    verdict = review(changes, require_signed=True)
    assert verdict.signed == {"1" * 40, "4" * 40}
    assert verdict.decision_commits == {"1" * 40, "3" * 40, "4" * 40}
    assert verdict.added == 3
    assert review(changes).signed == set()  # only asked for with require_signed
    # a commit with a problem in another file is not counted as signed either
    other = FileChange(
        "1" * 40,
        "Karin Holm",
        KARIN,
        datetime(2025, 11, 24),
        "behov/BEH-014.yaml",
        ({"beslut": [decision()]},),
        {"beslut": []},
        org,
        signature="G",
        signer=KARIN,
    )
    assert review([changes[0], other], require_signed=True).signed == set()

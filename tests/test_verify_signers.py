"""`avoplan verify` (R2): a good signature counts only when its signer is the decider or a
registrator; the count of decisions added and the words for merges, unknown deciders and
prioritetsbeslut. Signing through real ssh-keygen in a real repository; the pure review
for the branches git's own filtering hides."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from avoplan.granskning.verification import FileChange, Problem, mailmap_aliases
from avoplan.granskning.verification import review as judged
from avoplan.models.organisation import Organisation
from avoplan.store.yaml_io import parse, read_text
from tests.helpers import EMBEDDED, Cli, git
from tests.test_review_verify import (
    DAVID,
    KARIN,
    as_author,
    decide,
    head,
    keypair,
    make_david_registrator,
)

# --- real signatures ------------------------------------------------------------------


def review(changes: list[FileChange], *, require_signed: bool = False) -> tuple[list[Problem], int]:
    """The verdict's problems and count of added decisions, as these tests compare them."""
    verdict = judged(changes, require_signed=require_signed)
    return verdict.problems, verdict.added


@pytest.fixture
def two_keys(repo: Path, tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """Karin's and David's public keys committed in nycklar/, and a third key committed
    under a name that is nobody in the organisation; commits signed with SSH keys."""
    keys = tmp_path / "keys"
    keys.mkdir()
    karin, david, stranger = (keypair(keys, n) for n in ("karin", "david", "stranger"))
    (repo / "nycklar").mkdir()
    for person, key in (("karin-holm", karin), ("david-lind", david), ("okand", stranger)):
        (repo / "nycklar" / f"{person}.pub").write_text(
            Path(f"{key}.pub").read_text(encoding="utf-8"), encoding="utf-8"
        )
    root = repo.parent
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Nycklar")
    git(root, "config", "gpg.format", "ssh")
    git(root, "config", "commit.gpgsign", "true")
    return repo, karin, david, stranger


def test_r2_require_signed_refuses_a_good_signature_of_someone_other_than_the_decider(
    cli: Cli, two_keys: tuple[Path, Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, david, _ = two_keys
    root, start = repo.parent, head(repo.parent)
    as_author(monkeypatch, KARIN, "Karin Holm")  # Karin's decision, as Karin's commit ...
    git(root, "config", "user.signingkey", str(david))  # ... signed with David's allowed key
    decide(cli, repo, "BEH-013", "--commit")
    result = cli("verify", "--since", start, "--require-signed", "-p", repo)
    assert result.exit_code == 1, result.output
    assert (
        f"är fattat av Karin Holm men commiten är signerad av {DAVID}, som varken är "
        "beslutsfattaren eller registrator"
    ) in result.stdout
    assert "1 problem i 1 commits." in result.stdout


def test_r2_require_signed_accepts_a_registrators_good_signature(
    cli: Cli, two_keys: tuple[Path, Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, david, _ = two_keys
    root = repo.parent
    git(root, "config", "commit.gpgsign", "false")
    make_david_registrator(repo)
    git(root, "commit", "-qam", "David registrerar")
    git(root, "config", "commit.gpgsign", "true")
    start = head(root)
    as_author(monkeypatch, DAVID, "David Lind")
    git(root, "config", "user.signingkey", str(david))
    decide(cli, repo, "BEH-013", "--commit")
    result = cli("verify", "--since", start, "--require-signed", "-p", repo)
    assert result.exit_code == 0, result.output
    assert (
        "1 beslut i 1 commits; alla 1 commits med beslut är signerade och verifierade som "
        "beslutsfattaren eller registrator"
    ) in result.stdout


def test_r2_require_signed_refuses_a_key_allowed_for_nobody(
    cli: Cli, two_keys: tuple[Path, Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, _, stranger = two_keys
    root, start = repo.parent, head(repo.parent)
    as_author(monkeypatch, KARIN, "Karin Holm")
    git(root, "config", "user.signingkey", str(stranger))  # committed, but as nobody's key
    decide(cli, repo, "BEH-013", "--commit")
    out = cli("allowed-signers", "-p", repo, "-o", root / "signers")
    assert out.exit_code == 1  # a key file of nobody in the organisation is refused
    assert "okand.pub:1: fel nyckel" in out.stderr and not (root / "signers").exists()
    result = cli("verify", "--since", start, "--require-signed", "-p", repo)
    assert result.exit_code == 1, result.output
    assert (
        "är fattat av Karin Holm men commiten är signerad med en nyckel som inte finns "
        "bland de tillåtna; med --require-signed ska beslutsfattaren eller registrator "
        "signera den"
    ) in result.stdout


# --- the pure review: counts and words ---------------------------------------------------


@pytest.fixture(scope="module")
def org() -> Organisation:
    return Organisation.model_validate(parse(read_text(EMBEDDED / "organisation.yaml")))


def beslut(who: str = "karin-holm", datum: str = "2025-11-24", bp: int | None = 1) -> Any:
    return {
        "beslutspunkt": bp,
        "datum": datum,
        "från": "insamling",
        "till": "grovsållning",
        "beslutad_av": who,
    }


def prioritet(who: str = "oskar-dahl", plats: int = 1) -> Any:
    return {"plats": plats, "datum": "2025-11-17", "beslutad_av": who}


def change(
    org: Organisation,
    befores: tuple[Any, ...],
    after: Any,
    *,
    email: str = KARIN,
    signature: str = "N",
    signer: str = "",
    sha: str = "a" * 40,
) -> FileChange:
    return FileChange(
        sha,
        "Karin Holm",
        email,
        datetime(2025, 11, 24),
        "behov/BEH-013.yaml",
        befores,
        after,
        org,
        signature=signature,
        signer=signer,
    )


def test_r2_review_counts_each_decision_added_of_both_kinds(org: Organisation) -> None:
    one = change(
        org,
        ({"beslut": [beslut()]},),
        {
            "beslut": [beslut(), beslut(datum="2025-11-25")],
            "prioritet": [prioritet("karin-holm"), prioritet("karin-holm", 2)],
        },
    )
    problems, added = review([one])
    assert problems == []
    assert added == 3
    created = change(org, (None,), {"beslut": [beslut()]})
    assert review([created, one]) == ([], 4)
    assert review([change(org, ({"beslut": [beslut()]},), {"beslut": [beslut()]})]) == ([], 0)


def test_r2_review_names_an_unknown_decider_and_the_registering_author(org: Organisation) -> None:
    problems, added = review(
        [change(org, ({},), {"beslut": [beslut("ingen-alls")]}, email="x@exempel.se")]
    )
    assert added == 1
    assert [p.message for p in problems] == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av ingen-alls men "
        "registrerades av Karin Holm <x@exempel.se>, som varken är beslutsfattaren eller "
        "registrator"
    ]


def test_r2_review_words_a_prioritetsbeslut_and_a_reentry(org: Organisation) -> None:
    before = {"prioritet": [prioritet()], "beslut": [beslut(bp=None)]}
    problems, _ = review(
        [change(org, (before,), {"prioritet": [prioritet(plats=2)], "beslut": []})]
    )
    assert [p.message for p in problems] == [
        "beslut 1 (återinträde 2025-11-24: insamling → grovsållning) togs bort",
        "prioritetsbeslut 1 (plats 1 2025-11-17) ändrades i efterhand; registrera ett nytt "
        "beslut i stället",
    ]
    gone, _ = review([change(org, (before,), None)])
    assert [p.message for p in gone] == [
        "filen med 1 beslut togs bort; inget får raderas",
        "filen med 1 prioritetsbeslut togs bort; inget får raderas",
    ]


def test_r2_review_of_a_merge_words_what_a_parent_lost_once(org: Organisation) -> None:
    left = {"beslut": [beslut()], "prioritet": [prioritet("karin-holm")]}
    right = {"beslut": [beslut()], "prioritet": [prioritet("karin-holm")]}
    problems, added = review([change(org, (left, right), {"beslut": [], "prioritet": []})])
    assert added == 0
    assert [p.message for p in problems] == [
        "beslut (BP1 2025-11-24: insamling → grovsållning) finns i en förälder men togs bort "
        "eller ändrades i sammanslagningen",
        "prioritetsbeslut (plats 1 2025-11-17) finns i en förälder men togs bort eller "
        "ändrades i sammanslagningen",
    ]
    fresh = {
        "beslut": [beslut(), beslut("ingen-alls", "2025-11-26")],
        "prioritet": [prioritet("karin-holm")],
    }
    problems, added = review([change(org, (left, {"beslut": []}), fresh, email=DAVID)])
    assert added == 1
    assert len(problems) == 1 and "fattat av ingen-alls" in problems[0].message


def test_r2_review_without_the_organisation_cannot_judge(org: Organisation) -> None:
    blind = FileChange(
        "b" * 40,
        "Karin Holm",
        KARIN,
        datetime(2025, 11, 24),
        "behov/x.yaml",
        ({},),
        {"beslut": [beslut()]},
    )
    problems, _ = review([blind])
    assert [p.message for p in problems] == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) kan inte prövas: "
        "organisation.yaml gick inte att läsa före denna commit"
    ]


@pytest.mark.parametrize(
    ("letter", "words"),
    [
        ("N", "saknar signatur"),
        ("B", "har en ogiltig signatur"),
        ("U", "är signerad med en nyckel som inte finns bland de tillåtna"),
        ("X", "är signerad med en utgången signatur"),
        ("Y", "är signerad med en utgången nyckel"),
        ("R", "är signerad med en återkallad nyckel"),
        ("E", "har en signatur som inte kunde kontrolleras"),
        ("?", "har en signatur som inte godtas"),
    ],
)
def test_r2_review_words_each_signature_state(org: Organisation, letter: str, words: str) -> None:
    problems, _ = review(
        [change(org, ({},), {"beslut": [beslut()]}, signature=letter, signer=KARIN)],
        require_signed=True,
    )
    assert [p.message for p in problems] == [
        f"beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av Karin Holm men "
        f"commiten {words}; med --require-signed ska beslutsfattaren eller registrator "
        "signera den"
    ]


def test_r2_review_a_good_signature_counts_only_for_the_decider_or_a_registrator(
    org: Organisation,
) -> None:
    def signed_by(signer: str) -> list[str]:
        problems, _ = review(
            [change(org, ({},), {"beslut": [beslut()]}, signature="G", signer=signer)],
            require_signed=True,
        )
        return [p.message for p in problems]

    assert signed_by(KARIN.upper()) == []
    assert signed_by(DAVID) == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av Karin Holm men "
        f"commiten är signerad av {DAVID}, som varken är beslutsfattaren eller registrator"
    ]


def test_mailmap_maps_each_commit_address_to_the_proper_one() -> None:
    text = (
        "Karin Holm <karin.holm@avo.exempel.se> <KH@users.noreply.github.com>\n"
        "<david.lind@avo.exempel.se>  # a name-only line\n"
        "# <a@b> <c@d>\n"
        "# <e@f> <g@h> # a comment line with two marks\n"
    )
    assert mailmap_aliases(text) == {"kh@users.noreply.github.com": KARIN}


def test_r2_review_reports_each_lost_decision_of_a_merge_once_at_its_file(
    org: Organisation,
) -> None:
    two = {"beslut": [beslut(), beslut(datum="2025-11-25"), "ogiltigt"]}
    problems, _ = review([change(org, (two, two), {"beslut": []}, sha="c" * 40)])
    assert [(p.sha, p.file) for p in problems] == [("c" * 40, "behov/BEH-013.yaml")] * 3
    assert [p.message.split(")")[0] for p in problems] == [
        "beslut (BP1 2025-11-24: insamling → grovsållning",
        "beslut (BP1 2025-11-25: insamling → grovsållning",
        "beslut (okänt",
    ]


def test_r2_review_places_each_problem_at_its_commit_and_file(org: Organisation) -> None:
    cases = [
        (change(org, ({},), {"beslut": [beslut()]}, signature="G", signer=DAVID), True),
        (change(org, ({},), {"beslut": [beslut()]}, signature="N"), True),
        (change(org, ({},), {"beslut": [beslut("ingen-alls")]}, email=DAVID), False),
        (change(org, ({"beslut": ["ogiltigt"]},), {"beslut": []}), False),
        (
            FileChange(
                "d" * 40,
                "K",
                KARIN,
                datetime(2025, 11, 24),
                "behov/x.yaml",
                ({},),
                {"beslut": [beslut()]},
            ),
            False,
        ),
        (change(org, ({"beslut": [beslut()]},), None), False),
        (change(org, ({"beslut": [beslut()]},), {"beslut": [beslut(datum="2025-11-30")]}), False),
    ]
    for one, signed in cases:
        problems, _ = review([one], require_signed=signed)
        assert [(p.sha, p.file) for p in problems] == [(one.sha, one.path)], problems
    gone, _ = review(list(cases[3][:1]))
    assert gone[0].message == "beslut 1 (okänt) togs bort"


def test_r2_review_of_a_root_commit_judges_every_decision_as_new(org: Organisation) -> None:
    root = FileChange(
        "e" * 40,
        "Karin Holm",
        KARIN,
        datetime(2025, 11, 24),
        "behov/x.yaml",
        (),
        {"beslut": [beslut(), beslut(datum="2025-11-25")]},
        org,
    )
    assert root.before is None
    assert review([root]) == ([], 2)


def test_r2_review_names_a_decision_without_decider_as_made_by_okand(org: Organisation) -> None:
    anonymous = {k: v for k, v in beslut().items() if k != "beslutad_av"}
    problems, _ = review([change(org, ({},), {"beslut": [anonymous]}, email=DAVID)])
    assert [p.message for p in problems] == [
        "beslutet (BP1 2025-11-24: insamling → grovsållning) är fattat av okänd men "
        f"registrerades av Karin Holm <{DAVID}>, som varken är beslutsfattaren eller "
        "registrator"
    ]


def test_allowed_signers_skips_blank_lines_and_comments(org: Organisation) -> None:
    from avoplan.granskning.nycklar import allowed_signers

    karin, nobody = _ed25519(1), _ed25519(2)
    keys = {
        "karin-holm": f"# Karins nycklar\n\n{karin} karin\n  \n",
        "ingen-alls": f"{nobody} x\n",
    }
    assert allowed_signers(org, keys) == f'{KARIN} namespaces="git" {karin} karin\n'


def _ed25519(fill: int) -> str:
    """A well-formed ed25519 public key (its data names its type), as a key file holds it."""
    import base64
    import struct

    data = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + bytes([fill]) * 32
    return "ssh-ed25519 " + base64.b64encode(data).decode()

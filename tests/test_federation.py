"""Integrerad Digitalisering: six förvaltningar, six real git repositories in tmp_path;
`federation sync` fetches the members read-only, global ids resolve after it, a broken
cross-reference is a warning naming the member, and `liknande` looks across members
offline, saying how old the copy is."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from tests.helpers import Cli, copy_unchanging, finding_lines, git, make_repo, replace_in, settle
from tests.test_advance import GROVSALLNING as ADVANCE_GROVSALLNING
from tests.test_liknande import SIMILAR

CODES = {
    "FS": "Förvaltningen för funktionsstöd",
    "SFC": "Socialförvaltningen Centrum",
    "SFH": "Socialförvaltningen Hisingen",
    "SFNO": "Socialförvaltningen Nordost",
    "SFSV": "Socialförvaltningen Sydväst",
}

FS_NEED = """id: BEH-050
titel: Matinköp via e-handel för brukare med hemtjänst
avdelning: hemtjanst
steg: insamling
beskrivning: >-
  Personalen gör brukarnas matinköp i butik. Digitala matinköp ska breddas till alla
  enheter och kopplas till planeringen.
nytta: Arbetstimmar frigörs till omsorgsarbete.
mål: [1, 3]
"""

FORVALTNINGAR = {
    "FS": "funktionsstod",
    "SFC": "sf-centrum",
    "SFH": "sf-hisingen",
    "SFNO": "sf-nordost",
    "SFSV": "sf-sydvast",
}


def federation_yaml(members: dict[str, Path]) -> str:
    lines = [
        "namn: Integrerad Digitalisering",
        "hem: ÄVO",
        "medlemmar:",
        "  - {namn: Äldre samt vård- och omsorgsförvaltningen, kod: ÄVO}",
    ]
    lines += [
        f"  - {{namn: {CODES[code]}, kod: {code}, förvaltning: {FORVALTNINGAR[code]}, "
        f"förråd: '{path}', revision: main}}"
        for code, path in members.items()
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def federation(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    return build_federation(tmp_path)


def build_federation(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """ÄVO's portfolio and five member repositories (copies of the embedded portfolio, FS
    with one need of its own); returns (home portfolio, member repository roots).

    The six repositories are made once per test process and copied (git's objects too),
    a third of the time of six `git init`, `add` and `commit`."""
    template = _federation_template()
    for source in template.iterdir():
        copy_unchanging(source, tmp_path / source.name)
    members = {code: tmp_path / code.lower() for code in CODES}
    home = tmp_path / "avo" / "portfolio"
    (home / "federation.yaml").write_text(federation_yaml(members), encoding="utf-8")
    return home, members


@functools.cache
def _federation_template() -> Path:
    import atexit
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="avoplan-federation-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    _make_federation(root)
    return root


def _make_federation(tmp_path: Path) -> None:
    for code in CODES:
        root = tmp_path / code.lower()
        root.mkdir()
        portfolio = make_repo(root)
        if code == "FS":
            (portfolio / "behov" / "BEH-050.yaml").write_text(FS_NEED, encoding="utf-8")
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "BEH-050")
    home_root = tmp_path / "avo"
    home_root.mkdir()
    make_repo(home_root)
    for root in tmp_path.iterdir():
        # Packed, as a repository that has been in use is (git gc): a sync's fetch then
        # reuses the pack instead of compressing a hundred loose objects, half its CPU,
        # and a test copies two files of objects, not a hundred.
        git(root, "repack", "-a", "-d", "-q")


def test_sync_fetches_every_member_read_only(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, members = federation
    heads = {code: git(root, "rev-parse", "HEAD").strip() for code, root in members.items()}
    result = cli("federation", "sync", "-p", home)
    assert result.exit_code == 0, result.output
    for code, root in members.items():
        assert heads[code][:10] in result.stdout
        assert git(root, "status", "--porcelain") == ""  # the member is only read
        copy = home / ".avoplan-cache" / "federation" / f"{code.lower()}.git"
        assert git(copy, "rev-parse", "HEAD").strip() == heads[code]
    assert "egen portfölj" in result.stdout and "(nyss)" in result.stdout
    status = cli("federation", "status", "-p", home)
    assert status.exit_code == 0 and "SFSV" in status.stdout


def test_r22_global_reference_resolves_after_sync(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, _ = federation
    need = home / "behov" / "BEH-007.yaml"
    replace_in(need, "beslut:\n", "beroenden: [FS:BEH-050]\nbeslut:\n")
    before = cli("check", "-p", home)
    assert "'FS:BEH-050' kan inte kontrolleras" in before.stdout
    assert "kör 'avoplan federation sync'" in before.stdout
    assert cli("federation", "sync", "-p", home).exit_code == 0
    after = cli("check", "-p", home)
    assert "FS:BEH-050" not in after.stdout, after.stdout


def test_r22_broken_cross_reference_is_a_warning_naming_the_member(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, _ = federation
    need = home / "behov" / "BEH-007.yaml"
    replace_in(need, "beslut:\n", "beroenden: [SFNO:BEH-999, XYZ:BEH-001]\nbeslut:\n")
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("check", "-p", home)
    assert result.exit_code == 0, result.output  # warnings only
    lines = finding_lines(result.stdout)
    assert any(
        "varning R22" in line
        and "BEH-999 finns inte hos Socialförvaltningen Nordost (SFNO)" in line
        for line in lines
    ), result.stdout
    assert any("XYZ är ingen medlem i federationen" in line for line in lines)


def test_r5_liknande_behov_takes_global_ids_and_home_code(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, _ = federation
    replace_in(
        home / "behov" / "BEH-001.yaml",
        "tid_medverkande:",
        "liknande_behov: [FS:BEH-050, ÄVO:BEH-002, ÄVO:BEH-998]\n  tid_medverkande:",
    )
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("check", "-p", home)
    assert result.exit_code == 0, result.output
    assert "FS:BEH-050" not in result.stdout and "ÄVO:BEH-002" not in result.stdout
    assert "'ÄVO:BEH-998': BEH-998 finns inte i den egna portföljen" in result.stdout


def test_liknande_looks_across_members_offline_and_says_how_old(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, members = federation
    assert cli("federation", "sync", "-p", home).exit_code == 0
    shutil.rmtree(members["FS"])  # offline: the member's repository is out of reach
    result = cli("liknande", "BEH-007", "--top", "8", "-p", home)  # 5 copies of BEH-007 first
    assert result.exit_code == 0, result.output
    assert "FS:BEH-050" in result.stdout
    assert "enligt senaste synkningen" in result.stdout


def test_sync_of_a_missing_repository_names_it(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, members = federation
    shutil.rmtree(members["SFC"])
    result = cli("federation", "sync", "-p", home)
    assert result.exit_code == 1
    assert "git kunde inte hämta main" in result.stderr


def test_federation_without_members_is_refused(cli: Cli, portfolio: Path) -> None:
    (portfolio / "federation.yaml").unlink()
    result = cli("federation", "sync", "-p", portfolio)
    assert result.exit_code == 1
    assert "ingen federation" in result.stderr


# The grovsållning of test_advance, coordinated against a need of Funktionsstöd.
GROVSALLNING = ADVANCE_GROVSALLNING.replace(
    "  tid_medverkande:", "  liknande_behov: [FS:BEH-050]\n  tid_medverkande:"
)


def test_r6_backlog_lists_every_member_with_the_consenting_forvaltningar(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    """A BP2 that needs two förvaltningar' consent puts the need on the gemensam
    väntelista with both named; the members' needs past BP2 are on it too."""
    home, _ = federation
    replace_in(home / "behov" / "BEH-007.yaml", "beslut:\n", GROVSALLNING)
    alone = cli(
        "advance",
        "BEH-007",
        "--to",
        "beredning",
        "-p",
        home,
        "--datum",
        "2025-11-24",
        "--motivering",
        "Tas in.",
        "--beslutad-av",
        "fatima-olsson",
        "--deltagare",
        "fatima-olsson,maja-ek,lina-ahmed",
        "--bakom",
        "avo",
        "--protokoll",
        "ID-2025-11 § 3",
    )
    assert alone.exit_code == 1 and "Funktionsstöd har" in alone.stderr  # one is not enough
    advanced = cli(
        "advance",
        "BEH-007",
        "--to",
        "beredning",
        "-p",
        home,
        "--datum",
        "2025-11-24",
        "--motivering",
        "Tas in.",
        "--beslutad-av",
        "fatima-olsson",
        "--deltagare",
        "fatima-olsson,maja-ek,lina-ahmed",
        "--bakom",
        "avo,funktionsstod",
        "--protokoll",
        "ID-2025-11 § 3",
    )
    assert advanced.exit_code == 0, advanced.output
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("render", "backlog", "-p", home)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "| ÄVO:BEH-007 |" in line)
    assert "| ÄVO, Funktionsstöd | ÄVO, Funktionsstöd |" in row  # berörda, bakom
    assert "| SFNO:BEH-004 |" in result.stdout  # a member's need past BP2
    assert "enligt senaste synkningen" in result.stdout
    assert "STY-2025-03 § 3" in result.stdout  # the Styr- och samordningsgruppen's BP3
    html = cli("render", "backlog", "-p", home, "--format", "html")
    assert html.exit_code == 0 and "SFNO:BEH-004" in html.stdout


@pytest.mark.slow
def test_demo_federation_of_six_members_syncs_and_overlaps(cli: Cli, tmp_path: Path) -> None:
    """`demo-portfolio --federation 6`: six real git repositories that sync, check clean,
    and hold needs similar across members."""
    out = tmp_path / "id"
    made = cli("demo-portfolio", "--items", "25", "--out", out, "--federation", "6")
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in out.iterdir()) == ["avo", "fs", "sfc", "sfh", "sfno", "sfsv"]
    for member in out.iterdir():
        assert git(member, "status", "--porcelain") == ""  # all committed
    home = out / "avo"
    synced = cli("federation", "sync", "-p", home)
    assert synced.exit_code == 0, synced.output
    checked = cli("check", "-p", home)
    assert checked.exit_code == 0, checked.output
    similar = cli("liknande", "BEH-001", "--top", "5", "-p", home)
    assert similar.exit_code == 0, similar.output
    assert any(f"{code}:BEH-" in similar.stdout for code in CODES), similar.stdout
    backlog = cli("render", "backlog", "-p", home)
    assert backlog.exit_code == 0, backlog.output
    assert all(f"| {code}:BEH-" in backlog.stdout for code in CODES)


def test_demo_federation_refuses_more_members_than_id_has(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo-portfolio", "--items", "5", "--out", tmp_path / "id", "--federation", "7")
    assert result.exit_code == 2
    assert "mellan 2 och 6" in result.stderr


def test_liknande_index_is_kept_per_member_commit_and_never_trusted_if_planted(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    """The similarity index of a member is kept beside its copy, keyed by the synced
    commit: a new commit of the member is seen after the next sync, and an index edited
    on disk (its checksum no longer holds) is rebuilt, not believed."""
    home, members = federation
    assert cli("federation", "sync", "-p", home).exit_code == 0
    first = cli("liknande", "BEH-007", "--top", "8", "-p", home)
    assert first.exit_code == 0 and "FS:BEH-050" in first.stdout, first.output
    index = home / ".avoplan-cache" / "federation" / "fs" / "liknande.tsv"
    head = git(members["FS"], "rev-parse", "HEAD").strip()
    assert head in index.read_text(encoding="utf-8").splitlines()[0]

    index.write_text(
        index.read_text(encoding="utf-8").replace("Matinköp via e-handel", "Planterad titel"),
        encoding="utf-8",
    )
    planted = cli("liknande", "BEH-007", "--top", "8", "-p", home)
    assert "Planterad" not in planted.stdout and "FS:BEH-050" in planted.stdout

    fs_need = members["FS"] / "portfolio" / "behov" / "BEH-051.yaml"
    fs_need.write_text(
        FS_NEED.replace("BEH-050", "BEH-051").replace(
            "Matinköp via e-handel", "Nattlig kameratillsyn"
        ),
        encoding="utf-8",
    )
    git(members["FS"], "add", "-A")
    git(members["FS"], "commit", "-q", "-m", "BEH-051")
    stale = cli("liknande", "BEH-007", "--top", "30", "-p", home)
    assert "FS:BEH-051" not in stale.stdout  # offline: as of the last sync
    assert cli("federation", "sync", "-p", home).exit_code == 0
    fresh = cli("liknande", "BEH-007", "--top", "30", "-p", home)
    assert "FS:BEH-051" in fresh.stdout, fresh.stdout


def test_liknande_sees_an_edit_of_the_home_portfolio(cli: Cli, portfolio: Path) -> None:
    """The home index is kept against the listing of the portfolio's files, so an edited
    need is compared as it is now."""
    import os

    first = cli("liknande", "BEH-007", "--top", "3", "-p", portfolio)
    assert first.exit_code == 0
    settle(portfolio)  # older than a timestamp tick: the index is kept
    kept = cli("liknande", "BEH-007", "--top", "3", "-p", portfolio)
    assert kept.stdout == first.stdout
    assert (portfolio / ".avoplan-cache" / "federation" / "liknande.tsv").is_file()
    (portfolio / "behov" / "BEH-020.yaml").write_text(SIMILAR, encoding="utf-8")
    os.utime(portfolio / "behov" / "BEH-020.yaml")
    edited = cli("liknande", "BEH-007", "--top", "3", "-p", portfolio)
    assert "BEH-020" in edited.stdout, edited.stdout


BERORDA = """grovsållning:
  rätt_förstått: Ja, stämt med kontaktpersonen.
  berörda:
    avdelningar: [hemtjanst, FS:myndighet, ÄVO:halsoframjande, FS:finns-ej, ÄVO:okand]
    förvaltningar: [avo, funktionsstod]
  tid_beroende: true
  samordning: Samordnat i ID-gemensamma utvecklingsteamet.
  tid_medverkande: [lina-ahmed]
beslut:
"""


def test_r5_berorda_avdelning_of_a_member_resolves_after_sync(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    """`berörda.avdelningar` takes another förvaltning's avdelning as KOD:avdelning: before
    a sync it cannot be checked, after it it resolves against that member's
    organisation.yaml, and one that is not there is a warning naming the member."""
    home, _ = federation
    replace_in(home / "behov" / "BEH-007.yaml", "beslut:\n", BERORDA)
    before = cli("check", "-p", home)
    assert before.exit_code == 0, before.output
    assert "'FS:myndighet' kan inte kontrolleras" in before.stdout
    assert cli("federation", "sync", "-p", home).exit_code == 0
    after = cli("check", "-p", home)
    assert after.exit_code == 0, after.output  # warnings only
    lines = finding_lines(after.stdout)
    assert not any("FS:myndighet" in line or "ÄVO:halsoframjande" in line for line in lines)
    assert any(
        "varning R5" in line
        and "avdelningen finns-ej finns inte hos Förvaltningen för funktionsstöd (FS)" in line
        for line in lines
    ), after.stdout
    assert any(
        "avdelningen okand finns inte i den egna organisationen" in line for line in lines
    ), after.stdout


def test_r5_berorda_member_avdelning_needs_its_forvaltning(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, _ = federation
    replace_in(
        home / "behov" / "BEH-007.yaml",
        "beslut:\n",
        BERORDA.replace("[avo, funktionsstod]", "[avo]"),
    )
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("check", "-p", home)
    assert (
        "'FS:myndighet' är en avdelning hos Förvaltningen för funktionsstöd (FS), men "
        "funktionsstod saknas i berörda.förvaltningar" in result.stdout
    ), result.stdout


def test_r6_bp2_with_a_member_avdelning_asks_that_forvaltning_to_consent(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    """A member's avdelning in berörda is no unknown avdelning to the judge; the consent
    follows berörda.förvaltningar, so Funktionsstöd's utvecklingsteam must stand behind."""
    home, _ = federation
    replace_in(
        home / "behov" / "BEH-007.yaml",
        "beslut:\n",
        BERORDA.replace(", FS:finns-ej, ÄVO:okand", ""),
    )
    args: list[str | Path] = [
        "advance",
        "BEH-007",
        "--to",
        "beredning",
        "-p",
        home,
        "--datum",
        "2025-11-24",
        "--motivering",
        "Tas in.",
        "--beslutad-av",
        "fatima-olsson",
        "--deltagare",
        "fatima-olsson,maja-ek,lina-ahmed",
        "--protokoll",
        "ID-2025-11 § 3",
    ]
    alone = cli(*args, "--bakom", "avo")
    assert alone.exit_code == 1 and "Funktionsstöd har" in alone.stderr, alone.output
    assert "okänd avdelning" not in alone.stderr
    both = cli(*args, "--bakom", "avo,funktionsstod")
    assert both.exit_code == 0, both.output


def test_backlog_names_the_commit_that_recorded_each_decision_in_each_members_history(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    """The Styr- och samordningsgruppen's decisions come with the commit of the member's
    own git history (read from the synced copy) in which each first appears; a decision
    only in the home work tree is 'ej incheckat'."""
    home, members = federation
    fs = members["FS"] / "portfolio" / "behov"
    first = git(members["FS"], "rev-list", "--max-parents=0", "HEAD").strip()
    later = (
        (fs / "BEH-001.yaml")
        .read_text(encoding="utf-8")
        .replace("id: BEH-001", "id: BEH-060")
        .replace("STY-2025-03 § 3", "STY-2025-09 § 1")
    )
    (fs / "BEH-060.yaml").write_text(later, encoding="utf-8")
    git(members["FS"], "add", "-A")
    git(members["FS"], "commit", "-q", "-m", "BP3 för BEH-060")
    second = git(members["FS"], "rev-parse", "HEAD").strip()
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("render", "backlog", "-p", home)
    assert result.exit_code == 0, result.output
    rows = {
        gid: line
        for line in result.stdout.splitlines()
        for gid in ("FS:BEH-001", "FS:BEH-060", "ÄVO:BEH-001")
        if f"| {gid} |" in line and "BP3" in line
    }
    assert f"| {first[:10]} (" in rows["FS:BEH-001"], rows
    assert f"| {second[:10]} (" in rows["FS:BEH-060"] and "STY-2025-09 § 1" in rows["FS:BEH-060"]
    home_first = git(home.parent, "rev-list", "--max-parents=0", "HEAD").strip()
    assert f"| {home_first[:10]} (" in rows["ÄVO:BEH-001"], rows
    replace_in(home / "behov" / "BEH-001.yaml", "datum: 2025-03-25", "datum: 2025-03-26")
    moved = cli("render", "backlog", "-p", home)
    assert moved.exit_code == 0, moved.output
    row = next(
        line for line in moved.stdout.splitlines() if "| ÄVO:BEH-001 |" in line and "BP3" in line
    )
    assert "| ej incheckat |" in row, row  # the decision as it stands is in no commit


# --- issue 23: global ids wherever an id is, and json -------------------------------------


def test_global_ids_are_accepted_wherever_an_id_is(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, _ = federation
    assert cli("federation", "sync", "-p", home).exit_code == 0
    similar = cli("liknande", "FS:BEH-050", "-p", home)
    assert similar.exit_code == 0, similar.output
    assert "Behov som liknar FS:BEH-050" in similar.stdout
    assert "FS:BEH-050 " not in similar.stdout.split("\n", 2)[-1]  # never like itself
    shown = cli("show", "FS:BEH-050", "-p", home)
    assert shown.exit_code == 0, shown.output
    assert "Matinköp via e-handel" in shown.stdout
    for command in ("show", "kostnad", "history", "liknande"):
        own = cli(command, "ÄVO:BEH-004", "-p", home)
        assert own.exit_code == 0 and "BEH-004" in own.stdout, (command, own.output)
    refused = cli("set", "FS:BEH-050", "titel=x", "-p", home)
    assert refused.exit_code == 1
    assert "FS:BEH-050 hör till Förvaltningen för funktionsstöd (FS)" in refused.stderr
    unknown = cli("show", "XX:BEH-001", "-p", home)
    assert unknown.exit_code == 1 and "XX är ingen medlem" in unknown.stderr


def test_federation_status_sync_and_liknande_give_json(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    import json

    home, _ = federation
    synced = json.loads(cli("federation", "sync", "-f", "json", "-p", home).stdout)
    assert {m["kod"] for m in synced["medlemmar"]} == {"ÄVO", *CODES}
    status = json.loads(cli("federation", "status", "-f", "json", "-p", home).stdout)
    fs = next(m for m in status["medlemmar"] if m["kod"] == "FS")
    assert fs["behov"] == 20 and len(fs["commit"]) == 40
    similar = json.loads(cli("liknande", "BEH-007", "-f", "json", "-p", home).stdout)
    assert similar["id"] == "BEH-007" and similar["liknande"][0]["likhet"] > 0
    assert {"id", "titel", "likhet", "stark", "ord", "system", "mål"} <= similar["liknande"][
        0
    ].keys()

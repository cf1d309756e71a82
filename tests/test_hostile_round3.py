"""Hostile input, round 3 (issue 28): what a portfolio, a federation member, an
organisation file or a command line holds can neither steer the terminal, nor make
avoplan read outside a member's repository, nor be clipped from a PDF, nor end up as a
broken line in allowed-signers. Every refusal says so in Swedish and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from avoplan.documents.registry import DOCUMENTS
from tests.helpers import EMBEDDED, Cli, copy_portfolio, git, replace_in
from tests.test_federation import FS_NEED, build_federation

# Every kind of terminal control: ESC and CSI sequences, BEL, C1 CSI and NEL, DEL,
# backspace, NUL and a bare carriage return (which lets a line overwrite itself).
HOSTILE = "\x1b[31m\x07\x9b2J\x85\x7f\x08\x00x\r"
# What may reach a terminal: newline, tab, and the carriage return of a CRLF line end.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_TEXT_FIELD = re.compile(
    r"^(\s*(?:- )?)(titel|namn|beskrivning|nytta|kort|syfte): "
    r"([^\s'\"\[{>|&*!#][^#\n{}\[\],]*)$",
    re.MULTILINE,
)


def hostile_portfolio(target: Path) -> Path:
    """The embedded portfolio with control characters at the end of every single-line
    title, name, description and nytta (written as YAML escapes, which check accepts)."""
    copy_portfolio(EMBEDDED, target)
    for path in target.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            _TEXT_FIELD.sub(lambda m: f"{m[1]}{m[2]}: {json.dumps(m[3].strip() + HOSTILE)}", text),
            encoding="utf-8",
        )
    return target


def fingerprint(folder: Path) -> str:
    """Every file under `folder` (the check cache left out), names and bytes, hashed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if ".avoplan-cache" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_symlink():
            digest.update(b"->" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


# --- one terminal-safe writer --------------------------------------------------------

TO_STDOUT = [
    ("render", "prioritet"),
    ("render", "plan"),
    ("render", "backlog"),
    ("render", "rad"),
    ("render", "board"),
    ("render", "uppfoljning"),
    ("render", "forvaltningsplan"),
    ("render", "prioritet", "-f", "html"),
    ("export", "behov", "-f", "csv"),
    ("export", "projekt", "-f", "csv"),
    ("export", "prioritet", "-f", "csv"),
    ("export", "system", "-f", "csv"),
    ("pios",),
    ("list",),
    ("list", "-f", "csv"),
    ("list", "-f", "json"),
    ("prioritet",),
    ("prioritet", "--explain"),
    ("show", "BEH-001"),
    ("show", "PRJ-001"),
    ("board",),
    ("check",),
    ("check", "-f", "json"),
    ("org",),
    ("kostnad", "BEH-001"),
    ("liknande", "BEH-001"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_portfolio(tmp_path_factory.mktemp("hostile") / "portfolio")


@pytest.mark.parametrize("command", TO_STDOUT, ids=" ".join)
def test_no_control_character_reaches_stdout_or_stderr(
    cli: Cli, hostile: Path, command: tuple[str, ...]
) -> None:
    result = cli(*command, "-p", hostile)
    assert result.exit_code == 0, result.output
    if command[0] not in ("check", "kostnad"):  # the text is there, as a visible escape
        assert "\\x1b" in result.stdout or "\\u001b" in result.stdout, command
    assert _UNSAFE.findall(result.stdout) == [], command
    assert _UNSAFE.findall(result.stderr) == [], command


def test_json_keeps_its_meaning_with_control_characters_escaped(cli: Cli, hostile: Path) -> None:
    result = cli("list", "-f", "json", "-p", hostile)
    assert _UNSAFE.findall(result.stdout) == []
    rows = json.loads(result.stdout)["poster"]
    assert any(row["titel"].endswith(HOSTILE) for row in rows)  # the data is unchanged


# --- a federation member is untrusted input --------------------------------------------


@pytest.fixture
def federation(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    return build_federation(tmp_path)


OUTSIDE_NEED = FS_NEED.replace("BEH-050", "BEH-060").replace(
    "Matinköp via e-handel", "Hemlig fil utanför förrådet"
)


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.mark.parametrize("link", ["file", "folder", "organisation", "cache"])
def test_a_member_file_that_is_a_link_is_refused_with_a_warning_naming_the_member(
    cli: Cli, federation: tuple[Path, dict[str, Path]], tmp_path: Path, link: str
) -> None:
    home, members = federation
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "BEH-060.yaml").write_text(OUTSIDE_NEED, encoding="utf-8")
    member = members["FS"] / "portfolio"
    if link == "file":
        (member / "behov" / "BEH-060.yaml").symlink_to(outside / "BEH-060.yaml")
    elif link == "folder":
        (member / "behov" / "mer").symlink_to(outside, target_is_directory=True)
        (member / "mer").symlink_to(outside, target_is_directory=True)
    elif link == "cache":  # a committed cache would answer for files it never saw
        (member / ".avoplan-cache").mkdir()
        (member / ".avoplan-cache" / "BEH-060.yaml").symlink_to(outside / "BEH-060.yaml")
        (member / ".avoplan-cache" / "liknande.tsv").write_text("Hemlig fil\n", "utf-8")
    else:
        (outside / "organisation.yaml").write_bytes((member / "organisation.yaml").read_bytes())
        (member / "organisation.yaml").unlink()
        (member / "organisation.yaml").symlink_to(outside / "organisation.yaml")
    _commit(members["FS"], "En länk ut ur förrådet")
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("liknande", "BEH-007", "--top", "50", "-p", home)
    assert result.exit_code == 0, result.output
    assert "Hemlig fil" not in result.stdout and "FS:BEH-060" not in result.stdout
    assert "funktionsstöd (FS)" in result.stderr and "är en länk" in result.stderr
    if link == "cache":
        assert "portfolio/.avoplan-cache/liknande.tsv ligger i en avoplan-cache" in " ".join(
            result.stderr.split()
        )
    copies = home / ".avoplan-cache" / "federation"
    assert not [p for p in copies.rglob("*") if p.is_symlink()]
    status = cli("federation", "status", "-p", home)
    assert status.exit_code == 0 and "är en länk" in status.stderr


def test_relative_portfolio_paths_work_for_every_federated_command(
    cli: Cli, federation: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    home, _ = federation
    relative = home.relative_to(tmp_path)  # the tests run in tmp_path
    assert cli("federation", "sync", "-p", relative).exit_code == 0
    for command in (
        ("liknande", "BEH-007"),
        ("federation", "status"),
        ("check",),
        ("render", "backlog"),
    ):
        result = cli(*command, "-p", relative)
        assert result.exit_code == 0, (command, result.output)
    assert "FS:BEH-050" in cli("liknande", "BEH-007", "--top", "8", "-p", relative).stdout


def test_a_member_file_too_large_is_refused_with_a_warning(
    cli: Cli, federation: tuple[Path, dict[str, Path]]
) -> None:
    home, members = federation
    big = members["FS"] / "portfolio" / "behov" / "BEH-061.yaml"
    big.write_text(
        OUTSIDE_NEED.replace("BEH-060", "BEH-061") + "#" * 1_100_000 + "\n", encoding="utf-8"
    )
    _commit(members["FS"], "En stor fil")
    assert cli("federation", "sync", "-p", home).exit_code == 0
    result = cli("liknande", "BEH-007", "--top", "50", "-p", home)
    assert result.exit_code == 0, result.output
    assert "FS:BEH-061" not in result.stdout and "FS:BEH-050" in result.stdout
    assert "funktionsstöd (FS)" in result.stderr and "BEH-061.yaml" in result.stderr


def test_git_errors_are_told_in_swedish(
    cli: Cli, federation: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    home, members = federation
    replace_in(
        home / "federation.yaml",
        f"kod: SFC, förvaltning: sf-centrum, förråd: '{members['SFC']}', revision: main",
        f"kod: SFC, förvaltning: sf-centrum, förråd: '{members['SFC']}', revision: finns-inte",
    )
    (tmp_path / "tom").mkdir()
    replace_in(home / "federation.yaml", f"'{members['SFH']}'", f"'{tmp_path / 'tom'}'")
    before = fingerprint(home)
    result = cli("federation", "sync", "-p", home)
    assert result.exit_code == 1
    assert "fatal" not in result.stderr and "does not" not in result.stderr
    assert "couldn't" not in result.stderr
    assert "finns inte" in result.stderr
    assert fingerprint(home) == before


def test_git_detail_is_in_the_debug_log(
    cli: Cli, federation: tuple[Path, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _ = federation
    replace_in(home / "federation.yaml", "revision: main", "revision: finns-inte")
    monkeypatch.setenv("AVOPLAN_DEBUG", "1")
    result = cli("federation", "sync", "-p", home)
    assert result.exit_code == 1
    assert "grenen, taggen eller commiten finns inte i förrådet" in result.stderr
    assert "avoplan (debug)" in result.stderr and "finns-inte" in result.stderr


@pytest.mark.parametrize("second", ["FS", "ÄVO", "AVO"])
def test_r22_two_members_with_one_code_are_an_error(
    cli: Cli, federation: tuple[Path, dict[str, Path]], second: str
) -> None:
    home, _ = federation
    replace_in(home / "federation.yaml", "kod: SFC,", f"kod: {second},")
    before = fingerprint(home)
    result = cli("check", "-p", home)
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "fel R22" in line)
    assert (
        line.startswith("avo/portfolio/federation.yaml:6: ")
        and ": fel R22 medlemmar[2].kod: medlemmen Socialförvaltningen Centrum har samma kod"
        in line
    ), line
    assert "ett globalt id måste peka ut en medlem" in line
    synced = cli("federation", "sync", "-p", home)
    assert synced.exit_code == 1 and "har samma kod" in synced.stderr
    assert "inget synkades" in synced.stderr
    assert fingerprint(home) == before
    assert not (home / ".avoplan-cache" / "federation").exists()


# --- PDF: long words wrap, nothing is clipped --------------------------------------------


def long_word(ident: str, length: int = 170) -> str:
    """One word without a break, made from `ident` so each item's is its own."""
    return ((ident.replace("-", "") + "Långordsplaneringsverktygsintegrationsmodul") * 20)[:length]


def worst_case_portfolio(target: Path) -> tuple[Path, list[str]]:
    """Every behov and projekt titled with a 170-letter word; one system named with a
    150-letter one. Returns the portfolio and the words.

    170 letters are wider than the widest line, a landscape page's 261 mm, at the smallest
    size the documents use (280 mm at 8.5 pt in DejaVu Sans, 200 letters 329 mm; 125
    letters fit at 10 pt), so no word can fit any line, in a table cell or not, and the
    test below checks that none does. Laying out a word in a table cell costs WeasyPrint
    time in the square of its length (overflow-wrap: anywhere makes every letter a break):
    the documents took 17 CPU-seconds with 300-letter words, 11.5 with 200, 10 with 170."""
    copy_portfolio(EMBEDDED, target)
    words = []
    for path in sorted([*target.glob("behov/*.yaml"), *target.glob("projekt/*.yaml")]):
        words.append(long_word(path.stem))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"^titel: .*$", f"titel: {words[-1]}", text, count=1, flags=re.MULTILINE),
            encoding="utf-8",
        )
    words.append(long_word("SYS", 150))
    replace_in(
        target / "system" / "alfa-welfare.yaml",
        "namn: Alfa Welfare planering",
        f"namn: {words[-1]}",
    )
    return target, words


def pdftotext(path: Path) -> str:
    """The text as poppler's pdftotext sees it on the page: what runs off it is lost."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) saknas i CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def worst_case(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Callable[[str], Path], list[str]]:
    """The worst-case portfolio, and what renders one document of it as PDF and Markdown
    into a folder: each test renders only its own (the tests may run on two workers)."""
    root = tmp_path_factory.mktemp("worst")
    portfolio, words = worst_case_portfolio(root / "portfolio")
    cli = Cli()

    def rendered(document: str) -> Path:
        for fmt in ("pdf", "md"):
            result = cli("render", document, "-p", portfolio, "--out", root / "out", "-f", fmt)
            assert result.exit_code == 0, result.output
        return root / "out"

    return rendered, words


@pytest.mark.slow
@pytest.mark.parametrize("document", [d for d in DOCUMENTS if not DOCUMENTS[d].per_meeting])
def test_long_words_wrap_in_every_pdf_table_and_no_letter_is_clipped(
    worst_case: tuple[Callable[[str], Path], list[str]], document: str
) -> None:
    render, words = worst_case
    out = render(document)
    shown = [w for w in words if w in (out / f"{document}.md").read_text(encoding="utf-8")]
    if document in ("plan", "prioritet"):
        assert shown, "the worst case must reach the document"
    lines = pdftotext(out / f"{document}.pdf")
    # Each word is longer than the line it is on, wherever it is (else a shorter word in
    # worst_case_portfolio no longer makes the worst case).
    assert [w[:12] for w in shown if any(w in line for line in lines.splitlines())] == []
    # A line break, and the hyphen hyphenation puts there, are all a wrap may add.
    text = re.sub(r"[\s\-\u00ad\u2010]", "", lines)
    assert [w[:12] for w in shown if w not in text] == []


# --- allowed-signers: only valid key material is ever written ------------------------------


@pytest.fixture(scope="module")
def ssh_key(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real ed25519 public key line: 'ssh-ed25519 AAAA… karin'."""
    import subprocess

    key = tmp_path_factory.mktemp("keys") / "karin"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "karin", "-f", str(key)], check=True
    )
    return Path(f"{key}.pub").read_text(encoding="utf-8").strip()


def _ed25519_as(kind: str, key: str) -> str:
    return key.replace("ssh-ed25519", kind, 1)


BAD_KEYS = [
    # (id, file name, file text from the good key, line, words)
    (
        "inte-en-nyckel",
        "karin-holm",
        lambda k: "detta är ingen nyckel\n",
        1,
        "Karin Holm (karin-holm): raden är ingen publik SSH-nyckel av tillåten typ",
    ),
    (
        "cert-authority",
        "karin-holm",
        lambda k: f"cert-authority {k}\n",
        1,
        "raden har tillval före nyckeln (cert-authority)",
    ),
    (
        "tillval",
        "karin-holm",
        lambda k: f'namespaces="git" {k}\n',
        1,
        "raden har tillval före nyckeln",
    ),
    (
        "andra-nyckeln",
        "karin-holm",
        lambda k: f"{k}\n# ny dator\n{k}\n",
        3,
        "raden är en andra nyckel (den första står på rad 1)",
    ),
    (
        "kontrolltecken",
        "karin-holm",
        lambda k: f"{k}\x0bmer\n",
        1,
        "raden innehåller ett kontrolltecken",
    ),
    (
        "certifikat",
        "karin-holm",
        lambda k: _ed25519_as("ssh-ed25519-cert-v01@openssh.com", k) + "\n",
        1,
        "raden är ett certifikat, ingen publik nyckel",
    ),
    (
        "dsa",
        "karin-holm",
        lambda k: _ed25519_as("ssh-dss", k) + "\n",
        1,
        "raden är ingen publik SSH-nyckel av tillåten typ",
    ),
    (
        "fel-typ",
        "karin-holm",
        lambda k: _ed25519_as("ssh-rsa", k) + "\n",
        1,
        "raden har trasig nyckeldata: inte en ssh-rsa-nyckel i base64",
    ),
    (
        "trasig-base64",
        "karin-holm",
        lambda k: k[:40] + "!!" + k[42:] + "\n",
        1,
        "raden har trasig nyckeldata",
    ),
    (
        "okänd-person",
        "nils-okand",
        lambda k: f"{k}\n",
        1,
        "nyckelfilen hör till nils-okand, som inte finns bland personerna",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [case[1:] for case in BAD_KEYS],
    ids=[case[0] for case in BAD_KEYS],
)
def test_allowed_signers_refuses_key_material_that_is_not_one_key(  # noqa: PLR0917
    cli: Cli,
    portfolio: Path,
    tmp_path: Path,
    ssh_key: str,
    name: str,
    text: object,
    line: int,
    words: str,
) -> None:
    assert callable(text)
    (portfolio / "nycklar").mkdir()
    (portfolio / "nycklar" / f"{name}.pub").write_text(text(ssh_key), encoding="utf-8")
    before = fingerprint(portfolio)
    out = tmp_path / "allowed_signers"
    for args in (("-o", out), ()):
        result = cli("allowed-signers", "-p", portfolio, *args)
        assert result.exit_code == 1, result.output
        assert "inte en giltig publik nyckel, så inget skrevs" in result.stderr
        assert f"nycklar/{name}.pub:{line}: fel nyckel: " in result.stderr
        assert words in " ".join(result.stderr.split()), result.stderr
        assert result.stdout == ""
    assert not out.exists()
    assert fingerprint(portfolio) == before
    checked = cli("check", "-p", portfolio)
    assert checked.exit_code == 1
    assert any(
        f"nycklar/{name}.pub:{line}: fel nyckel: " in row and words in row
        for row in checked.stdout.splitlines()
    ), checked.stdout


def test_allowed_signers_writes_one_valid_key_per_person(
    cli: Cli, portfolio: Path, ssh_key: str
) -> None:
    (portfolio / "nycklar").mkdir()
    (portfolio / "nycklar" / "karin-holm.pub").write_text(
        f"# Karins bärbara\n{ssh_key}\r\n", encoding="utf-8"
    )
    result = cli("allowed-signers", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert result.stdout == f'karin.holm@avo.exempel.se namespaces="git" {ssh_key}\n'
    assert cli("check", "-p", portfolio).exit_code == 0
    with (portfolio / "nycklar" / "karin-holm.pub").open("a", encoding="utf-8") as keys:
        keys.write("cert-authority " + ssh_key + "\n")  # a warm check sees the change
    again = cli("check", "-p", portfolio)
    assert again.exit_code == 1 and "karin-holm.pub:3: fel nyckel" in again.stdout


# --- control characters: one rule for arguments, escaped names in generated Markdown --------


def test_init_escapes_a_name_holding_html_in_the_readme(cli: Cli, tmp_path: Path) -> None:
    """The förvaltning's name heads the README init writes: it stays literal Markdown."""
    target = tmp_path / "portfolj"
    name = "<img src=x onerror=alert(1)> [klick](javascript:x) *fet*"
    source = "git+https://github.com/goteborg/avoplan.git@" + "0" * 40
    result = cli(
        "init", target, "--no-git", "--förvaltning", name, "--kod", "FS", "--avoplan-källa", source
    )
    assert result.exit_code == 0, result.output
    heading = (target / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert "<img" not in heading and "&lt;img src=x onerror=alert(1)&gt;" in heading
    assert "\\[klick\\](javascript:x)" in heading and "\\*fet\\*" in heading


def test_a_newline_stays_possible_where_it_is_prose(cli: Cli, portfolio: Path) -> None:
    result = cli("set", "BEH-010", "beskrivning=Första stycket.\nAndra stycket.", "-p", portfolio)
    assert result.exit_code == 0, result.output
    assert "Andra stycket." in (portfolio / "behov" / "BEH-010.yaml").read_text("utf-8")


# --- the table: every refusal of round 3, through the real CLI, nothing changed ----------------


def _nothing(portfolio: Path, tmp_path: Path) -> tuple[str, ...]:
    return ()


def _bad_key(portfolio: Path, tmp_path: Path) -> tuple[str, ...]:
    (portfolio / "nycklar").mkdir()
    (portfolio / "nycklar" / "karin-holm.pub").write_text(
        "cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIlz0kXqj5M1QeP2d0Jw4f5W7k8S2sCK"
        "fWm6m8cbdmVv karin\n",
        encoding="utf-8",
    )
    return ()


def _twice(portfolio: Path, tmp_path: Path) -> tuple[str, ...]:
    member = make_member(tmp_path / "fs")
    replace_in(
        portfolio / "federation.yaml", "    kod: FS\n", f"    kod: FS\n    förråd: '{member}'\n"
    )
    replace_in(portfolio / "federation.yaml", "    kod: SFC\n", "    kod: FS\n")
    return ()


def _unknown_revision(portfolio: Path, tmp_path: Path) -> tuple[str, ...]:
    member = make_member(tmp_path / "fs")
    replace_in(
        portfolio / "federation.yaml",
        "    kod: FS\n",
        f"    kod: FS\n    förråd: '{member}'\n    revision: finns-inte\n",
    )
    return ()


def _not_a_repository(portfolio: Path, tmp_path: Path) -> tuple[str, ...]:
    (tmp_path / "tom").mkdir()
    replace_in(
        portfolio / "federation.yaml",
        "    kod: FS\n",
        f"    kod: FS\n    förråd: '{tmp_path / 'tom'}'\n",
    )
    return ()


def make_member(root: Path) -> Path:
    from tests.helpers import make_repo

    root.mkdir()
    make_repo(root)
    return root


REFUSALS = [
    # (id, setup, arguments (PORTFOLIO for the portfolio), exit code, Swedish words)
    (
        "init-mapp-med-radbrytning",
        _nothing,
        ("init", "ny\nmapp", "--no-git"),
        2,
        "argument 2 innehåller en radbrytning (U+000A)",
    ),
    (
        "matning-källa-med-radbrytning",
        _nothing,
        (
            "matning",
            "PRJ-021",
            "--effektmal",
            "1",
            "--varde",
            "5",
            "--kalla",
            "Tidsstudie\nrad 2",
            "-p",
            "PORTFOLIO",
        ),
        2,
        "värdet till --kalla innehåller en radbrytning (U+000A)",
    ),
    (
        "titel-med-radbrytning",
        _nothing,
        (
            "new",
            "behov",
            "--titel",
            "Rad ett\nrad två",
            "--avdelning",
            "hemtjanst",
            "-p",
            "PORTFOLIO",
        ),
        2,
        "värdet till --titel innehåller en radbrytning",
    ),
    (
        "protokoll-med-esc",
        _nothing,
        (
            "advance",
            "BEH-010",
            "--to",
            "grovsållning",
            "--motivering",
            "Ok.",
            "--protokoll",
            "ID \x1b[2J",
            "-p",
            "PORTFOLIO",
        ),
        2,
        "innehåller ett kontrolltecken (U+001B)",
    ),
    (
        "motivering-med-c1",
        _nothing,
        (
            "advance",
            "BEH-010",
            "--to",
            "grovsållning",
            "--motivering",
            "Ok\x9b.",
            "-p",
            "PORTFOLIO",
        ),
        2,
        "värdet till --motivering innehåller ett kontrolltecken (U+009B)",
    ),
    (
        "allowed-signers-med-tillval",
        _bad_key,
        ("allowed-signers", "-p", "PORTFOLIO"),
        1,
        "Karin Holm (karin-holm): raden har tillval före nyckeln (cert-authority)",
    ),
    (
        "federation-samma-kod-två-gånger",
        _twice,
        ("federation", "sync", "-p", "PORTFOLIO"),
        1,
        "har samma kod (FS, FS); inget synkades",
    ),
    (
        "federation-okänd-revision",
        _unknown_revision,
        ("federation", "sync", "-p", "PORTFOLIO"),
        1,
        "git kunde inte hämta finns-inte från",
    ),
    (
        "federation-inget-förråd",
        _not_a_repository,
        ("federation", "sync", "-p", "PORTFOLIO"),
        1,
        "förrådet finns inte eller är inget git-förråd",
    ),
]


@pytest.mark.parametrize(
    ("setup", "args", "code", "words"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_every_refusal_is_swedish_and_changes_nothing(  # noqa: PLR0917
    cli: Cli,
    portfolio: Path,
    tmp_path: Path,
    setup: object,
    args: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    assert callable(setup)
    setup(portfolio, tmp_path)
    before, around = fingerprint(portfolio), fingerprint(tmp_path)
    result = cli(*(portfolio if a == "PORTFOLIO" else a for a in args))
    assert result.exit_code == code, result.output
    assert words in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.output
    for english in ("fatal", "error:", "does not", "couldn't", "not found"):
        assert english not in result.stderr
    assert fingerprint(portfolio) == before
    assert fingerprint(tmp_path) == around  # nor anything beside it (init made no folder)

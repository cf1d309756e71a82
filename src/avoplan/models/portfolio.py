"""What a portfolio is on disk, apart from the code that reads it: one table of file
kinds (folder or file name, model, id prefix, title and schema description) and the
loaded `Portfolio`. The loader, the schema export, the demo generator and the id helpers
all read this table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from avoplan.models.behov import Behov
from avoplan.models.delegation import Delegationsordning
from avoplan.models.federation import Federation
from avoplan.models.forvaltningsobjekt import Forvaltningsobjekt
from avoplan.models.ids import ItemId
from avoplan.models.mote import Mote
from avoplan.models.organisation import Organisation
from avoplan.models.plan import Plan
from avoplan.models.prioritering import Prioriteringsmodell
from avoplan.models.projekt import Projekt
from avoplan.models.projektmodell import Projektmodell
from avoplan.models.schablon import Schablon
from avoplan.models.system import System
from avoplan.models.utvecklingsomrade import Utvecklingsomraden


@dataclass(frozen=True)
class FileKind:
    """One kind of portfolio file: a folder of items named after their key, or one file."""

    name: str  # the schema's stem and the attribute of Portfolio
    model: type[BaseModel]
    title: str
    description: str  # what a user reads in the JSON Schema
    folder: str | None = None  # item kinds
    file: str | None = None  # singleton kinds
    key_field: str = "id"
    prefix: str | None = None  # "BEH" for behov: ids are PREFIX-NNN
    required: bool = True  # an optional file falls back to the model's defaults

    @property
    def glob(self) -> str:
        """Where the files of this kind are, relative to the portfolio."""
        return f"{self.folder}/*.yaml" if self.folder else str(self.file)

    @property
    def is_item(self) -> bool:
        return self.folder is not None


BEHOV = FileKind(
    "behov",
    Behov,
    "Behov",
    "Ett behov i Behovsprocessen (insamling → grovsållning → beredning → klart för start) "
    "med sina registrerade beslut. Fil: behov/BEH-NNN.yaml.",
    folder="behov",
    prefix="BEH",
)
PROJEKT = FileKind(
    "projekt",
    Projekt,
    "Projekt",
    "Ett projekt enligt projektmodellen PPS, med roller, direktiv och kostnad. "
    "Fil: projekt/PRJ-NNN.yaml.",
    folder="projekt",
    prefix="PRJ",
)
SYSTEM = FileKind(
    "system",
    System,
    "System",
    "Ett verksamhetssystem under tjänsteförvaltning: användare, drift och avtal. "
    "Fil: system/<id>.yaml.",
    folder="system",
)
SCHABLON = FileKind(
    "schablon",
    Schablon,
    "Schablon",
    "Ett års schablonbelopp för kostnadsskattningen. Fil: schablon/<år>.yaml.",
    folder="schablon",
    key_field="år",
)
OBJEKT = FileKind(
    "forvaltningsobjekt",
    Forvaltningsobjekt,
    "Förvaltningsobjekt",
    "Ett förvaltningsobjekt enligt pm3 med budget per huvudaktivitet, per nämnd och "
    "årsarbeten. Fil: forvaltningsobjekt/<id>.yaml.",
    folder="forvaltningsobjekt",
)
MOTE = FileKind(
    "möten",
    Mote,
    "Möte",
    "Ett möte i ett forum: datum, tid, plats, kallade och närvarande, dagordningens "
    "numrerade paragrafer och efter mötet protokollets utfall och justering (R31). "
    "Fil: möten/<id>.yaml.",
    folder="möten",
)
ORGANISATION = FileKind(
    "organisation",
    Organisation,
    "Organisation",
    "Förvaltningar, avdelningar, forum och personer bakom Behovsprocessen. Fil: organisation.yaml.",
    file="organisation.yaml",
)
DELEGATIONSORDNING = FileKind(
    "delegationsordning",
    Delegationsordning,
    "Delegationsordning",
    "Vem som beslutar vid beslutspunkt 1–4, efter hur brett behovet når. "
    "Fil: delegationsordning.yaml.",
    file="delegationsordning.yaml",
)
PLAN = FileKind(
    "plan",
    Plan,
    "Digitaliseringsplan",
    "Planens period, antagande, omfattning och prioriterade mål. Fil: plan.yaml.",
    file="plan.yaml",
)
PRIORITERING = FileKind(
    "prioritering",
    Prioriteringsmodell,
    "Prioriteringsmodell",
    "Hur kostnad i förhållande till nytta vägs (preliminär modell): horisont, vikter per "
    "effektomfattning, tillägg per effekttyp och värderingsår. Fil: prioritering.yaml.",
    file="prioritering.yaml",
    required=False,
)
UTVECKLINGSOMRADEN = FileKind(
    "utvecklingsomraden",
    Utvecklingsomraden,
    "Utvecklingsområden",
    "Prioriterade utvecklingsområden med ansvar, tidplan och bedömning. "
    "Fil: utvecklingsomraden.yaml.",
    file="utvecklingsomraden.yaml",
)
PROJEKTMODELL = FileKind(
    "projektmodell",
    Projektmodell,
    "Projektmodell",
    "Projektmodellens faser (preliminär): vad som ska finnas för att lämna en fas, vem som "
    "beslutar om förflyttning i faser (R36) och hur ofta lägesrapporter ska komma (R37). "
    "Fil: projektmodell.yaml.",
    file="projektmodell.yaml",
    required=False,
)
FEDERATION = FileKind(
    "federation",
    Federation,
    "Federation",
    "Integrerad Digitalisering: medlemsportföljerna (namn, kort kod, förråd och revision) "
    "som globala id som ÄVO:BEH-042 pekar in i. Fil: federation.yaml.",
    file="federation.yaml",
    required=False,
)

ITEM_KINDS: tuple[FileKind, ...] = (BEHOV, PROJEKT, SYSTEM, SCHABLON, OBJEKT, MOTE)
SINGLETON_KINDS: tuple[FileKind, ...] = (
    ORGANISATION,
    DELEGATIONSORDNING,
    PLAN,
    UTVECKLINGSOMRADEN,
    PRIORITERING,
    PROJEKTMODELL,
    FEDERATION,
)
KINDS: tuple[FileKind, ...] = (*ITEM_KINDS, *SINGLETON_KINDS)
# Behov and projekt: the items that carry numbered ids and go through Behovsprocessen.
NUMBERED: tuple[FileKind, ...] = (BEHOV, PROJEKT)

_NUMBERED_ID = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<number>\d+)$")


def numbered_kind(item_id: str) -> FileKind | None:
    """BEHOV for 'BEH-042', PROJEKT for 'prj-7', None for anything else."""
    match = _NUMBERED_ID.match(str(ItemId.parse(item_id)))
    if not match:
        return None
    return next((k for k in NUMBERED if k.prefix == match["prefix"]), None)


def next_id(kind: FileKind, taken: Iterable[str]) -> str:
    """The next free id of `kind`: one above the highest number among `taken`."""
    numbers = [
        int(m["number"]) for m in map(_NUMBERED_ID.match, taken) if m and m["prefix"] == kind.prefix
    ]
    return f"{kind.prefix}-{max(numbers, default=0) + 1:03d}"


@dataclass
class Portfolio:
    root: Path
    organisation: Organisation
    delegationsordning: Delegationsordning
    plan: Plan
    utvecklingsomraden: Utvecklingsomraden
    prioritering: Prioriteringsmodell = field(default_factory=Prioriteringsmodell)
    federation: Federation = field(default_factory=Federation)
    projektmodell: Projektmodell = field(default_factory=Projektmodell)
    behov: dict[str, Behov] = field(default_factory=dict)
    projekt: dict[str, Projekt] = field(default_factory=dict)
    system: dict[str, System] = field(default_factory=dict)
    schablon: dict[str, Schablon] = field(default_factory=dict)
    forvaltningsobjekt: dict[str, Forvaltningsobjekt] = field(default_factory=dict)
    möten: dict[str, Mote] = field(default_factory=dict)
    # Per folder, the names of files that exist but could not be loaded: references to
    # them are not "unknown" (the file's own finding says what is wrong).
    unreadable: dict[str, frozenset[str]] = field(default_factory=dict)
    # Earlier versions of organisation.yaml (from git), each valid from its gäller_från:
    # a decision is judged against the organisation as it was on its date.
    organisation_history: tuple[Organisation, ...] = ()
    # After `avoplan federation sync`: each member's need and project ids by short code,
    # so check can resolve global ids such as ÄVO:BEH-042 (None: never synced).
    federation_ids: dict[str, frozenset[str]] | None = None
    # ... and each member's avdelningar (its organisation.yaml), for berörda (FS:boende).
    federation_units: dict[str, frozenset[str]] | None = None
    # The day the portfolio is judged on (what is overdue, what lies in the future): set
    # where the files are read, so the rules and documents never ask the clock themselves.
    today: date = field(kw_only=True)
    _paths: dict[tuple[str, object], Path] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _folders: dict[str, Path] = field(default_factory=dict, init=False, repr=False, compare=False)

    def organisation_at(self, when: date) -> Organisation:
        """The organisation in force on `when`: the version with the latest gäller_från
        on or before it (the current one when no history is known)."""
        if not self.organisation_history:
            return self.organisation
        versions = [
            o
            for o in (*self.organisation_history, self.organisation)
            if o.gäller_från is None or o.gäller_från <= when
        ]
        if not versions:
            return self.organisation
        return max(versions, key=lambda o: (o.gäller_från or date.min, o is self.organisation))

    @property
    def valuation_year(self) -> int:
        """The one year whose schablon values freed time in every document and list."""
        return self.prioritering.värderingsår or self.plan.giltighet.från.year

    def path(self, kind: FileKind, key: object = None) -> Path:
        """The file of `key` (or of a single-file kind). Remembered: the rules ask for
        every item's path, several times each, whether or not they find anything."""
        remembered = self._paths.get((kind.name, key))
        if remembered is None:
            if kind.folder is None:
                remembered = self.root / str(kind.file)
            else:
                folder = self._folders.get(kind.name)
                if folder is None:
                    folder = self._folders[kind.name] = self.root / kind.folder
                remembered = folder / f"{key}.yaml"
            self._paths[(kind.name, key)] = remembered
        return remembered

    def remember_paths(self, files: dict[tuple[str, object], Path]) -> None:
        """The files the items were read from, by (kind name, key): `path` joins the same
        ones (10 000 joins saved in a check of 10 000 items)."""
        self._paths.update(files)

    def item(self, item_id: str) -> Behov | Projekt | None:
        return self.behov.get(item_id) or self.projekt.get(item_id)

    def item_path(self, item_id: str) -> Path:
        return self.path(numbered_kind(item_id) or PROJEKT, item_id)

    def exists(self, kind: FileKind, key: str) -> bool:
        """Whether a file for `key` is in the portfolio, loadable or not."""
        folder = str(kind.folder)
        return key in getattr(self, kind.name) or key in self.unreadable.get(folder, ())

    def linked_projects(self, need: Behov) -> tuple[Projekt, ...]:
        return tuple(self.projekt[p] for p in need.projekt if p in self.projekt)

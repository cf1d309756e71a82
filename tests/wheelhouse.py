"""A folder of wheels for pip's `--no-index --find-links`: every distribution a wheel
requires, at the version this test venv holds (requirements.lock's), packed again from
the files the venv installed.

pip resolving from the package index reads every file of every release of each
dependency (44 000 links; pydantic-core alone has thousands) and took 6 of the release
test's 10 CPU-seconds in pip; from a local folder it reads 36 names. The packages are the
locked ones `make plan` installs and the rest of the suite tests, as README promises a
new clone ("samma paket som CI"); the newest versions the bounds allow are `make
test-latest`'s job. A requirement the venv does not hold is missing from the folder, and
pip fails on it: the wheel's declared dependencies are still all pip is given."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from email.parser import HeaderParser
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def wheelhouse(wheel: Path, folder: Path) -> Path:
    """`folder` holding a wheel of each distribution `wheel` requires, transitively,
    with the extras asked for; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = HeaderParser().parsestr(archive.read(name).decode()).get_all("Requires-Dist")
    for distribution in sorted(_closure(requires or []), key=lambda d: d.metadata["Name"]):
        _repack(distribution, folder)
    return folder


def _closure(requires: list[str]) -> list[metadata.Distribution]:
    """The installed distributions `requires` reach, markers evaluated for this
    interpreter and for the extras each is asked with."""
    extras: dict[str, set[str]] = {}
    found: dict[str, metadata.Distribution] = {}
    todo = [(requirement, {""}) for requirement in requires]
    while todo:
        text, asked = todo.pop()
        requirement = Requirement(text)
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in asked):
            continue
        key = canonicalize_name(requirement.name)
        new = set(requirement.extras) - extras.get(key, set())
        if key in found and not new:
            continue
        extras.setdefault(key, set()).update(requirement.extras)
        found[key] = metadata.distribution(requirement.name)
        todo += [(r, {"", *extras[key]}) for r in found[key].requires or []]
    return list(found.values())


def _repack(distribution: metadata.Distribution, folder: Path) -> None:
    """The distribution as the wheel it was installed from: its files under site-packages
    (no bytecode, no scripts or data pip put outside it) and its dist-info with a new
    RECORD. The name carries the tags its WHEEL file lists."""
    info = next(f for f in distribution.files or [] if f.name == "WHEEL").parent
    lines = (distribution.read_text("WHEEL") or "").splitlines()
    tags = [line.removeprefix("Tag: ") for line in lines if line.startswith("Tag: ")]
    parts = [sorted({tag.split("-")[i] for tag in tags}) for i in range(3)]
    stem = f"{str(info).removesuffix('.dist-info')}-{'-'.join('.'.join(p) for p in parts)}"
    record: list[str] = []
    with zipfile.ZipFile(folder / f"{stem}.whl", "w", zipfile.ZIP_STORED) as archive:
        for file in distribution.files or []:
            path = str(file)
            if (
                path.startswith("..")
                or "__pycache__" in file.parts
                or (
                    file.parent == info
                    and file.name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
                )
            ):
                continue
            data = Path(str(distribution.locate_file(file))).read_bytes()
            archive.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
        record.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")

"""The signing keys in nycklar/<person-id>.pub: which lines are one public SSH key of an
allowed type (and why the others are not, for check), and git's allowed-signers file built
from the good ones (`avoplan allowed-signers`). Pure: text in, text out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from avoplan.models.organisation import Organisation


def allowed_signers(org: Organisation, keys: Mapping[str, str]) -> str:
    """git's allowed-signers file: each person's address with each of their public keys
    (`keys`: person id → the text of nycklar/<id>.pub, one key a line). Only lines that
    are one valid public key are written (`key_problems` says what the others are)."""
    lines = []
    for person in org.personer:
        for key in _keys(keys.get(person.id, "")):
            if key_problem(key) is None:
                lines.append(f'{person.epost.lower()} namespaces="git" {key}')
    return "".join(f"{line}\n" for line in lines)


# Public key types ssh-keygen signs and verifies with. DSA is not among them (OpenSSH no
# longer makes such keys), nor certificates: a file in nycklar/ holds a person's own key.
KEY_TYPES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class KeyProblem:
    """A line of nycklar/<person>.pub that is not written to allowed-signers."""

    person: str  # the file's person id
    line: int
    message: str


def key_problems(org: Organisation, keys: Mapping[str, str]) -> list[KeyProblem]:
    """Every line of the key files that is not one public key of an allowed type (no
    options such as cert-authority, no certificate, no control character), a second key
    for one person, and a key file whose person is not in the organisation."""
    names = {person.id: person.namn for person in org.personer}
    found: list[KeyProblem] = []
    for person, text in sorted(keys.items()):
        who = f"{names[person]} ({person})" if person in names else person
        if person not in names:
            found.append(
                KeyProblem(
                    person,
                    1,
                    f"nyckelfilen hör till {person}, som inte "
                    "finns bland personerna i organisation.yaml",
                )
            )
        first: int | None = None
        for number, line in enumerate(text.split("\n"), start=1):
            key = line.strip(" \t\r")  # a CRLF line end is a line end
            if not key or key.startswith("#"):
                continue
            problem = key_problem(key)
            if problem is None and first is not None:
                problem = (
                    f"är en andra nyckel (den första står på rad {first}); en person "
                    "har en nyckel: ta bort den gamla"
                )
            if problem is not None:
                found.append(KeyProblem(person, number, f"{who}: raden {problem}"))
            elif first is None:
                first = number
    return found


def key_problem(key: str) -> str | None:
    """Why one line is not one public SSH key of an allowed type (None: it is)."""
    if _CONTROL.search(key):
        return "innehåller ett kontrolltecken"
    parts = key.split()
    kind = parts[0]
    if kind.endswith("-cert-v01@openssh.com"):
        return "är ett certifikat, ingen publik nyckel"
    if kind not in KEY_TYPES:
        if any(part in KEY_TYPES for part in parts[1:]):
            return (
                f"har tillval före nyckeln ({kind}); bara nyckeln får stå, "
                "utan cert-authority eller andra tillval"
            )
        return "är ingen publik SSH-nyckel av tillåten typ (" + ", ".join(KEY_TYPES) + ")"
    if len(parts) < 2 or not _key_data(kind, parts[1]):
        return f"har trasig nyckeldata: inte en {kind}-nyckel i base64"
    return None


def _key_data(kind: str, data: str) -> bool:
    """Whether `data` is base64 of a key blob that names its own type first."""
    import base64
    import binascii

    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return False
    size = int.from_bytes(raw[:4], "big") if len(raw) >= 4 else -1
    return raw[4 : 4 + size] == kind.encode() and len(raw) > 4 + size


def _keys(text: str) -> list[str]:
    """The key lines of a key file (split where git splits: at a newline only)."""
    return [
        k for k in (line.strip(" \t\r") for line in text.split("\n")) if k and not k.startswith("#")
    ]

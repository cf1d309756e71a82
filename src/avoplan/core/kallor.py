"""The plan's own words behind the rules about forums, meetings and what the rådet must
have (R27–R38), as `avoplan rules` shows them: quoted from the digitaliseringsplan
(../shared/seeds/000), with "[…]" where words are left out. Where the plan says nothing
(quorum), the source says so instead of inventing words."""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "R27": "Avdelningschef för Kvalitet och utveckling agerar ordförande. […] En gång "
    "månaden, cirka två timmar varje gång med väl förbereda dragningar och förslag till "
    "beslut.",
    "R28": "För ovan listade system har Tjänsteförvaltningen avtalsansvaret gentemot "
    "respektive leverantörer.",
    "R29": "Utvecklingsområdena kommer att följas upp i digitaliseringsråd.",
    "R31": "I de beredande månadsmöten mellan Digitalisering och IT samt respektive "
    "avdelning kan man nominera in punkter till Digitaliseringsrådet. […] Enhetschef "
    "Digitalisering och IT, AC Kvalitet och utveckling samt AC Stab och kommunikation "
    "bereder dagordningen för Digitaliseringsråd. (Beslutförhet anger planen inte; den är "
    "preliminär i delegationsordningen.)",
    "R32": "Styrgruppen sammanträder minst tre gånger per år, preliminärt i mars, augusti "
    "och november. […] En gång månaden, cirka två timmar varje gång.",
    "R33": "Inom detta uppdrag tas underlag fram till operativa styrgruppen som fattar "
    "beslut om förändringar. […] Avser utvecklingen enbart den egna förvaltningen, utan "
    "beroenden av tjänsteförvaltning integrerad digitalisering, beslutar berörd förvaltning.",
    "R34": "Inför beslut om eventuella verksamhetsförändringar med stöd av digitala "
    "lösningar ska förvaltningen eller bolaget säkerställa att befintliga lösningar inom "
    "staden kan återanvändas.",
    "R35": "Projektkontor styr i vilken ordningsföljd de enskilda projekten kan startas "
    "upp. […] Tajming i projekt och initiativ med hänsyn till beroenden och omvärld.",
    "R36": "Godkänner projektets dokumentation och förflyttning i faser.",
    "R37": "Upprättar projektplan och ansvarar för löpande statusrapporter samt slutrapport.",
    "R38": "Syftet är också att bereda budget för Digitalisering och IT inför beslut. […] "
    "Kopplingen till Digitala hjälpmedel i samverkan och Millenium ska finnas.",
}


def source_of(rule_id: str) -> str | None:
    """The plan's words behind a rule, when they are kept here."""
    return SOURCES.get(rule_id)

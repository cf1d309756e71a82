"""The words `avoplan prioritet` explains a place with (R20, R21, R22, R25): every sentence of
one item's explanation, the bonus percentage where rounding would hide an off-by-one, the
zero-cost estimate, and a dependency on a need that cannot be assessed yet."""

from __future__ import annotations

from pathlib import Path

from avoplan.models.prioritering import Prioriteringsmodell
from avoplan.prioritet.kvot import Model, _bonus_sentence, _decimal, _ratio, format_decimal
from avoplan.store.yaml_io import parse, read_text
from tests.helpers import Cli, replace_in
from tests.test_prioritet import add_need, placing, ranked


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


EXTRA = ("miljö", "patientsäkerhet", "kundupplevelse", "arbetsmiljö")


def test_r25_every_sentence_of_a_capped_bonus_explanation(cli: Cli, portfolio: Path) -> None:
    """0,2 per effect type, four listed and three counted: 60 %, where a percentage off by one
    in the factor (60,6) or the subtrahend would show."""
    replace_in(
        portfolio / "prioritering.yaml", "tillägg_per_effekttyp: 0.1", "tillägg_per_effekttyp: 0.2"
    )
    add_need(
        portfolio, "BEH-901", effects=("tidsbesparande", *EXTRA), scope="medel", deps=("BEH-911",)
    )
    add_need(portfolio, "BEH-911", hours=None)  # klart för start, but cannot be scored
    item = placing(ranked(cli, portfolio), "BEH-901")
    # 1 000 h × 480 kr = 480 000 kr; × 0,75 × (1 + 0,2 × 3) × 3 år = 1 728 000 kr;
    # cost 100 projektledartimmar × 720 kr = 72 000 kr; kvot 24.
    lines = [line.replace("\u00a0", " ") for line in item["förklaring"]]
    assert lines[1:7] == [
        "Nytta: 1 000 h frigjord tid per år × 480 kr/h (schablon 2025) = 480 000 kr per år.",
        "Effektomfattning medel ger vikten 0,75 (R25).",
        "Effekttyper utöver tidsbesparande: miljö, patientsäkerhet, kundupplevelse och "
        "arbetsmiljö ger ett tillägg på 60 % (högst 3 räknas) (R25).",
        "Viktad nytta under 3 år: 480 000 kr × 0,75 × 1,6 × 3 = 1 728 000 kr.",
        "Kostnad enligt skattningen med schablon 2025: 72 000 kr (R20); ingen löpande kostnad "
        "är skattad (R38).",
        "Kvot: 1 728 000 kr / 72 000 kr = 24,00 (R21).",
    ]
    assert item["förklaring"][0] == "Behov i steget klart för start (R8)."
    assert (
        "Beror på BEH-911 (kan inte bedömas ännu), som inte står på listan." in item["förklaring"]
    )
    assert (item["poäng"], item["nytta_kr"], item["kostnad_kr"]) == (24.0, 480000, 72000)
    assert (item["vikt"], item["tillägg"], item["viktad_nytta_kr"]) == (0.75, 0.6, 1728000)
    assert item["förklaring"][-1] == f"Slutlig plats: {item['plats']}."


def test_r25_bonus_percentage_at_values_where_rounding_would_expose_an_off_by_one() -> None:
    model = Model.of(
        Prioriteringsmodell.model_validate(
            {"tillägg_per_effekttyp": 0.35, "högst_antal_effekttyper": 2}
        )
    )
    one = model.bonus_per_effect + 1
    assert _plain(_bonus_sentence(["miljö"], one, model)) == (
        "Effekttyper utöver tidsbesparande: miljö ger ett tillägg på 35 % (R25)."
    )
    two = 2 * model.bonus_per_effect + 1
    assert _plain(_bonus_sentence(["miljö", "arbetsmiljö"], two, model)) == (
        "Effekttyper utöver tidsbesparande: miljö och arbetsmiljö ger ett tillägg på 70 % (R25)."
    )
    assert _plain(_bonus_sentence(["a", "b", "c"], two, model)).endswith(
        "ger ett tillägg på 70 % (högst 2 räknas) (R25)."
    )
    assert _bonus_sentence([], one, model) == (
        "Inga effekttyper utöver tidsbesparande, så inget tillägg."
    )


def test_r20_an_estimate_summing_to_zero_is_not_assessed_with_why(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-902", pl_hours=0)
    report = ranked(cli, portfolio)
    assert "BEH-902" not in [p["id"] for p in report["placeringar"]]
    assert {r["id"]: r["saknas"] for r in report["ej_bedömda"]}["BEH-902"] == (
        "kostnadsskattningen summerar till 0 kr, så kvoten kan inte räknas"
    )
    text = cli("prioritet", "-p", portfolio)
    assert "kostnadsskattningen summerar till 0 kr, så kvoten kan inte räknas" in text.stdout


def test_r22_a_dependency_on_an_unassessed_need_is_named_by_its_id(
    cli: Cli, portfolio: Path
) -> None:
    """The unscored set is of ids: a need whose title differs from its id is still known
    as 'kan inte bedömas ännu' rather than by its step."""
    add_need(portfolio, "BEH-901", deps=("BEH-911",))
    add_need(portfolio, "BEH-911", effects=("tidsbesparande",), hours=None)
    lines = placing(ranked(cli, portfolio), "BEH-901")["förklaring"]
    assert "Beror på BEH-911 (kan inte bedömas ännu), som inte står på listan." in lines
    assert not any("behov i steget klart för start" in line for line in lines)


def test_decimals_are_written_as_swedish_readers_write_them() -> None:
    from fractions import Fraction

    assert _decimal(Fraction(3, 4)) == "0,75"
    assert _decimal(Fraction(11, 10)) == "1,1"
    assert _decimal(Fraction(1)) == "1"
    assert _decimal(Fraction(10)) == "10"
    assert _ratio(Fraction(2, 3)) == "0,67"
    assert format_decimal(1.25) == "1,25"


def _decided(plats: int, datum: str = "2025-12-01") -> str:
    return "\n".join(
        [
            "prioritet:",
            f"  - {{plats: {plats}, datum: {datum}, beslutad_av: "
            "oskar-dahl, motivering: Beslutat.}",
        ]
    )


def test_r22_a_decided_plats_before_two_dependencies_names_both(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-902", pl_hours=200)
    add_need(portfolio, "BEH-903", pl_hours=300)
    add_need(portfolio, "BEH-901", pl_hours=90000, deps=("BEH-902", "BEH-903"), extra=_decided(1))
    report = ranked(cli, portfolio)
    final = placing(report, "BEH-901")["plats"]
    assert (
        f"BEH-901 kan inte stå på plats 1 eftersom det beror på BEH-902 och BEH-903, som "
        f"måste komma före (R22); det står på plats {final}."
    ) in placing(report, "BEH-901")["förklaring"]


def test_r22_a_decided_last_plats_taken_by_a_later_decision_says_so(
    cli: Cli, portfolio: Path
) -> None:
    """Of two decisions on the last plats the later takes it; the earlier is told why it
    stands one place up, and not that the list is too short."""
    size = len(ranked(cli, portfolio)["placeringar"]) + 2
    add_need(portfolio, "BEH-901", extra=_decided(size, "2025-12-01"))  # the later: by date,
    add_need(portfolio, "BEH-902", extra=_decided(size, "2025-11-01"))  # not by id
    report = ranked(cli, portfolio)
    assert len(report["placeringar"]) == size
    assert placing(report, "BEH-901")["plats"] == size
    first = placing(report, "BEH-902")
    assert first["plats"] == size - 1
    assert (
        f"Andra prioritetsbeslut eller beroenden (R22) gör att BEH-902 står på plats "
        f"{size - 1} i stället för {size}."
    ) in first["förklaring"]
    beyond = size + 5
    add_need(portfolio, "BEH-903", extra=_decided(beyond, "2025-12-02"))
    lines = placing(ranked(cli, portfolio), "BEH-903")["förklaring"]
    assert (f"Listan har bara {size + 1} platser; BEH-903 står på plats {size + 1}.") in lines


def test_r22_dependencies_off_the_list_are_described_by_their_state(
    cli: Cli, portfolio: Path
) -> None:
    replace_in(portfolio / "projekt" / "PRJ-025.yaml", "status: pågående", "status: planerad")
    add_need(portfolio, "BEH-901", deps=("PRJ-024", "PRJ-025"))
    report = ranked(cli, portfolio)
    lines = placing(report, "BEH-901")["förklaring"]
    assert "Beror på PRJ-024 (projekt, pågående), som inte står på listan." in lines
    assert (
        "Beror på PRJ-025 (planerat projekt utanför prioriteringen), som inte står på listan."
    ) in lines
    outside = {row["id"]: row["skäl"] for row in report["utanför"]}
    assert outside["PRJ-025"] == (
        "är arbete mot digitalt utanförskap; följs upp men ingår inte "
        "i de prioriterade projekten (R19)"
    )


def test_r19_why_a_planned_project_is_outside_the_list() -> None:
    from avoplan.models.projekt import Projekt
    from avoplan.prioritet.ranking import _outside_reason

    def planned(**fields: object) -> Projekt:
        return Projekt.model_validate({"id": "PRJ-901", "titel": "T", "typ": "införande", **fields})

    tail = "; följs upp men ingår inte i de prioriterade projekten (R19)"
    assert _outside_reason(planned(ledning="stadsledningskontoret", digitalt_utanförskap=True)) == (
        "leds av stadsledningskontoret och är arbete mot digitalt utanförskap" + tail
    )
    assert _outside_reason(planned(ledning="intraservice")) == "leds av Intraservice" + tail


def test_r20_what_an_unassessed_need_lacks_in_words(cli: Cli, portfolio: Path) -> None:
    path = add_need(portfolio, "BEH-901", hours=None)
    text = path.read_text(encoding="utf-8")
    text = text.replace("effektomfattning: hög\n", "")
    path.write_text(text[: text.index("kostnad:")], encoding="utf-8")
    add_need(portfolio, "BEH-902", year=2019)
    lacking = {r["id"]: r["saknas"] for r in ranked(cli, portfolio)["ej_bedömda"]}
    assert lacking["BEH-901"] == (
        "saknar kostnadsskattning (kostnad), frigjord tid per år "
        "(frigjord_tid_timmar_per_år) och effektomfattning"
    )
    assert lacking["BEH-902"] == "saknar schablon för 2019"


def test_r21_an_item_is_told_its_formula_place_and_whether_it_was_moved(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", pl_hours=1)  # the highest kvot of all
    add_need(portfolio, "BEH-902", pl_hours=2, deps=("BEH-903",))
    add_need(portfolio, "BEH-903", pl_hours=90000)
    report = ranked(cli, portfolio)
    first = placing(report, "BEH-901")
    assert "Plats 1 enligt formeln." in first["förklaring"]
    assert first["titel"] == "Testbehov BEH-901"
    assert "Plats 2 enligt formeln." in placing(report, "BEH-902")["förklaring"]
    moved = {p["id"]: p["flyttad"] for p in report["placeringar"]}
    assert moved["BEH-903"] == "beroende"  # pulled up before BEH-902, which depends on it
    assert moved["BEH-902"] is None and moved["BEH-004"] == "beslut"
    assert [i for i, m in moved.items() if m == "beroende"] == ["BEH-903", "BEH-017"]


def test_r8_each_item_is_introduced_by_its_kind_and_its_bp3_date(cli: Cli, portfolio: Path) -> None:
    report = ranked(cli, portfolio)
    assert any(p["id"].startswith("PRJ-") for p in report["placeringar"])
    for p in report["placeringar"]:
        if p["id"].startswith("PRJ-"):
            assert p["förklaring"][0] == "Planerat projekt som förvaltningen leder."
            continue
        history = parse(read_text(portfolio / "behov" / f"{p['id']}.yaml")).get("beslut", [])
        bp3 = [
            b["datum"]
            for b in history
            if b.get("beslutspunkt") == 3 and b["till"] == "klart för start"
        ]
        when = f"; beslutspunkt 3 passerades {bp3[-1]}" if bp3 else ""
        assert p["förklaring"][0] == f"Behov i steget klart för start{when} (R8).", p["id"]


def test_r23_an_equal_kvot_names_its_peers_and_the_goals_supported(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-901", goals=(2, 1))
    add_need(portfolio, "BEH-902", goals=())
    lines = placing(ranked(cli, portfolio), "BEH-901")["förklaring"]
    assert (
        "Samma kvot som BEH-902; lika kvot avgörs av de prioriterade målen (R23): lägst "
        "målnummer först, sedan flest mål, sist id. BEH-901 stöder mål 1 och 2."
    ) in lines
    other = placing(ranked(cli, portfolio), "BEH-902")["förklaring"]
    assert any(
        line.startswith("Samma kvot som BEH-901;")
        and line.endswith("BEH-902 stöder inget prioriterat mål.")
        for line in other
    )


def test_r21_the_placing_carries_the_models_horizon(portfolio: Path) -> None:
    from avoplan.prioritet.ranking import prioritetslista
    from avoplan.workspace.folder import Workspace

    replace_in(portfolio / "prioritering.yaml", "horisont_år: 3", "horisont_år: 5")
    add_need(portfolio, "BEH-901")
    listed = prioritetslista(Workspace(portfolio).portfolio())
    item = next(p for p in listed.placeringar if p.id == "BEH-901")
    assert (item.horisont_år, item.titel) == (5, "Testbehov BEH-901")
    assert listed.värderingsår == 2025


FORMULA = [
    "Kostnad i förhållande till nytta är den främsta prioriteringsprincipen (R21).",
    "1. Nytta per år = frigjord tid (timmar per år) × schablonens värde för en frigjord timme, "
    "med schablonen för värderingsåret{year}; kostnaden räknas med schablonen för "
    "kostnadsskattningens år (R20).",
    "2. Viktad nytta = nytta per år × vikt för effektomfattningen × (1 + {bonus} per effekttyp "
    "utöver tidsbesparande, högst {most}) (R25). Vikter: låg 0,5, medel 0,75, hög 1, "
    "hög–mycket hög 1,25, mycket hög 1,5.",
    "3. Infrastruktur (nyttotyp eller effekttyp infrastruktur) bär nyttan den gör möjlig (R22): "
    "varje post som beror direkt på den delar sin egen viktade nytta lika mellan allt den beror "
    "på, och infrastrukturen räknar in sin del.",
    "4. Kvot = viktad nytta under {years} år / total kostnad under {years} år: engångskostnaden "
    "enligt kostnadsskattningen (R20) plus den löpande kostnaden per år efter driftstart "
    "(licenser, drift, förvaltning) × {years} (R38). Högst kvot först; en kvot över 1 betyder "
    "att den viktade nyttan under {years} år är större än kostnaden.",
    "5. Lika kvot: lägst nummer på prioriterat mål först, sedan flest prioriterade mål, sist id "
    "(R23).",
    "6. Ett registrerat prioritetsbeslut (prioritet:) placerar posten på den beslutade platsen; "
    "postens senaste beslut gäller.",
    "7. Ingen post står före något den beror på (R22): det som andra beror på flyttas upp före "
    "dem.",
    "Listan tar upp behov i steget klart för start och planerade projekt som förvaltningen "
    "leder. Projekt som leds av stadsledningskontoret eller Intraservice och arbetet mot "
    "digitalt utanförskap redovisas för sig (R19). Poster som saknar kostnadsskattning, "
    "schablon, frigjord tid eller effektomfattning redovisas som ej bedömda.",
]


def test_r21_the_formula_is_stated_with_the_portfolios_model() -> None:
    from avoplan.prioritet.kvot import formula_text

    def expected(year: str, bonus: str, most: int, years: int) -> str:
        return "\n".join(
            line.format(year=year, bonus=bonus, most=most, years=years) for line in FORMULA
        )

    assert formula_text() == expected("", "0,1", 3, 3)
    model = Prioriteringsmodell.model_validate(
        {
            "värderingsår": 2025,
            "horisont_år": 4,
            "tillägg_per_effekttyp": 0.15,
            "högst_antal_effekttyper": 2,
        }
    )
    assert formula_text(model) == expected(" 2025", "0,15", 2, 4)


def test_r22_two_dependencies_are_named_together_direct_indirect_and_pulled(
    cli: Cli, portfolio: Path
) -> None:
    add_need(portfolio, "BEH-902", pl_hours=5000)
    add_need(portfolio, "BEH-903", pl_hours=6000)
    add_need(portfolio, "BEH-901", pl_hours=10, deps=("BEH-902", "BEH-903"))
    add_need(portfolio, "BEH-904", pl_hours=11, deps=("BEH-901",))
    report = ranked(cli, portfolio)
    assert (
        "Beror på BEH-902 och BEH-903, som därför står före (R22)."
        in placing(report, "BEH-901")["förklaring"]
    )
    assert (
        "Beror indirekt på BEH-902 och BEH-903, som därför står före (R22)."
        in placing(report, "BEH-904")["förklaring"]
    )
    assert (
        "Flyttad före BEH-901 och BEH-904, som beror på den (R22)."
        in placing(report, "BEH-902")["förklaring"]
    )


def test_r23_three_equal_kvots_name_both_peers(cli: Cli, portfolio: Path) -> None:
    for need in ("BEH-901", "BEH-902", "BEH-903"):
        add_need(portfolio, need, pl_hours=333, goals=(4,))
    lines = placing(ranked(cli, portfolio), "BEH-901")["förklaring"]
    assert any(
        line.startswith("Samma kvot som BEH-902 och BEH-903; lika kvot avgörs") for line in lines
    )


def test_r21_a_prioritetsbeslut_names_who_where_and_why(cli: Cli, portfolio: Path) -> None:
    add_need(
        portfolio,
        "BEH-901",
        extra="\n".join(
            [
                "prioritet:",
                "  - {plats: 2, datum: 2025-12-01, beslutad_av: oskar-dahl, forum: projektkontor, "
                "motivering: Viktigt.}",
            ]
        ),
    )
    add_need(
        portfolio,
        "BEH-902",
        extra="\n".join(
            [
                "prioritet:",
                "  - {plats: 3, datum: 2025-12-02, beslutad_av: okand-person, "
                "motivering: Utan forum enligt bilaga X}",
            ]
        ),
    )
    report = ranked(cli, portfolio)
    assert (
        "Manuellt placerad på plats 2 genom prioritetsbeslut 2025-12-01 av Oskar Dahl i "
        "Projektkontoret. Motivering: Viktigt."
    ) in placing(report, "BEH-901")["förklaring"]
    assert (
        "Manuellt placerad på plats 3 genom prioritetsbeslut 2025-12-02 av okand-person. "
        "Motivering: Utan forum enligt bilaga X."
    ) in placing(report, "BEH-902")["förklaring"]


def test_r22_a_cycle_is_refused_only_where_the_list_reaches_it(cli: Cli, portfolio: Path) -> None:
    add_need(portfolio, "BEH-910", steg="beredning", deps=("BEH-911",))
    add_need(portfolio, "BEH-911", steg="beredning", deps=("BEH-910",))
    assert cli("prioritet", "-p", portfolio, "--format", "json").exit_code == 0
    add_need(portfolio, "BEH-901", deps=("BEH-912",))
    add_need(portfolio, "BEH-912", steg="beredning", deps=("BEH-910",))
    result = cli("prioritet", "-p", portfolio)
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "beroendena bildar en cirkel: BEH-910 → BEH-911 → BEH-910" in text
    assert (
        "ingen post kan stå före det den beror på; bryt cirkeln i fältet beroenden (R22) "
        "och kör 'avoplan check'"
    ) in text


def test_r20_without_the_valuation_years_schablon_nothing_can_be_valued(
    cli: Cli, portfolio: Path
) -> None:
    replace_in(portfolio / "prioritering.yaml", "värderingsår: 2025", "värderingsår: 2019")
    add_need(portfolio, "BEH-901")
    add_need(portfolio, "BEH-902", hours=None)
    report = ranked(cli, portfolio)
    lacking = {r["id"]: r["saknas"] for r in report["ej_bedömda"]}
    assert lacking["BEH-901"] == (
        "schablon för värderingsåret saknas, så frigjord tid kan inte värderas"
    )
    assert lacking["BEH-902"] == "saknar frigjord tid per år (frigjord_tid_timmar_per_år)"


def test_r13_the_note_on_a_project_not_traced_to_a_need_past_bp4(cli: Cli, portfolio: Path) -> None:
    replace_in(portfolio / "projekt" / "PRJ-023.yaml", "behov: BEH-003", "behov: BEH-004")
    lines = placing(ranked(cli, portfolio), "PRJ-023")["förklaring"]
    assert (
        "Obs (R13): projektet går inte att spåra till ett behov som passerat "
        "beslutspunkt 4; allt digitaliseringsarbete ska gå via Behovsprocessen."
    ) in lines

"""How the code is built to be fast: pins on internals, kept with the bench.

These tests count work a user never sees directly (cards rendered, charts laid out,
parsers built at start). They pin the optimisations the bench (`run.py`) measures, so
a change that drops one fails here even when the timing noise hides it; a refactor that
keeps the behaviour but moves the work edits these, not the user-facing suites in
tests/core and tests/qt. Not in the default run (testpaths); `.ci/run` runs them with
`uv run pytest tests/bench`.

Mutations checked: calling setHtml on every refresh (the details panel's key check
removed) fails test_an_unchanged_card_is_not_rendered_again; clearing the chart layout
cache on every export fails test_a_chart_is_laid_out_once_per_content_options_and_paper;
building the full parser for a plain start fails
test_the_app_alone_is_read_as_the_full_parser_reads_it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflexmap.core.present import rich
from reflexmap.core.present.zone_card import zone_card
from reflexmap.qt.printing import export
from reflexmap.qt.printing.chart_page import ChartDocument, ChartOptions

SOLAR = "left.sole.solar_plexus"


@pytest.fixture
def view(atlas) -> str:
    return "sole" if "sole" in atlas.views else next(iter(atlas.views))


# ---- the details panel renders a card only when it would look different ----------------


def _count_renders(panel, monkeypatch) -> list[str]:
    """Every setHtml the panel makes from now on (the HTML it was given)."""
    renders: list[str] = []
    real = panel.setHtml

    def counting(html: str) -> None:
        renders.append(html)
        real(html)

    monkeypatch.setattr(panel, "setHtml", counting)
    return renders


def test_an_unchanged_card_is_not_rendered_again(window, monkeypatch) -> None:
    state, atlas = window.ctx.state, window.ctx.atlas
    panel = window.features.details.panel
    area = max(atlas.body_areas, key=lambda a: len(atlas.zones_for_body_area(a)))
    state.look_up(area)
    bar = panel.verticalScrollBar()
    assert bar.maximum() > 0, "the lookup card should be long enough to scroll"
    bar.setValue(bar.maximum() // 2)
    top = bar.value()
    renders = _count_renders(panel, monkeypatch)

    # Lighter pressure changes the technique cards, not a lookup: the reader stays put.
    state.set_lighter_pressure(True)
    assert renders == [] and bar.value() == top

    # A lookup while a zone is selected changes two fields (two signals): one render.
    state.select_zone(SOLAR)
    assert len(renders) == 1 and atlas.zones[SOLAR].name in panel.toPlainText()
    state.look_up(area)
    assert len(renders) == 2 and atlas.body_areas[area].name in panel.toPlainText()

    # A changed card is rendered: another zone, and the same zone at normal pressure.
    state.select_zone(SOLAR)
    lighter = panel.toPlainText()
    state.set_lighter_pressure(False)
    assert rich.zone_card_html(zone_card(atlas, SOLAR, lighter=True)) != rich.zone_card_html(
        zone_card(atlas, SOLAR, lighter=False)
    )
    assert len(renders) == 4 and panel.toPlainText() != lighter
    assert renders[-1] == rich.zone_card_html(zone_card(atlas, SOLAR))


# ---- a chart is laid out once per content, options and paper ----------------------------


def test_a_chart_is_laid_out_once_per_content_options_and_paper(
    qapp, atlas, view, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export work done once: a second export of the same chart reuses its layout (the
    legend's measuring and fitting) and scene, and draws exactly what a fresh one draws."""
    from reflexmap.qt.printing import chart_page

    laid: list[str] = []
    real = ChartDocument._layout_chart

    def layout(self, view_id: str, legend_pt: float) -> None:
        laid.append(view_id)
        real(self, view_id, legend_pt)

    monkeypatch.setattr(ChartDocument, "_layout_chart", layout)
    atlas.derived(chart_page._chart_table).clear()  # the charts kept for this content
    options = ChartOptions(views=(view,), date="2026-01-01")
    first = export.export(tmp_path / "first.svg", atlas, options)[0].read_bytes()
    export.export(tmp_path / "again.pdf", atlas, options)
    again = export.export(tmp_path / "again.svg", atlas, options)[0].read_bytes()
    assert laid == [view] and again == first
    export.export(
        tmp_path / "letter.svg",
        atlas,
        ChartOptions(views=(view,), date="2026-01-01", paper="letter"),
    )
    assert laid == [view, view]  # another paper: laid out for it
    atlas.derived(chart_page._chart_table).clear()  # the charts kept for this content
    assert export.export(tmp_path / "fresh.svg", atlas, options)[0].read_bytes() == first


# ---- starting the app builds no command parsers --------------------------------------


@pytest.mark.parametrize("argv", [[], ["--content", "pack"], ["--content=pack"]])
def test_the_app_alone_is_read_as_the_full_parser_reads_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting the app builds no command parsers (a start-up cost) and reads the same
    arguments the full parser would."""
    from reflexmap import cli

    full = cli.build_parser().parse_args(argv)
    assert full.func is cli.cmd_gui
    started: list[dict[str, object]] = []
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("built every parser"))
    monkeypatch.setattr(cli, "cmd_gui", lambda args: started.append(vars(args)) or 0)
    assert cli.main(argv) == 0  # the app started (cmd_gui), with the same arguments
    assert len(started) == 1 and started[0].keys() == vars(full).keys()
    assert started[0]["content"] == full.content


@pytest.mark.parametrize(
    "argv", [["--content"], ["zones", "--json"], ["--version"], ["--content", "pack", "validate"]]
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    from reflexmap import cli

    assert cli._app_only(argv) is None

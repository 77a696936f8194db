"""The printed chart as a wall chart: names beside the feet on every view, paper and
orientation; big feet; one page; the colour key; posters.

The text-size measure: a label's font is set in pixels of the page's space, where one
point of paper is `U` pixels; `page.label_pt` is that pixel size / U, i.e. the size in
points on the printed sheet at 100 % (A4 and Letter at least 7 pt; larger paper scales
the floor with its short side: A3 at least 9.9 pt).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess

import pytest
import shapely
from shapely.geometry import Polygon, box

from reflexmap.core.chart_layout import label_problems
from reflexmap.qt.map.style import PRINT_GRAY
from reflexmap.qt.printing import export
from reflexmap.qt.printing.chart_page import (
    MIN_PT,
    PAPERS,
    ChartDocument,
    ChartOptions,
    Page,
    U,
    font,
    tile_plan,
)


def pdfinfo(path: object) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo not on PATH: install Debian's poppler-utils (.ci/run does)")
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


PAPER_OPTIONS = [(p, land) for p in ("a4", "letter", "a3") for land in (False, True)]


def outlines_on_page(doc: ChartDocument, page: Page) -> list[Polygon]:
    """The feet's outlines in page units, from the records (not from the drawing)."""
    out = []
    for foot in doc.options.feet:
        outline = doc.atlas.outlines[(page.view_id, foot)]
        for ring in outline.shape.rings[:1]:
            pts = [doc.to_page(page, ring[i], ring[i + 1]) for i in range(0, len(ring), 2)]
            out.append(Polygon(pts))
    return out


def zone_on_page(doc: ChartDocument, page: Page, zone_id: str) -> shapely.Geometry:
    shape = doc.atlas.zones[zone_id].shape
    rings = [[doc.to_page(page, r[i], r[i + 1]) for i in range(0, len(r), 2)] for r in shape.rings]
    return Polygon(rings[0], rings[1:]).buffer(0)


def check_names_page(doc: ChartDocument, page: Page) -> None:
    view = page.view_id
    zones = [z for z in doc.atlas.zones_of(view=view) if z.foot in doc.options.feet]
    keys = [label.key for label in page.labels]
    assert sorted(keys) == sorted(z.id for z in zones), "exactly one label per zone"
    assert label_problems(page.labels) == []  # no overlap, no crossing, no leader via a label
    feet = outlines_on_page(doc, page)
    page_box = box(doc.margin, doc.margin, doc.width - doc.margin, doc.height - doc.margin)
    for label in page.labels:
        b = label.box
        rect = box(b.x, b.y, b.right, b.bottom)
        for foot in feet:
            assert not rect.intersects(foot), (label.key, "label over a foot")
        assert page_box.contains(rect), (label.key, "label off the page")
        for block in page.blocks:  # the key
            r = block.rect
            assert not rect.intersects(box(r.left(), r.top(), r.right(), r.bottom()))
        zone = doc.atlas.zones[label.key]
        assert label.side == zone.foot  # left foot's names on the left
        xs = [p.exterior.bounds for p in feet]
        if zone.foot == "left":
            assert b.right < min(x[0] for x in xs)
        else:
            assert b.x > max(x[2] for x in xs)
        anchor = shapely.Point(label.leader[-1])
        assert zone_on_page(doc, page, label.key).buffer(1).contains(anchor), label.key
    for title, b, side in page.side_titles:  # "Left foot" over the left names
        rect = box(b.x, b.y, b.right, b.bottom)
        assert page_box.contains(rect), title
        assert not any(rect.intersects(foot) for foot in feet), title
        assert not any(b.overlaps(label.box) for label in page.labels), title
        assert side in doc.options.feet
    assert len(page.side_titles) == len(doc.options.feet)
    assert page.label_pt >= MIN_PT * doc.k - 1e-9
    assert font(page.label_pt).pixelSize() >= round(MIN_PT * doc.k * U) - 1  # as drawn


@pytest.mark.parametrize(
    ("paper", "landscape"), PAPER_OPTIONS + [(p, land) for p in ("a2", "a1") for land in (0, 1)]
)
def test_names_on_every_view(qapp, atlas, paper, landscape) -> None:  # type: ignore[no-untyped-def]
    """A4, Letter, A3 and the posters (A2, A1: the whole poster page), both ways up."""
    poster = paper if paper in ("a2", "a1") else None
    doc = ChartDocument(
        atlas,
        ChartOptions(
            views=tuple(atlas.views),
            paper="a4" if poster else paper,
            poster=poster,
            landscape=bool(landscape),
        ),
    )
    assert len(doc.pages) == len(atlas.views)  # one page per view, key included
    for page in doc.pages:
        check_names_page(doc, page)
    if paper != "a4":
        assert doc.k > 1.0
        assert min(p.label_pt for p in doc.pages) >= MIN_PT * doc.k  # larger on larger paper


def test_names_for_one_foot(qapp, atlas) -> None:  # type: ignore[no-untyped-def]
    doc = ChartDocument(atlas, ChartOptions(views=tuple(atlas.views), feet=("right",)))
    for page in doc.pages:
        check_names_page(doc, page)
        assert {label.side for label in page.labels} == {"right"}


def test_a4_portrait_soles_fill_the_page(qapp, atlas) -> None:  # type: ignore[no-untyped-def]
    """The two soles span at least 65 % of the printable width (between the margins)."""
    doc = ChartDocument(atlas, ChartOptions(views=("sole",)))
    page = doc.pages[0]
    xs = [p.bounds for p in outlines_on_page(doc, page)]
    span = max(x[2] for x in xs) - min(x[0] for x in xs)
    printable = doc.width - 2 * doc.margin
    assert span / printable >= 0.65, span / printable


@pytest.mark.parametrize("labels", ["names", "numbers"])
def test_every_view_is_one_page_in_both_orientations(qapp, atlas, tmp_path, labels) -> None:  # type: ignore[no-untyped-def]
    for landscape in (False, True):
        out = tmp_path / f"all-{landscape}.pdf"
        options = ChartOptions(views=tuple(atlas.views), landscape=landscape, labels=labels)
        export.export(out, atlas, options)
        assert re.search(r"Pages:\s+(\d+)", pdfinfo(out)).group(1) == str(len(atlas.views))  # type: ignore[union-attr]


def test_pdftotext_finds_every_zone_name_on_its_view(qapp, atlas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not on PATH: install Debian's poppler-utils (.ci/run does)")
    out = tmp_path / "all.pdf"
    export.export(out, atlas, ChartOptions(views=tuple(atlas.views)))
    # -raw: drawing order, so a name wrapped over two lines beside the feet reads as one
    pages = subprocess.run(
        ["pdftotext", "-raw", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    for view, text in zip(atlas.views, pages.split("\f"), strict=False):
        flat = "".join(text.split()).replace("\ufb02", "fl").replace("\ufb01", "fi")
        for zone in atlas.zones_of(view=view):
            assert "".join(zone.name.split()) in flat, (view, zone.name)


def test_numbers_legend_never_opens_a_column_with_a_bare_row(qapp, atlas) -> None:  # type: ignore[no-untyped-def]
    """A group split over two columns repeats its heading ("…, continued")."""
    for paper, landscape in PAPER_OPTIONS:
        doc = ChartDocument(
            atlas,
            ChartOptions(
                views=tuple(atlas.views), paper=paper, landscape=landscape, labels="numbers"
            ),
        )
        assert len(doc.pages) == len(atlas.views), (paper, landscape)
        for page in doc.pages:
            columns: dict[int, list] = {}  # type: ignore[type-arg]
            for block in page.blocks:
                columns.setdefault(round(block.rect.left()), []).append(block)
            for blocks in columns.values():
                first = min(blocks, key=lambda b: b.rect.top())
                assert first.kind == "heading", (paper, landscape, page.view_id, first.data)
            texts = [doc.heading_text(b.data, b.continued) for b in page.blocks if b.continued]
            assert all(t.endswith(", continued") for t in texts)
            notes = [b for b in page.blocks if b.kind == "note"]
            if page.view_id == "sole":
                assert notes  # the soles' legend has one ("skin and nails")
            for note in notes:  # says what it is
                assert str(note.data).startswith("Not repeated on each line above: most zones")
                assert note.rect.top() >= max(
                    b.rect.top() for b in page.blocks if b.rect.left() == note.rect.left()
                )  # under the lines it speaks of


def test_grayscale_key_tells_every_group_apart(qapp, atlas) -> None:  # type: ignore[no-untyped-def]
    """In grayscale each body system shown is a different (gray, hatch) pair, and the
    key lists exactly the systems of the zones drawn, from the map's own style rules."""
    doc = ChartDocument(atlas, ChartOptions(views=tuple(atlas.views), grayscale=True))
    for page in doc.pages:
        groups = doc.groups_shown(page.view_id)
        looks = {(PRINT_GRAY.system_fill(g).red(), PRINT_GRAY.group_hatch(g)) for g in groups}
        assert len(looks) == len(groups), page.view_id
        keyed = [b.data for b in page.blocks if b.kind == "group"]
        assert keyed == groups
        doc.show(page.view_id)
        items = list(doc.scene.items_by_id.values())
        for item in items:  # the map hatches each zone as its key entry says
            kind = PRINT_GRAY.group_hatch(item.system)
            assert item.group_hatch(doc.scene).isEmpty() == (kind == "")


@pytest.mark.parametrize(
    ("poster", "tile", "expected"), [("a2", "a4", 8), ("a1", "a4", 15), ("a2", "letter", 8)]
)
def test_poster_tiles(qapp, atlas, tmp_path, poster, tile, expected) -> None:  # type: ignore[no-untyped-def]
    """A2 on A4: 2 x 4 landscape sheets (each prints 277 x 190 mm less the 10 mm it
    shares); A1 on A4: 3 x 5."""
    options = ChartOptions(views=("sole",), poster=poster, tile=tile)
    landscape, tiles = tile_plan(options)
    assert len(tiles) == expected
    out = tmp_path / "poster.pdf"
    export.export(out, atlas, options)
    info = pdfinfo(out)
    assert f"Pages:           {expected}" in info
    w, h = PAPERS[tile]
    size = f"{h:g} x {w:g}" if landscape else f"{w:g} x {h:g}"
    assert f"Page size:       {size} pts" in info
    text = subprocess.run(
        ["pdftotext", "-raw", "-f", "2", "-l", "2", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"sheet 2 of {expected}" in text
    doc = ChartDocument(atlas, options)
    assert doc.k >= 2.0 and doc.pages[0].label_pt >= MIN_PT * 2  # poster text is large


def test_labels_on_an_svg_are_text_and_lines(qapp, atlas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = export.export(tmp_path / "c.svg", atlas, ChartOptions(views=("top",)))[0]
    svg = out.read_text(encoding="utf-8")
    for zone in atlas.zones_of(view="top"):
        assert zone.name.split()[-1] in svg
    assert svg.count("<polyline") >= len(atlas.zones_of(view="top"))  # a leader per zone


def test_paper_sizes_cover_every_option(qapp) -> None:  # type: ignore[no-untyped-def]
    for paper, landscape in itertools.product(("a4", "letter", "a3"), (False, True)):
        size = ChartOptions(paper=paper, landscape=landscape).page_size_pt()
        w, h = PAPERS[paper]
        assert (size.width(), size.height()) == ((h, w) if landscape else (w, h))


def test_cli_labels_paper_and_poster(qapp, atlas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reflexmap.cli import main

    out = tmp_path / "n.pdf"
    assert main(["chart", "-o", str(out), "--view", "top", "--labels", "numbers"]) == 0
    assert "Pages:           1" in pdfinfo(out)
    out = tmp_path / "a3.pdf"
    assert main(["chart", "-o", str(out), "--view", "leg_front", "--paper", "a3"]) == 0
    assert "842 x 1191 pts (A3)" in pdfinfo(out)
    out = tmp_path / "p.png"
    args = ["chart", "-o", str(out), "--view", "top", "--poster", "a2", "--tile", "letter"]
    assert main([*args, "--dpi", "20"]) == 0
    assert len(list(tmp_path.glob("p*.png"))) == 8  # one file per sheet
    with pytest.raises(SystemExit) as exc:
        main(["chart", "-o", str(out), "--poster", "a0"])
    assert exc.value.code == 2

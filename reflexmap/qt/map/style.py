"""Colours for the map and the printed chart: light, dark, high contrast, grayscale.

Colour never carries meaning alone: every zone also has its number, and the selected,
hovered and looked-up states differ in outline width and pattern as well as in hue.
A zone's colour says its body system (the first one it is claimed for) and is the same on
both feet and on every view: it depends on the system and the zone's key, never on where
the zone comes in a list. Every fill a number sits on meets 4.5:1 against the ink, and
every edge 3:1 against the fills beside it (tests/qt/test_contrast.py measures the pixels).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication

from reflexmap.core.readable import Readable

# One soft fill per body system, so neighbouring systems are told apart on the chart.
_SYSTEM_HUES = {
    "Head and nervous system": 205,
    "Glands (endocrine)": 280,
    "Spine, bones and joints": 35,
    "Chest and breathing": 170,
    "Heart and circulation": 350,
    "Digestion": 95,
    "Kidneys and bladder": 230,
    "Blood and immunity": 320,
    "Whole body and well-being": 60,
    "Muscles and soft tissue": 15,
    "Lymph": 190,
    "Reproductive organs": 300,
}

# Grayscale: three grays (each keeps 4.5:1 under black text), then a hatch per system
# where a gray is shared: none, rising, falling, crossed.
_GRAY_LEVELS = (246, 224, 202)
_HATCHES = ("", "/", "\\", "x")


# Tenderness 0..3: a light ramp (pale to deep red, lightness falling) and one for the dark
# theme (dim to bright, lightness rising); both read in order in grayscale.
_HEAT_LIGHT = ("#fff5cc", "#fdc46b", "#f0703a", "#a3141c")
_HEAT_DARK = ("#3a3320", "#8a5a18", "#d0661e", "#ffb199")


@dataclass(frozen=True, repr=False)
class ChartStyle(Readable):
    name: str
    background: QColor
    ink: QColor  # text and outlines
    muted: QColor  # secondary text
    zone_edge: QColor
    outline_edge: QColor
    hover: QColor
    selected: QColor
    lookup: QColor
    motion: QColor
    fill_saturation: float
    fill_value: float
    grayscale: bool = False

    def group_hatch(self, system: str | None) -> str:
        """How a body system's zones are hatched: "" (not), "/", "\\" or "x". Colour tells
        the systems apart; in grayscale three grays cannot tell twelve apart, so the
        systems that share a gray get a hatch each (the printed chart and its key)."""
        if not self.grayscale or system not in _SYSTEM_HUES:
            return ""
        return _HATCHES[list(_SYSTEM_HUES).index(system) // len(_GRAY_LEVELS)]

    def _gray_level(self, system: str | None, step: int) -> int:
        if system in _SYSTEM_HUES:
            level = _GRAY_LEVELS[list(_SYSTEM_HUES).index(system) % len(_GRAY_LEVELS)]
        else:
            level = _GRAY_LEVELS[step % len(_GRAY_LEVELS)]
        return level - (step % 2) * 6  # neighbours of one system: a shade apart

    def zone_fill(self, system: str | None, key: str | int) -> QColor:
        """The fill of a zone claimed first for `system`, told apart from its neighbours of
        the same system by a small hue step taken from its `key` (stable: the same zone
        gets the same colour on both feet and on every view)."""
        step = zlib.crc32(str(key).encode()) if isinstance(key, str) else key
        if self.grayscale:
            level = self._gray_level(system, step)
            return QColor(level, level, level)
        hue = _SYSTEM_HUES.get(system or "", (step * 47) % 360)
        hue = (hue + (step % 3) * 8) % 360
        return QColor.fromHsvF(hue / 360.0, self.fill_saturation, self.fill_value)

    def heat_fill(self, value: float) -> QColor:
        """Tenderness 0-3 as a tint that gets darker (or, on a dark theme, brighter) as it
        rises, so the order reads in grayscale too; hue runs pale yellow to deep red."""
        t = max(0.0, min(1.0, value / 3.0))
        if self.grayscale or self.name == "high-contrast":
            level = round(235 - t * 165) if self.name != "high-contrast" else round(60 + t * 170)
            return QColor(level, level, level)
        stops = _HEAT_DARK if self.name == "dark" else _HEAT_LIGHT
        pos = t * (len(stops) - 1)
        i = min(int(pos), len(stops) - 2)
        a, b, f = QColor(stops[i]), QColor(stops[i + 1]), pos - i
        return QColor(
            round(a.red() + (b.red() - a.red()) * f),
            round(a.green() + (b.green() - a.green()) * f),
            round(a.blue() + (b.blue() - a.blue()) * f),
        )

    def heat_ink(self, value: float) -> QColor:
        """Black or white, whichever reads better on `heat_fill(value)`."""
        fill = self.heat_fill(value)
        luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
        return QColor("#000000") if luminance > 0.45 else QColor("#ffffff")

    def system_fill(self, system: str | None) -> QColor:
        """The legend's swatch for a body system: its hue without a zone's step."""
        return self.zone_fill(system, 0)

    # The state fills and the hatch, written once: ZoneItem paints with them and the
    # legend's swatches show them, so the two cannot drift apart.
    def selected_fill(self) -> QColor:
        """The selected zone: on the pale themes a lighter orange, so its number keeps 4.5:1."""
        return self.selected.lighter(140) if self.name in ("light", "grayscale") else self.selected

    def lookup_fill(self) -> QColor:
        """A hatched zone (a looked-up body area, a routine step's zones)."""
        return self.lookup.lighter(185) if self.name == "light" else self.lookup

    def hatch_ink(self) -> QColor:
        """The hatch lines over `lookup_fill`."""
        return self.lookup.darker(160) if self.name == "light" else self.ink

    def focus_ring(self, fill: QColor, edge: QColor) -> tuple[QColor, QColor]:
        """The keyboard focus ring's two bands, drawn inside the zone: (the band along
        the zone's edge, the band along its fill). Each band is whichever of the theme's
        two ring colours (black and white; black and yellow in high contrast, 9:1 or more
        apart) stands out more against what it touches, so the ring keeps 3:1 against the
        edge and against the fill whatever state tints the zone (tests/qt/test_focus_ring.py
        measures the pixels)."""
        pair = (QColor("#000000"), QColor("#ffff00" if self.name == "high-contrast" else "#ffffff"))

        def against(colour: QColor) -> QColor:
            return max(pair, key=lambda c: contrast_ratio(c, colour))

        return against(edge), against(fill)


LIGHT = ChartStyle(
    name="light",
    background=QColor("#ffffff"),
    ink=QColor("#1a1a1a"),
    muted=QColor("#4d4d4d"),
    zone_edge=QColor("#5a5a5a"),
    outline_edge=QColor("#1a1a1a"),
    hover=QColor("#ffd54a"),
    selected=QColor("#ff8f1f"),
    lookup=QColor("#2e7dd7"),
    motion=QColor("#c2185b"),
    fill_saturation=0.18,
    fill_value=0.98,
)
DARK = ChartStyle(
    name="dark",
    background=QColor("#1e1f22"),
    ink=QColor("#f0f0f0"),
    muted=QColor("#c8c8c8"),
    zone_edge=QColor("#a8a8a8"),
    outline_edge=QColor("#f0f0f0"),
    hover=QColor("#735700"),
    selected=QColor("#9a4d00"),
    lookup=QColor("#265d9c"),
    motion=QColor("#ff6fa8"),
    fill_saturation=0.35,
    fill_value=0.34,
)
HIGH_CONTRAST = ChartStyle(
    name="high-contrast",
    background=QColor("#000000"),
    ink=QColor("#ffffff"),
    muted=QColor("#ffffff"),
    zone_edge=QColor("#ffffff"),
    outline_edge=QColor("#ffff00"),
    hover=QColor("#005a9e"),
    selected=QColor("#9e4a00"),
    lookup=QColor("#006b3c"),
    motion=QColor("#ffff00"),
    fill_saturation=0.0,
    fill_value=0.0,
)
PRINT_COLOUR = LIGHT
PRINT_GRAY = ChartStyle(
    name="grayscale",
    background=QColor("#ffffff"),
    ink=QColor("#000000"),
    muted=QColor("#333333"),
    zone_edge=QColor("#333333"),
    outline_edge=QColor("#000000"),
    hover=QColor("#d0d0d0"),
    selected=QColor("#b0b0b0"),
    lookup=QColor("#c8c8c8"),
    motion=QColor("#000000"),
    fill_saturation=0.0,
    fill_value=0.95,
    grayscale=True,
)

THEMES = ("light", "dark", "high-contrast")


def systems() -> tuple[str, ...]:
    """The body systems that have their own hue, in the legend's order."""
    return tuple(_SYSTEM_HUES)


def resolve(name: str) -> str:
    """'system' becomes light or dark from the platform's colour scheme."""
    if name != "system":
        return name if name in THEMES else "light"
    app = QGuiApplication.instance()
    if app is not None and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def chart_style(name: str) -> ChartStyle:
    """The map's colours for a theme name ("system" included)."""
    return {"light": LIGHT, "dark": DARK, "high-contrast": HIGH_CONTRAST}[resolve(name)]


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two colours."""

    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)

"""The tray badge is drawn from PNGs rendered from the SVGs (no Qt SVG module before the icon):
they must exist for every size and draw exactly what the SVG draws, overlays included."""

from __future__ import annotations

import pytest

from screenpop.ui import badge, icons


def _bits(pixmap) -> bytes:  # type: ignore[no-untyped-def]
    image = pixmap.toImage()  # kept alive while its bits are copied
    return bytes(image.constBits())


@pytest.mark.parametrize("variant", icons.VARIANTS)
def test_every_size_has_a_png_that_matches_the_svg(qapp, variant):
    for size in icons.ICON_SIZES:
        png = badge._base_image(variant, size)
        assert png is not None, (
            f"missing {icons.rendered_name(variant, size)}: run scripts/render_tray_icons.py"
        )
        svg = badge.render_svg_base(variant, size)
        assert svg is not None
        same_format = png.convertToFormat(svg.format())
        assert bytes(same_format.constBits()) == bytes(svg.constBits()), (variant, size)


LOOKS = [
    ("connected", 0, False),
    ("demo", 0, False),
    ("connecting", 0, False),
    ("error", 0, True),
    ("reconnecting", 3, False),
    ("connected", 12, True),
]


@pytest.mark.parametrize(("state", "missed", "dnd"), LOOKS)
def test_icon_from_pngs_is_pixel_identical_to_the_svg_drawing(
    qapp, monkeypatch, state, missed, dnd
):
    from_pngs = {s: _bits(badge.badge_pixmap(s, state, missed, dnd=dnd)) for s in icons.ICON_SIZES}
    monkeypatch.setattr(badge, "_base_image", lambda variant, size: None)  # the SVG path
    for size in icons.ICON_SIZES:
        assert from_pngs[size] == _bits(badge.badge_pixmap(size, state, missed, dnd=dnd)), size


def test_a_size_without_a_png_is_rendered_from_the_svg(qapp):
    from PySide6.QtGui import QColor

    pm = badge.badge_pixmap(30, "connected")  # not in ICON_SIZES
    centre = QColor(pm.toImage().pixel(8, 15))
    assert centre.alpha() == 255 and centre.blue() > centre.red()  # the blue badge, not empty


def test_the_ready_made_first_icon_is_the_drawn_one(qapp):
    from PySide6.QtCore import QSize

    from screenpop.desktop import resources

    folder = resources.resource_path("icons", icons.RENDERED_DIR)
    assert {dnd for _state, dnd in icons.READY_MADE} == {False, True}
    for state, dnd in icons.READY_MADE:
        for size in icons.ICON_SIZES:
            name = icons.ready_made_name(state, size, dnd)
            assert (folder / name).is_file(), f"missing {name}: run scripts/render_tray_icons.py"
        icon = icons.status_icon(state, dnd=dnd)  # from the files
        assert sorted(s.width() for s in icon.availableSizes()) == list(icons.ICON_SIZES)
        for size in icons.ICON_SIZES:
            shown = icon.pixmap(QSize(size, size)).toImage()
            drawn = badge.badge_pixmap(size, state, dnd=dnd).toImage()
            assert shown.size() == drawn.size() == QSize(size, size)
            shown = shown.convertToFormat(drawn.format())
            assert bytes(shown.constBits()) == bytes(drawn.constBits()), (state, dnd, size)

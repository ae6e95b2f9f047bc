"""The tray icon and the status window come up without PySide6 building its `Qt` namespace
(~40 ms of enums on first use), and keep what the work-arounds stand in for."""

from __future__ import annotations

from childkit import run_child


def test_neither_the_tray_nor_the_status_window_builds_the_qt_namespace(tmp_path):
    code = """
        import enum, sys
        made = []
        create = enum.EnumType._create_
        def recorded(cls, class_name, *args, **kwargs):
            made.append(class_name)
            return create(cls, class_name, *args, **kwargs)
        enum.EnumType._create_ = recorded

        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from screenpop.ui.tray import TrayController
        for use_tray in (True, False):
            for dnd in (False, True):  # the first icon, either way, is ready-made
                t = TrayController(use_tray=use_tray)
                t.set_do_not_disturb(dnd)
                t.show()
                app.processEvents()
        print("MADE", len(made), "AlignmentFlag" in made, "TextFormat" in made, flush=True)
        from PySide6.QtCore import Qt
        Qt.AlignmentFlag
        print("THEN", "AlignmentFlag" in made, flush=True)  # the check itself can see it
        """
    proc = run_child(code, tmp_path, "no-qt-namespace")
    lines = {ln.split()[0]: ln.split()[1:] for ln in proc.stdout.splitlines() if ln.strip()}
    assert "MADE" in lines and "THEN" in lines, proc.stderr[-2000:]
    count, alignment, text_format = lines["MADE"]
    assert int(count) > 0  # PySide6 made its classes' enums through the recorder
    assert (alignment, text_format) == ("False", "False")
    assert lines["THEN"] == ["True"]


def test_the_work_arounds_keep_shortcut_and_plain_text(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    from screenpop.ui.tray import TrayController

    menu_tray = TrayController(use_tray=True)
    window_tray = TrayController(use_tray=False)
    window = window_tray.status_window
    assert window is not None
    qtbot.addWidget(window)
    ctrl_k = QKeySequence.fromString("Ctrl+K")
    assert menu_tray.action("colleagues").shortcut() == ctrl_k
    (in_window,) = window.actions()  # Ctrl+K works in the window too
    assert in_window is window_tray.action("colleagues") and in_window.shortcut() == ctrl_k
    for label in (window.state_label, window.missed_label, window.notice_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    window_tray.set_state("error", "<b>bold</b> from the PBX")
    assert "<b>bold</b>" in window.state_label.text()  # shown as typed, not as HTML
    assert window.isWindow()


def _bits(pixmap) -> bytes:  # type: ignore[no-untyped-def]
    image = pixmap.toImage()  # kept alive while its bits are copied
    return bytes(image.constBits())


def _usual_overlays(size: int, state: str, missed: int, dnd: bool):  # type: ignore[no-untyped-def]
    """The badge's overlays drawn as before, with the painter's pen and brush."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPen

    from screenpop.ui import badge, theme

    pm = badge.badge_pixmap(size, state)  # the badge and the status dot
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    dot_d = max(5.0, size * 0.36)
    dot = QRectF(size - dot_d, size - dot_d, dot_d, dot_d)
    ring = max(1.0, size * 0.06)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(theme.STATE_COLOURS[state]))
    if dnd:
        p.setBrush(QColor("#ffffff"))
        p.drawRect(
            QRectF(
                dot.x() + dot_d * 0.22, dot.center().y() - dot_d * 0.1, dot_d * 0.56, dot_d * 0.2
            )
        )
    if missed:
        text = str(missed) if missed < 10 else "9+"
        bh = max(8.0, size * 0.44)
        bw = bh if len(text) == 1 else bh * 1.45
        badge = QRectF(size - bw, 0, bw, bh)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        p.drawRoundedRect(badge.adjusted(-ring, -ring, ring, ring), bh / 2 + ring, bh / 2 + ring)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setBrush(QColor("#e03131"))
        p.drawRoundedRect(badge, bh / 2, bh / 2)
        f = QFont(p.font())
        f.setPixelSize(max(6, int(bh * 0.78)))
        f.setWeight(QFont.Weight.Bold)
        p.setFont(f)
        p.setPen(QPen(QColor("#ffffff")))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pm


def test_do_not_disturb_and_missed_overlays_look_as_before(qapp):
    from screenpop.ui import badge, icons

    for size in icons.ICON_SIZES:
        for state, missed, dnd in (("connected", 0, True), ("error", 3, False), ("demo", 12, True)):
            drawn = badge.badge_pixmap(size, state, missed, dnd=dnd)
            assert _bits(drawn) == _bits(_usual_overlays(size, state, missed, dnd)), (
                size,
                state,
                missed,
                dnd,
            )

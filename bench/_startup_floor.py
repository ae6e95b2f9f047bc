"""Child process for the start-up floor: the interpreter, PySide6, a QApplication and a bare
QSystemTrayIcon with a plain pixmap icon, nothing of screenpop. Prints `SHOWN <epoch seconds>`
when the icon's show() returns, like _startup_child.py, so the two figures compare directly.
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

if __name__ == "__main__":
    app = QApplication([sys.argv[0]])
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#1f6fd1"))
    icon = QSystemTrayIcon(QIcon(pixmap))
    icon.show()
    print(f"SHOWN {time.time():.6f}", flush=True)
    QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())

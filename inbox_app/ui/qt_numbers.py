"""A few of Qt's enum values as plain numbers, for the code that paints the first screen.

PySide6 creates every enum type of the ``Qt`` namespace (about 110 of them) the first time
anything touches ``Qt`` — or receives one of its values — which took 21-23 ms here, a tenth
of a bare window's whole start-up. Qt's C++ signatures take roles and text flags as ``int``,
so the painters of the cached first screen use these numbers and ``Qt`` is first touched
after the inbox is on screen. Values from qnamespace.h; a unit test holds them to Qt's.
"""

from __future__ import annotations

USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
ALIGN_LEFT = 0x0001  # Qt.AlignmentFlag.AlignLeft
ALIGN_RIGHT = 0x0002  # Qt.AlignmentFlag.AlignRight
ALIGN_HCENTER = 0x0004  # Qt.AlignmentFlag.AlignHCenter
ALIGN_VCENTER = 0x0080  # Qt.AlignmentFlag.AlignVCenter

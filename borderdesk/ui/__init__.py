"""The PySide6 face of BorderDesk: the only package that imports Qt."""

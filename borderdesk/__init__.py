"""BorderDesk: the goods-inspection workstation of a land border gate."""

__version__ = "0.1.0"

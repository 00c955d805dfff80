"""The only way in for every write: transactions, permissions and the audit chain.

The GUI and the CLI call these functions alike, so a rule enforced for one is
enforced for both.
"""

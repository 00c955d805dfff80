"""Working through an outage of the gate's server.

A workstation keeps a local SQLite copy of what it needs (the gate, its
officers, watch lists, the recent queue, the head of its own audit chain).
When the server goes away, saves are written there together with the rows
they wrote (a change set), and replayed to the server, in order and
idempotently, when it comes back.
"""

"""The decision layer (contract §4): what reviewers decide, kept in a store apart from the warehouse.

policy.py — who decides what, the outcomes and their required fields (CLI and dashboard alike);
store.py — the append-only SQLite store; record.py — one decision: checked, written and audited;
subjects.py — does the subject exist in the warehouse, and what the check needs to know about it.
"""

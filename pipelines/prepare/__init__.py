"""Reference tables a build makes before its SQL runs, one module each, run in name order.

Each module exposes `prepare(con, ctx)` (ctx: pipelines.build.BuildContext) and creates the tables
it owns (a calendar, rule sets, phrase lists). Adding a module here is all it takes to add one.
"""

"""Spreadsheet-safe text: the one place exports neutralise values that a spreadsheet would run as formulas.

OWASP's advice for CSV injection: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading single quote, so Excel and LibreOffice show it as text instead of evaluating it
(`=HYPERLINK(...)`, `@SUM(...)`, DDE payloads). Numbers, dates and booleans are left alone: a negative
number stays a number. Used by every dashboard CSV/XLSX download and by the .xlsx reports.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a leading ' when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df whose text cells are neutralised (numeric, date and boolean columns untouched)."""
    out = df.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
            continue
        out[column] = values.map(neutralise)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out

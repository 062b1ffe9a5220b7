"""A task's steps (query overdue_timeline) in words: the lane of each step and a sentence naming the agencies
with dd/mm/yyyy dates. Shared by the task page and the overdue page; formats only."""

from __future__ import annotations

import pandas as pd

from dashboard import fmt, labels
from dashboard.i18n import t
from dashboard.labels import agency_label, label


def _agency(name: object, agency_id: object) -> str:
    return agency_label(None if pd.isna(name) else name, None if pd.isna(agency_id) else agency_id)


def describe(row: pd.Series) -> tuple[str, str]:
    """(lane, text) of a step: its kind, and a sentence with agencies by name and dd/mm/yyyy dates."""
    step = row["step"]
    words = {
        "from_": _agency(row["from_agency_name"], row["from_agency_id"]),
        "to": _agency(row["to_agency_name"], row["to_agency_id"]),
        "deadline": fmt.date(row["deadline_on"]) or "—",
        "status": labels.code_label("cstatus", row["consultation_status"]),
        "response": label("consultation_response", row["response"]) or "—",
    }
    if step == "event":
        kind = row["event_kind"]
        lane = label("event_kind", kind)
        key = f"step.text.{kind}"
        text = t(key, **words) if t(key) != key else lane
        if not pd.isna(row["reason"]):
            text += " — " + t("step.reason", reason=label("event_reason", row["reason"]))
    else:
        lane = t(f"step.{step}")
        text = t(f"step.text.{step}", **words)
    return lane, text


def described(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps with lane, detail, date_text and hover columns added."""
    pairs = [describe(row) for _, row in steps.iterrows()]
    steps = steps.copy()
    steps["lane"] = [lane for lane, _ in pairs]
    steps["detail"] = [text for _, text in pairs]
    steps["date_text"] = steps["on_date"].map(fmt.date)
    steps["hover"] = steps["date_text"] + ": " + steps["detail"]
    return steps

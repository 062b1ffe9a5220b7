"""The five jobs of issue 12 (benchmarks/jobs.py), run by the same functions as `python -m benchmarks.jobs`
against the demo warehouse: each must reach its result — the rows, people or file it ends with. Their clicks
and seconds are printed by the script, never asserted here."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from benchmarks import jobs


@pytest.mark.parametrize("job", jobs.JOBS, ids=[job.run.__name__ for job in jobs.JOBS])
def test_each_job_reaches_its_result(browser: Browser, dashboard, job: jobs.Job) -> None:
    if job.run is jobs.personnel_viewers:  # someone must have looked at the personnel list first
        jobs.run_job(browser, dashboard.url, dashboard.passwords["home_affairs"], jobs.JOBS[2])
    outcome = jobs.run_job(browser, dashboard.url, dashboard.passwords[job.role], job)
    assert outcome.result.found > 0, outcome.result.text
    assert outcome.clicks >= 2  # signed in, then at least the page from the menu
    if job.run is jobs.shifting_agencies:
        assert outcome.result.task_id and outcome.result.task_id.startswith("NV")
    if job.run is jobs.replacement_list:
        assert re.search(
            r"ra_soat_nhan_su\S*\.xlsx", outcome.result.text
        )  # the file's name may carry its period

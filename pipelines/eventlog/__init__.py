"""`congvu import-eventlog`: a process-mining event log (XES, XES.gz, CSV, CSV.gz) → an input folder.

`import_eventlog(path, out_dir, ...)` does the work and returns a summary; `import_eventlog_command`
is the command line's entry (exit 0 ok, 2 when the log cannot be used).
"""

from __future__ import annotations

from pipelines.eventlog.command import import_eventlog_command
from pipelines.eventlog.importer import import_eventlog
from pipelines.eventlog.logfile import EventLogError

__all__ = ["EventLogError", "import_eventlog", "import_eventlog_command"]

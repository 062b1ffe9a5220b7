-- data-quality: every build of this warehouse file, newest first
select run_id, started_at, finished_at, as_of, input_dir, rows_loaded, rows_rejected, status
from wh.build_runs
order by run_id desc

import json
import os

from alliancewar.models.jobs import job_document


# One file per model job with the job's resolved specifications (labels left out), periods and
# checks: a job reruns only when its own specifications change, and a label change reruns only
# the report.
rule job_config:
    localrule: True
    output:
        "results/config/jobs/{job}.json",
    params:
        text=lambda wildcards: json.dumps(job_document(MODEL_JOBS[wildcards.job], config), sort_keys=True),
    log:
        "logs/config/jobs/{job}.log",
    wildcard_constraints:
        job="|".join(MODEL_JOBS) or "no_jobs",
    run:
        from alliancewar.io import write_text

        write_text(f"{params.text}\n", output[0])


# Model jobs: each fits a group of specifications of one level, loading its panel once.
for _job in MODEL_JOBS:

    rule:
        name:
            f"fit_{_job}"
        input:
            panel=f"data/panel/{LEVEL_PANELS[MODEL_JOBS[_job][0]['level']]}.parquet",
            job=f"results/config/jobs/{_job}.json",
        output:
            job_fit_files(_job),
        params:
            out_dir=lambda wildcards, output: os.path.dirname(output[0]),
            # the replication designs and the formation-window estimator are steps of their own
            code=code_version("models", "panels/peace.py", "panels/variables.py", "io.py",
                              exclude=("models/designs", "models/windows.py")),
        log:
            f"logs/models/{_job}.log",
        benchmark:
            f"benchmarks/out/models/{_job}.tsv"
        threads: 1
        resources:
            mem_mb=4000,
            runtime=60,
        group:
            "grid" if _job.startswith("grid") else "models"
        conda:
            "../envs/alliancewar.yaml"
        shell:
            "python -m alliancewar.cli fit --job-file {input.job:q} "
            "--panel-dir data/panel --out-dir {params.out_dir:q} 2> {log:q}"

import os

# Model jobs: each fits a group of specifications of one level, loading its panel once.
for _job in MODEL_JOBS:

    rule:
        name:
            f"fit_{_job}"
        input:
            panels=expand("data/panel/{name}.parquet", name=PANEL_FILES),
            cfg="results/config/models.json",
        output:
            job_fit_files(_job),
        params:
            job=_job,
            out_dir=lambda wildcards, output: os.path.dirname(output[0]),
            code=code_version("models", "panels/peace.py", "panels/variables.py", "io.py"),
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
            "python -m alliancewar.cli fit --config {input.cfg} --job {params.job} "
            "--panel-dir data/panel --out-dir {params.out_dir} 2> {log}"

# Formation windows and the replication suite: published designs run on our data
# (results/replications/<name>.{json,md,html,csv,tex}; docs/models.md, Replications).
import json

from alliancewar.models.designs import DESIGNS
from alliancewar.models.designs.inputs import input_files as _replication_inputs
from alliancewar.outputs.replications import replication_files as _replication_files

REPLICATIONS = list((config.get("replications") or {}).get("designs") or [])
REPLICATION_FILES = _replication_files("results/replications", REPLICATIONS)
WINDOWS_PANEL = "data/panel/formation_windows.parquet"
# Config sections the windows panel and the replications depend on.
REPLICATION_SECTIONS = [
    "sources", "panel", "cow_alliances_dir", "optional_sources", "data_versions", "windows", "replications"
]

# The formation windows and every replication file of the run (in the default target), and the
# records the report's "Replications" section reads.
REPLICATION_TARGETS = [WINDOWS_PANEL] + [str(f) for files in REPLICATION_FILES.values() for f in files]
REPLICATION_RECORDS = [str(files[0]) for files in REPLICATION_FILES.values()]


rule replication_config:
    localrule: True
    output:
        "results/config/replications.json",
    params:
        text=lambda wildcards: json.dumps({k: config.get(k) for k in REPLICATION_SECTIONS}, sort_keys=True),
    log:
        "logs/config/replications.log",
    run:
        from alliancewar.io import write_text

        write_text(f"{params.text}\n", output[0])


rule panel_windows:
    input:
        dyads="data/panel/dyad_years.parquet",
        states="data/panel/state_years.parquet",
        tables=["data/clean/atop_members.parquet", "data/clean/mid_participants.parquet"]
        + (["data/clean/cow_alliance_members.parquet"] if config.get("cow_alliances_dir") else []),
        cfg="results/config/replications.json",
    output:
        WINDOWS_PANEL,
    params:
        code=code_version("panels/windows.py", "panels/formation.py", "panels/coverage.py", "panels/variables.py",
                          "io.py"),
    log:
        "logs/panels/windows.log",
    benchmark:
        "benchmarks/out/panel_windows.tsv"
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli windows --config {input.cfg:q} --clean-dir data/clean --panel-dir data/panel "
        "--out {output:q} 2> {log:q}"


for _design in REPLICATIONS:

    rule:
        name:
            f"replicate_{_design}"
        input:
            data=_replication_inputs(_design, config),
            cfg="results/config/replications.json",
        output:
            [str(f) for f in REPLICATION_FILES[_design]],
        params:
            design=_design,
            code=code_version("models", "panels/peace.py", "panels/variables.py", "outputs/replications.py",
                              "outputs/tables.py", "io.py"),
        log:
            f"logs/replications/{_design}.log",
        benchmark:
            f"benchmarks/out/replications/{_design}.tsv"
        resources:
            mem_mb=4000,
        conda:
            "../envs/alliancewar.yaml"
        shell:
            "python -m alliancewar.cli replicate --design {params.design} --config {input.cfg:q} "
            "--panel-dir data/panel --clean-dir data/clean --out-dir results/replications 2> {log:q}"

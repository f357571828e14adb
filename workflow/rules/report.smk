# The report: tables, figures, CITATIONS.bib, provenance.json and report.html, built from the
# fit records and panels only (never re-estimating). The files are listed by the package
# (alliancewar.outputs.make.output_files), so the rule and the code cannot disagree.
import hashlib
import json

from alliancewar.outputs.make import output_files as _report_output_files

REPORT_OUTPUTS = {kind: [str(p) for p in paths] for kind, paths in _report_output_files(config).items()}


# The whole resolved config (command-line overrides included): recorded in provenance.json,
# and any change of it (seen through its digest) reruns the report. Key order is kept (tables
# and figures list the named fits in config order).
rule report_config:
    localrule: True
    output:
        "results/config/report.json",
    params:
        digest=lambda wildcards: hashlib.sha256(json.dumps(config).encode("utf-8")).hexdigest(),
    log:
        "logs/config/report.log",
    run:
        from alliancewar.io import write_text

        write_text(json.dumps(config) + "\n", output[0])


rule report:
    input:
        named=named_fit_files(),
        grid=grid_fit_files(),
        panels=expand("data/panel/{name}.parquet", name=BUILT_PANELS),
        codes="data/clean/country_codes.parquet",
        wars="data/clean/war_participants.parquet",
        raw=[f for source in enabled_sources() for f in raw_files(source)],
        cfg="results/config/report.json",
        replications=REPLICATION_RECORDS,
    params:
        code=code_version("outputs", "panels/variables.py", "io.py"),
        started=RUN_STARTED,
    output:
        report=REPORT_OUTPUTS["report"],
        citations=REPORT_OUTPUTS["citations"],
        provenance=REPORT_OUTPUTS["provenance"],
        tables=REPORT_OUTPUTS["tables"],
        figures=REPORT_OUTPUTS["figures"],
    log:
        "logs/report/report.log",
    benchmark:
        "benchmarks/out/report.tsv"
    resources:
        mem_mb=4000,
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli report --config {input.cfg:q} --fits-dir results/fits "
        "--fit-files {input.named:q} {input.grid:q} --panel-dir data/panel --clean-dir data/clean "
        "--raw-dir data/raw --out-dir results --repo-dir . --started-file {params.started:q} "
        "--replications {input.replications:q} 2> {log:q}"

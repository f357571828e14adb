# Panels: dyad-, state- and system-years, the codebook and exports.


rule config_section:
    output:
        "results/config/{section}.json",
    params:
        text=section_json,
    log:
        "logs/config/{section}.log",
    wildcard_constraints:
        section="|".join(CONFIG_SECTIONS),
    run:
        from alliancewar.io import write_text

        write_text(f"{params.text}\n", output[0])


rule panels_build:
    input:
        tables=clean_tables(),
        cfg="results/config/panel.json",
    output:
        expand("data/panel/{name}.parquet", name=PANEL_FILES),
    params:
        code=code_version("panels", "io.py", "config.py"),
    log:
        "logs/panels/panels.log",
    benchmark:
        "benchmarks/out/panels.tsv"
    resources:
        mem_mb=4000,
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli panels --config {input.cfg} --clean-dir data/clean "
        "--out-dir data/panel 2> {log}"


rule codebook:
    input:
        panels=expand("data/panel/{name}.parquet", name=PANEL_FILES),
        cfg="results/config/panel.json",
    output:
        md="results/codebook.md",
        csv="results/codebook.csv",
    params:
        code=code_version("panels/codebook.py", "panels/variables.py"),
    log:
        "logs/panels/codebook.log",
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli codebook --config {input.cfg} --panel-dir data/panel "
        "--out-stem results/codebook 2> {log}"


rule export_panel:
    input:
        "data/panel/{panel}.parquet",
    output:
        multiext("results/export/{panel}", ".csv", ".parquet", ".dta"),
    log:
        "logs/export/{panel}.log",
    wildcard_constraints:
        panel="dyad_years|state_years",
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli export --panel {input} --out-dir results/export 2> {log}"

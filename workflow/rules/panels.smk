# Panels: dyad-, state- and system-years, the codebook and exports.


rule config_section:
    localrule: True
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
        expand("data/panel/{name}.parquet", name=BUILT_PANELS),
    params:
        # the directed variables and the formation windows are steps of their own
        code=code_version("panels", "io.py", "config.py", exclude=("panels/directed.py", "panels/windows.py")),
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


# The directed dyad-years, derived from the non-directed ones in a step of their own (only the
# directed-level fits wait for them), with the directed MID-initiation and alliance-role variables.
rule panel_directed:
    input:
        dyads="data/panel/dyad_years.parquet",
        tables=[f"data/clean/{t}.parquet" for t in DIRECTED_TABLES],
        cfg="results/config/panel.json",
    output:
        "data/panel/dyad_years_directed.parquet",
    params:
        code=code_version("panels/build.py", "panels/__init__.py", "panels/directed.py", "panels/mids.py",
                          "panels/peace.py", "panels/coverage.py", "panels/variables.py", "io.py"),
    log:
        "logs/panels/directed.log",
    benchmark:
        "benchmarks/out/panel_directed.tsv"
    resources:
        mem_mb=4000,
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.cli directed --dyads {input.dyads:q} --clean-dir data/clean --config {input.cfg:q} "
        "--out {output:q} 2> {log:q}"


rule codebook:
    input:
        panels=expand("data/panel/{name}.parquet", name=BUILT_PANELS),
        directed="data/panel/dyad_years_directed.parquet",
        windows="data/panel/formation_windows.parquet",
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

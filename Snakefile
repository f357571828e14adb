# alliancewar: do international alliances go together with war?
# Thin workflow: every rule calls the alliancewar package (src/alliancewar).
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/fetch.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/panels.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        all_raw_files(),
        clean_tables(),
        expand("data/panel/{name}.parquet", name=PANEL_FILES),
        "results/codebook.md",
        named_fit_files(),
        grid_fit_files(),
        [f for files in REPORT_OUTPUTS.values() for f in files],


rule data:
    input:
        all_raw_files(),
        clean_tables(),


rule models:
    input:
        named_fit_files(),


rule grid:
    input:
        grid_fit_files(),


rule panels:
    input:
        all_raw_files(),
        expand("data/panel/{name}.parquet", name=PANEL_FILES),
        "results/codebook.md",


rule export:
    input:
        expand("results/export/{panel}.{ext}", panel=["dyad_years", "state_years"], ext=["csv", "parquet", "dta"]),


# Before any job runs (not in dry runs): when raw files are to be downloaded and a publisher
# cannot be reached, stop with one message saying how to use a mirror (workflow/rules/common.smk).
onstart:
    check_downloads_reachable()

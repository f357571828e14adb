# alliancewar: do international alliances go together with war?
# Thin workflow: every rule calls the alliancewar package (src/alliancewar).
from pathlib import Path

from snakemake.utils import min_version

from alliancewar.settings import read_yaml, validate_config

min_version("9.0")

# A YAML syntax error in the config file names its line (Snakemake's own message does not). The
# config file is relative to the working directory (`--directory .test` reads .test/config/).
if Path("config/config.yaml").is_file():
    read_yaml("config/config.yaml")


configfile: "config/config.yaml"


# Command-line strings coerced to the schema's types, every error naming its key path, defaults
# filled in. The config is updated in place: Snakemake keeps a reference to this object.
_checked = validate_config(config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml")
config.clear()
config.update(_checked)


include: "workflow/rules/common.smk"
include: "workflow/rules/fetch.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/panels.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/replications.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/package.smk"


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
        REPLICATION_TARGETS,


# Formation windows and the published designs run on our data (results/replications/).
rule replications:
    input:
        REPLICATION_TARGETS,


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


# Run hooks (not in dry runs). On start: record when the run started (provenance.json) and, when
# raw files are to be downloaded and a publisher cannot be reached, stop with one message saying
# how to use a mirror. At the end (success or error): a one-screen summary of the failed and
# doubtful fits. The functions are in workflow/rules/common.smk.
onstart:
    record_run_start()
    check_downloads_reachable()


onsuccess:
    fit_summary()


onerror:
    fit_summary()

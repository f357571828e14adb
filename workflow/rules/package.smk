# The replication package: results/replication-<config hash>.zip (alliancewar.package): config,
# resolved specs, source registry, provenance.json, the lock file, REPRODUCE.md, a fetch manifest,
# the fit records, the code, and the raw files of the sources whose terms allow redistribution.
from alliancewar.outputs.provenance import config_hash as _config_hash
from alliancewar.package import package_name as _package_name

# The same hash as provenance.json's config_hash (both hash the resolved config).
PACKAGE = f"results/{_package_name(_config_hash(config))}.zip"
LOCK_FILE = "requirements.lock"


rule package:
    input:
        provenance=REPORT_OUTPUTS["provenance"],
        cfg="results/config/report.json",
        jobs=[f"results/config/jobs/{job}.json" for job in MODEL_JOBS],
        fits=named_fit_files() + grid_fit_files(),
        raw=all_raw_files(),
        lock=LOCK_FILE,
        registry=config["sources"],
    output:
        PACKAGE,
    params:
        code=code_version("package.py", "verify.py", "sources.py"),
    log:
        "logs/package/package.log",
    conda:
        "../envs/alliancewar.yaml"
    shell:
        "python -m alliancewar.package build --config {input.cfg:q} --provenance {input.provenance:q} "
        "--jobs {input.jobs:q} --fits {input.fits:q} --lock {input.lock:q} --raw-dir data/raw --repo-dir . "
        "--out {output:q} 2> {log:q}"

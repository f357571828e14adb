# One clean rule per enabled source: data/clean/<table>.parquet, validated by pandera schemas.
# Of a versioned family (state system, NMC, dyadic MIDs, UCDP) only the version config key
# data_versions chooses has a rule: the versions write the same tables.
# The clean step verifies every raw file against its pinned hashes before reading it, and
# decodes it with the encoding the registry names, however the file got into data/raw/.
for _name in cleaned_sources():
    _module = CLEANERS[_name]

    rule:
        name:
            f"clean_{SOURCES[_name].rule_name}"
        input:
            raw_files(_name),
        output:
            [f"data/clean/{t}.parquet" for t in _module.TABLES],
        params:
            source=_name,
            registry=config["sources"],
            pins=registry_pins(_name),
            code=code_version("clean", "io.py"),
        log:
            f"logs/clean/{_name}.log",
        benchmark:
            f"benchmarks/out/clean/{_name}.tsv"
        conda:
            "../envs/alliancewar.yaml"
        shell:
            "python -m alliancewar.cli clean --registry {params.registry:q} --source {params.source:q} "
            "--raw-dir data/raw/{params.source:q} --out-dir data/clean 2> {log:q}"

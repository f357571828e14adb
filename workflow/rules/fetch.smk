# One fetch rule per source: verified copies in data/raw/<source>/, protected.
for _src in SOURCES.values():

    rule:
        name:
            f"fetch_{_src.rule_name}"
        output:
            [protected(p) for p in raw_files(_src.name)],
        params:
            source=_src.name,
            registry=config["sources"],
            origin=optional_arg("--mirror", "mirror") + " " + optional_arg("--user-dir", "cow_alliances_dir"),
        log:
            f"logs/fetch/{_src.name}.log",
        conda:
            "../envs/alliancewar.yaml"
        shell:
            "python -m alliancewar.cli fetch --registry {params.registry:q} --source {params.source:q} "
            "--dest data/raw {params.origin} 2> {log:q}"

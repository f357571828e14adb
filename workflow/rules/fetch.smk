# One fetch rule per source: verified copies in data/raw/<source>/, protected.
# The origin (mirror, user folder or download; ORIGIN in common.smk) is read inside the rule,
# not passed as params, so that switching between a mirror and the network never asks to
# refetch (and overwrite) raw files that are already verified.
for _src in SOURCES.values():

    rule:
        name:
            f"fetch_{_src.rule_name}"
        # on a cluster the fetch steps run where the workflow runs (compute nodes often have no internet)
        localrule: True
        output:
            [protected(p) for p in raw_files(_src.name)],
        params:
            source=_src.name,
        log:
            f"logs/fetch/{_src.name}.log",
        conda:
            "../envs/alliancewar.yaml"
        run:
            from alliancewar.cli import fetch_logged

            fetch_logged(
                config["sources"],
                params.source,
                "data/raw",
                log[0],
                mirror=ORIGIN.mirror,
                user_dir=config["cow_alliances_dir"],
            )

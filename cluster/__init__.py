"""The cluster stage: embed, reduce and cluster de-identified events per language, stable ids, labels,
exemplars and failure themes. Front door: `cluster.run.run(settings, refit=False) -> ClusterReport`;
`cluster.chain.run_chain` is the chain the stage and `cluster.evaluate` (cluster-eval) share."""

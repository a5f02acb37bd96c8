"""The labelled root-cause benchmark set: a seeded generator of English and Chinese failure signals."""

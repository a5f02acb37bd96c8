"""Scoring a de-identifier against labelled spans (`metrics`), the predictors compared (`predictors`: ours and
vanilla Presidio) and the vanilla baseline (`baseline`); `outerloop deid-eval` and the benchmark use them."""

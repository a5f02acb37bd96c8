"""`python -m flows.cli`: the same as the `outerloop` command."""

from flows.cli import main

main()

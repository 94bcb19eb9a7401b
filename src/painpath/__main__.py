"""`python -m painpath`: the same command line as the installed `painpath` script."""

from painpath.cli import main

main()

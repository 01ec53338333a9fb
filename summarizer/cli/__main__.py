"""`python -m summarizer.cli`: the same command as `summarizer`."""

from summarizer.cli import main

main()

"""The local review app (`summarizer serve`) over the event store; see docs/review.md."""

"""The input layer: from a URL, a file, standard input or a string to a validated `ArticleMeta`.

Below the pipeline and every backend: nothing here imports them
(tests/test_layers.py checks), so data only flows up.

* `errors`   - typed, one-line errors (`ArticleError`, `FetchError` and kin)
* `text`     - text validation and `make_article` (every loader ends there)
* `decoding` - bytes to text: content sniffing and charsets
* `netguard` - the SSRF guard every connection passes
* `fetch`    - one HTTP(S) fetch within `FetchOptions`
* `html`     - HTML cleaning (trafilatura) and `article_from_*`
* `sources`  - what an argument or inputs-file line names
* `loader`   - the one loader the CLI, the API and batch use

Kept free of imports so that `import summarizer.inputs.text` does not load
trafilatura or the HTTP stack.
"""

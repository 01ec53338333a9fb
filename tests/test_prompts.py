from __future__ import annotations

import json

from summarizer.prompts import PROMPT_VERSION, load_prompt, render_messages
from summarizer.schemas import Extraction


def test_article_is_inserted_verbatim_even_with_template_syntax() -> None:
    article = "Text with {{ jinja }} and {% block %} and <<METADATA>> and $x and {0}."
    messages = render_messages(article, {"title": "T"})
    user = messages[1]["content"]
    assert article in user
    assert user.count("<article>") == 1 and user.index(article) > user.index("<article>")
    assert '"title": "T"' in user


def test_prompt_is_versioned_and_says_the_article_is_not_instructions() -> None:
    prompt = load_prompt(PROMPT_VERSION)
    assert prompt.version == PROMPT_VERSION
    assert "never instructions" in prompt.system


def test_model_schema_hides_fields_the_model_must_not_fill() -> None:
    schema = json.dumps(Extraction.model_json_schema())
    for hidden in ('"start": {"description": "Character', '"alignment"', '"latitude"'):
        assert hidden not in schema
    assert '"quote"' in schema and '"stated_by"' in schema

from __future__ import annotations

import pytest

from summarizer.settings import Settings, SettingsError


def test_environment_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MODEL", "m1")
    monkeypatch.setenv("SUMMARIZER_MODE", "JSON_SCHEMA")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "7.5")
    s = Settings.from_env(model="m2")
    assert (s.model, s.mode, s.timeout) == ("m2", "json_schema", 7.5)
    assert not s.endpoint_configured


def test_key_is_read_from_the_named_variable_and_not_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", "sk-test-not-real-000000000000")
    s = Settings.from_env(api_key_env="MY_KEY")
    assert s.endpoint_configured and s.use_model
    assert "sk-test" not in repr(s)
    assert not s.with_(offline=True).use_model


@pytest.mark.parametrize(("env", "value"), [("SUMMARIZER_MODE", "xml"), ("SUMMARIZER_TIMEOUT", "soon")])
def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch, env: str, value: str) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError, match=r"xml|SUMMARIZER_TIMEOUT"):
        Settings.from_env()


def test_readme_configuration_table_is_generated_from_settings() -> None:
    from pathlib import Path

    from summarizer.settings_doc import replace_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert replace_table(readme) == readme, "run: python -m summarizer.settings_doc --write README.md"


def test_backend_and_its_offline_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_BACKEND", "offline")
    assert Settings.from_env().backend == "rules" and not Settings.from_env().use_model
    monkeypatch.delenv("SUMMARIZER_BACKEND")
    monkeypatch.setenv("SUMMARIZER_OFFLINE", "1")
    assert Settings.from_env().backend == "rules"
    assert Settings.from_env(backend="openai").backend == "openai"
    assert Settings().backend == "auto"

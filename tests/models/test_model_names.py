"""The trainer's loader (lamkit.models.backbone.load_model) resolves model names through the one
resolver the agent and the server use (lamkit.models.chat.resolve_model_path), so a name or folder
the command line accepts is one the trainer accepts, with the same one-line errors (issue 15)."""

from __future__ import annotations

import pytest

from lamkit.errors import LamkitError
from lamkit.models import backbone, chat


def test_backbone_has_no_name_table_of_its_own():
    # one home for the bundled names and the cache folder
    assert not hasattr(backbone, "BUNDLED_NAMES") and not hasattr(backbone, "resolve")
    assert backbone.resolve_model_path is chat.resolve_model_path and backbone.cache_dir is chat.cache_dir


def test_load_model_gives_the_resolvers_errors(tmp_path):
    with pytest.raises(LamkitError) as e:
        backbone.load_model(tmp_path / "nope")
    msg = str(e.value)
    assert "no such folder" in msg and "smollm2-135m-instruct" in msg and "\n" not in msg
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(LamkitError, match="not a complete model folder: no weights file"):
        backbone.load_model(tmp_path / "half")  # a truncated copy: the missing file, not a traceback


def test_load_model_loads_a_saved_tiny_checkpoint(tmp_path):
    tok = backbone.train_tokenizer(["make the word bold", "set the font size"] * 20, 300)
    backbone.tiny_model(tok, 32, 1, 2, 64).save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    model, tok2 = backbone.load_model(str(tmp_path))
    assert model.config.num_hidden_layers == 1 and tok2.pad_token_id == model.config.pad_token_id

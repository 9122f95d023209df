"""A randomly initialised model with the exact opus-mt-de-en architecture, built offline.

Speed and memory depend on the architecture, not on the weights, so a random model measures
what the real one would cost: 6+6 layers, d_model 512, 8 heads, FFN 2048, a shared 58,101-token
vocabulary (so the embedding and the output softmax cost what they really cost), static
sinusoidal positions. Text is cut into pieces by the tiny model's SentencePiece, whose ~1,000
pieces sit at the start of a vocabulary padded with dummy pieces to the real size.

The end-of-sentence logit is pushed down by a large bias, so every system generates exactly the
length it is allowed: random weights would otherwise end sentences at random places.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

from wiredesk.config import Settings
from wiredesk.tiny import EOS_TOKEN, PAD_TOKEN, ensure_tiny_model

logger = logging.getLogger(__name__)

BENCH_FOLDER = "bench-random-de-en"
STAMP = "BENCH_MODEL.json"
VOCAB_SIZE = 58_101  # Helsinki-NLP/opus-mt-de-en
EOS_BIAS = -1.0e4
# Helsinki-NLP/opus-mt-de-en's config.json, less the token ids (set from our vocabulary).
OPUS_MT_DE_EN = {
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "activation_function": "swish",
    "max_position_embeddings": 512,
    "scale_embedding": True,
    "share_encoder_decoder_embeddings": True,
    "static_position_embeddings": True,
    "normalize_embedding": False,
    "normalize_before": False,
    "add_final_layer_norm": False,
    "init_std": 0.02,
}
BUILD_VERSION = 2


def ensure_bench_model(settings: Settings, *, seed: int = 0) -> Path:
    """The benchmark model's folder under `settings.models_dir`, built there first if missing."""
    folder = settings.models_dir / BENCH_FOLDER
    expected = _stamp(seed)
    try:
        if json.loads((folder / STAMP).read_text(encoding="utf-8")) == expected:
            return folder
    except (OSError, ValueError):
        pass  # not built yet (or by another version): build below
    logger.info("Building the random opus-mt-de-en-sized benchmark model in %s", folder)
    scratch = Path(tempfile.mkdtemp(prefix=f".{BENCH_FOLDER}.build-", dir=settings.models_dir))
    try:
        scratch.chmod(0o755)  # mkdtemp makes it private; other users may run the benchmark
        _write_model(scratch, tiny=ensure_tiny_model(settings), seed=seed)
        (scratch / STAMP).write_text(json.dumps(expected), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        scratch.rename(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def _stamp(seed: int) -> dict[str, object]:
    """What a built model must match to be reused: the builder version, seed and config."""
    return {"version": BUILD_VERSION, "seed": seed, "vocab": VOCAB_SIZE, **OPUS_MT_DE_EN}


def _write_model(folder: Path, *, tiny: Path, seed: int) -> None:
    """Tokenizer files (tiny pieces, full-size vocabulary) and the random model into `folder`."""
    for name in ("source.spm", "target.spm"):
        shutil.copyfile(tiny / name, folder / name)
    vocab = padded_vocab(json.loads((tiny / "vocab.json").read_text(encoding="utf-8")))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    _save_tokenizer(folder)
    _save_random_model(folder, vocab=vocab, seed=seed)
    (folder / "README.txt").write_text(
        "Random weights with the opus-mt-de-en architecture, for benchmarks only: its output is "
        "meaningless.\nBuilt by `python -m benchmarks.translate`.\n",
        encoding="utf-8",
    )


def padded_vocab(tiny_vocab: dict[str, int]) -> dict[str, int]:
    """The tiny vocabulary padded with dummy pieces to the real size, `<pad>` still last (the
    CTranslate2 converter drops a last `<pad>`, as for real OPUS-MT vocabularies)."""
    vocab = {piece: index for piece, index in tiny_vocab.items() if piece != PAD_TOKEN}
    for number in range(VOCAB_SIZE - 1 - len(vocab)):
        vocab[f"▁dummy{number}"] = len(vocab)
    vocab[PAD_TOKEN] = len(vocab)
    return vocab


def _save_tokenizer(folder: Path) -> None:
    """Write tokenizer_config.json for the padded vocabulary (the tiny one's has its ids)."""
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"),
        target_spm=str(folder / "target.spm"),
        vocab=str(folder / "vocab.json"),
        source_lang="de",
        target_lang="en",
    )
    tokenizer.save_pretrained(str(folder))


def _save_random_model(folder: Path, *, vocab: dict[str, int], seed: int) -> None:
    """Save a seeded random MarianMTModel with opus-mt-de-en's shapes and generation config."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    pad_id, eos_id = vocab[PAD_TOKEN], vocab[EOS_TOKEN]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        pad_token_id=pad_id,
        eos_token_id=eos_id,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=eos_id,
        **OPUS_MT_DE_EN,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = MarianMTModel(config)
    with torch.no_grad():
        model.final_logits_bias[0, eos_id] = EOS_BIAS
    model.generation_config = GenerationConfig(
        decoder_start_token_id=pad_id,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
        forced_eos_token_id=eos_id,
        bad_words_ids=[[pad_id]],
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(str(folder))

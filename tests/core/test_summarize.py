"""Per-article summaries: the extractive default (real seeds, reference English, gibberish) and
the optional abstractive summarizer (with a tiny random seq2seq model built here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.story_articles import REFERENCE, seed_articles
from wiredesk.errors import InputError, ModelNotFoundError
from wiredesk.schema import SentencePair
from wiredesk.summarize import (
    AbstractiveSummarizer,
    make_summarizer,
    split_sentences,
    starts_dangling,
    summarize,
)


def pairs(*targets: str, headings: tuple[int, ...] = ()) -> list[SentencePair]:
    """English-only sentence pairs (source = target), as for an English article."""
    return [
        SentencePair(source=text, target=text, paragraph=i, heading=i in headings)
        for i, text in enumerate(targets)
    ]


STORY = pairs(
    "Storm warning issued",
    "Forecasters warned of severe storms with heavy rain and hail across the south on Saturday.",
    "They said up to 40 litres of rain per square metre could fall in places.",
    "Photo: dpa",
    "The storms are expected to bring heavy rain, hail and flooding to several southern regions.",
    "However, temperatures will first climb above 30 degrees before the storms arrive.",
    "From Monday the weather turns noticeably cooler and changeable in the south.",
    headings=(0,),
)


def test_picks_central_lead_sentences_in_document_order() -> None:
    summary = summarize(STORY, n=3)

    assert len(summary) == 3
    assert summary[0] == STORY[1].target  # the lead
    positions = [next(i for i, p in enumerate(STORY) if p.target == s) for s in summary]
    assert positions == sorted(positions)


def test_skips_headings_captions_and_short_fragments() -> None:
    summary = summarize(STORY, n=10)

    assert "Storm warning issued" not in summary
    assert "Photo: dpa" not in summary


def test_never_starts_with_an_unresolved_pronoun_or_connective() -> None:
    # "They said ..." is the most central sentence but leans on the lead; "However" on its
    # predecessor. Each may appear only right after the sentence it leans on.
    for n in range(1, 7):
        summary = summarize(STORY, n=n)
        chosen = [next(i for i, p in enumerate(STORY) if p.target == s) for s in summary]
        for index in chosen:
            if starts_dangling(STORY[index]):
                assert index - 1 in chosen, (n, summary)


def test_a_dangling_sentence_follows_its_predecessor_when_both_are_chosen() -> None:
    article = pairs(
        "The council approved the new budget for schools and roads on Tuesday evening.",
        "It includes twelve million euros for repairing schools and roads in the city.",
    )
    assert summarize(article, n=2) == [article[0].target, article[1].target]
    assert summarize(article, n=1) == [article[0].target]


def test_german_connectives_count_when_the_english_is_gibberish() -> None:
    pair = SentencePair(source="Dies steht im Einklang mit den Vorwürfen.", target="Quor blen")
    assert starts_dangling(pair)
    assert not starts_dangling(SentencePair(source="x", target="So far, nothing has changed."))


def test_redundant_sentences_are_not_repeated() -> None:
    lead = "The central bank raised interest rates by half a point on Thursday to fight inflation."
    article = pairs(
        lead,
        lead,
        "The central bank raised interest rates by half a point on Thursday, fighting inflation.",
        "Markets had expected the decision after weeks of signals from the governing council.",
    )

    summary = summarize(article, n=2)

    assert summary[0] == lead
    assert summary[1].startswith("Markets")


def test_short_articles_give_fewer_sentences_and_nothing_gives_nothing() -> None:
    assert summarize(pairs("Only one sentence here with enough words in it."), n=3) == [
        "Only one sentence here with enough words in it."
    ]
    assert summarize([], n=3) == []
    assert summarize(pairs("Too short."), n=3) == []
    assert summarize(STORY, n=0) == []


def test_reference_english_of_a_seed() -> None:
    article = [
        SentencePair(source=source, target=target, paragraph=i)
        for i, (source, target) in enumerate(REFERENCE["000"])
    ]

    summary = summarize(article, n=2)

    assert summary[0].startswith("North Korean Foreign Minister Choe Son Hui")
    assert not summary[1].startswith("However")  # its predecessor is not chosen


def test_gibberish_targets_still_give_a_summary_of_the_right_shape() -> None:
    for article in seed_articles():
        summary = summarize(article.sentences, n=3)
        targets = [pair.target for pair in article.sentences if not pair.heading]
        assert 1 <= len(summary) <= 3
        assert all(sentence in targets for sentence in summary)


def test_make_summarizer() -> None:
    extractive = make_summarizer("extractive")
    assert extractive(STORY, 2) == summarize(STORY, n=2)
    with pytest.raises(ModelNotFoundError, match="WIREDESK_SUMMARIZER_MODEL"):
        make_summarizer("abstractive", model=None)
    with pytest.raises(InputError):
        make_summarizer("nonsense", model=None)  # type: ignore[arg-type]


def test_missing_abstractive_model_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="extractive"):
        AbstractiveSummarizer.load(str(tmp_path / "no-such-model"))
    with pytest.raises(ModelNotFoundError, match="huggingface-cli download"):
        AbstractiveSummarizer.load(str(tmp_path))  # a folder without weights


def test_split_sentences() -> None:
    text = 'North Korea sent troops. "It is a threat," he said. U.S. officials agreed. 10 died.'
    assert split_sentences(text) == [
        "North Korea sent troops.",
        '"It is a threat," he said.',
        "U.S. officials agreed.",
        "10 died.",
    ]
    assert split_sentences(text, limit=2) == split_sentences(text)[:2]
    assert split_sentences("  ") == []


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight BART and word-level tokenizer, saved like a downloaded model."""
    torch = pytest.importorskip("torch")
    tokenizers = pytest.importorskip("tokenizers")
    from transformers import BartConfig, BartForConditionalGeneration, PreTrainedTokenizerFast

    words = ["north", "korea", "sent", "about", "10,000", "soldiers", "to", "russia", "."]
    vocab = {w: i for i, w in enumerate(["<pad>", "<s>", "</s>", "<unk>", *dict.fromkeys(words)])}
    backend = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = tokenizers.pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token="<pad>",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        model_max_length=64,
    )
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=16,
        decoder_ffn_dim=16,
        max_position_embeddings=64,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
    )
    folder = tmp_path_factory.mktemp("tiny-bart")
    tokenizer.save_pretrained(folder)
    BartForConditionalGeneration(config).save_pretrained(folder)
    return folder


def test_abstractive_summarizer_runs_a_local_model(tiny_bart: Path) -> None:
    summarizer = make_summarizer("abstractive", model=str(tiny_bart))
    article = pairs(
        "north korea sent about 10,000 soldiers to russia .",
        "the troops arrived .",
        "Heading",
        headings=(2,),
    )

    summary = summarizer(article, 2)

    assert len(summary) <= 2
    assert all(sentence.strip() for sentence in summary)
    assert AbstractiveSummarizer.load(str(tiny_bart)).summarize("", n=3) == []

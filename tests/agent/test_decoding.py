"""Constrained decoding: every answer parses and is inside its ActionSpace, whatever the weights.

Real parts: the tiny profile's Llama and trained byte-level BPE (lamkit.models.backbone),
the bundled SmolLM2-135M-Instruct with its own 49k tokenizer, the project's parser and
``ActionSpace.violation``. Random weights are the point: an untrained model is the
worst case for validity.
"""

from __future__ import annotations

import json
import random

import pytest
import torch

from lamkit.agent.action_space import ALL_FIELDS, ActionSpace
from lamkit.agent.decoding import ConstrainedDecoder, usable_functions
from lamkit.agent.prompting import KEY_CHORDS, format_answer, parse_answer, system_prompt, RenderSettings
from lamkit.errors import LamkitError
from lamkit.models.backbone import tiny_model, train_tokenizer
from lamkit.schema import ACTION_FUNCTIONS
from lamkit.train.config import DecodingSettings

CONTROLS = ["Bold", "Italic", "Underline", "Format", "Format > Paragraph…", "Font Size", "OK", "Cancel",
            'Say "hi"', "Back\\slash", "Left (Page Style dialog)", "Café", "12", "Document", "Insert > Page Break",
            "Bold Italic", "日本語"]
WORDS = ["Sales", "grew", "by", "five", "percent", "Café", "naïve", "x²", "R&D", "Q3", "2024", "don't", '"quoted"',
         "back\\slash", "tab\there", "line\nbreak", "—", "…", "snake_case", "日本語", "e.g.", "(draft)", "1.5"]
REQUESTS = ["Make the word 'Sales' bold", "Set the font size of the title to 14", "Insert a page break after 'Q3'",
            "Type \"Dear team,\" at the start"]


def _messages(rng: random.Random) -> list[dict]:
    req = rng.choice(REQUESTS)
    controls = "\n".join(f"{c}|button" for c in rng.sample(CONTROLS, 6))
    return [{"role": "system", "content": system_prompt(RenderSettings())},
            {"role": "user", "content": f"Request: {req}\nPrevious actions:\n(none)\nDocument:\n1 Sales grew\nControls:\n{controls}"}]


def random_space(rng: random.Random) -> ActionSpace:
    """A random step: some functions (sometimes with arguments removed), 0-8 controls with
    awkward names, paragraphs of awkward words, request texts, key chords, answer fields."""
    fns = rng.sample(list(ACTION_FUNCTIONS), rng.randint(1, len(ACTION_FUNCTIONS)))
    if rng.random() < 0.3:
        fns.append("finish")
    functions = {}
    for f in dict.fromkeys(fns):
        args = list(ACTION_FUNCTIONS[f])
        if args and rng.random() < 0.2:
            args.remove(rng.choice(args))
        functions[f] = args
    para = lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))  # noqa: E731
    fields = [f for f in ALL_FIELDS if f in ("function", "args") or rng.random() < 0.5]
    docs = [para() for _ in range(rng.randint(0, 3))]
    # Target options (lamkit.agent.targets): sometimes, words and whole paragraphs of the document.
    targets = list(dict.fromkeys(rng.sample(docs + [w for d in docs for w in d.split()], min(4, len(docs))))) \
        if docs and rng.random() < 0.5 else []
    # Typed values (lamkit.agent.values): sometimes, a few whole values to choose among.
    values = rng.sample(WORDS, rng.randint(1, 3)) if rng.random() < 0.3 else []
    return ActionSpace(functions=functions, controls=rng.sample(CONTROLS, rng.randint(0, 8)),
                       doc_spans=docs, targets=targets, values=values,
                       text_sources=[rng.choice(REQUESTS)] + [para() for _ in range(rng.randint(0, 2))],
                       key_chords=rng.sample(list(KEY_CHORDS), rng.randint(0, 5)), fields=fields)


def _valid(text: str, space: ActionSpace) -> None:
    a = parse_answer(text)
    assert space.violation(a.function, a.args, a.status) is None, text
    assert json.loads(text)  # one JSON object, nothing around it
    fields = [f for f in ALL_FIELDS if f in space.fields or f in ("function", "args")]
    assert list(json.loads(text)) == fields
    assert format_answer(a, fields) == text  # exactly the training target's shape


@pytest.fixture(scope="module")
def tiny_tok():
    rng = random.Random(0)
    corpus = [format_answer({"thought": "Select 'Sales' first.", "function": "select_text",
                             "args": {"control_label": "Document", "text": "Sales grew"}, "status": "CONTINUE",
                             "plan": ["Click Bold", "Finish"]})] * 20
    corpus += [m["content"] for _ in range(30) for m in _messages(rng)]
    return train_tokenizer(corpus, 800)


def test_untrained_tiny_models_only_write_valid_answers(tiny_tok):
    """The property: random weights (seeds 0-5) x random spaces, greedy and sampled."""
    rng = random.Random(1)
    settings = DecodingSettings(max_thought_tokens=12, max_plan_item_tokens=8, max_plan_items=3, max_text_tokens=8)
    n = 0
    for seed in range(6):
        dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=seed), tiny_tok, settings)
        for k in range(7):
            space = random_space(rng)
            if not usable_functions(space):
                with pytest.raises(LamkitError, match="allows no function"):
                    dec.decode(_messages(rng), space)
                continue
            t = 0.0 if k % 2 == 0 else 1.5
            out = dec.decode(_messages(rng), space, temperature=t, seed=k)
            _valid(out.text, space)
            n += 1
    assert n >= 30


def test_each_argument_kind_is_generated_and_valid(tiny_tok):
    """Spaces that leave one function: its arguments come out typed and inside the space."""
    docs = ['Sales grew by five "percent" in Q3.', "Café naïve — back\\slash"]
    base = dict(controls=CONTROLS, doc_spans=docs, text_sources=["Type Dear team"], key_chords=["{ENTER}", "^b"],
                fields=list(ALL_FIELDS))
    dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=3), tiny_tok)
    for fn in ACTION_FUNCTIONS:
        for seed in range(3):
            space = ActionSpace(functions={fn: list(ACTION_FUNCTIONS[fn])}, **base)
            out = dec.decode(_messages(random.Random(seed)), space, temperature=1.0, seed=seed)
            _valid(out.text, space)
            a = parse_answer(out.text)
            assert a.function == fn
            if fn == "select_text":
                assert any(a.args["text"] in d for d in docs)
            if "control_label" in a.args:
                assert a.args["control_label"] in CONTROLS


def test_fast_forward_and_prefix_cache_give_the_same_answer_with_fewer_passes(tiny_tok):
    """Forced runs fed in one pass, and the prompt prefix reused from the previous step, give
    exactly the answers of token-by-token decoding from scratch (float64: no rounding ties)."""
    model = tiny_model(tiny_tok, seed=7).double()
    rng = random.Random(5)
    cases = [(_messages(rng), random_space(rng)) for _ in range(8)]
    cases = [(m, s) for m, s in cases if usable_functions(s)]
    fast = ConstrainedDecoder(model, tiny_tok, DecodingSettings(prefix_cache=True))
    slow = ConstrainedDecoder(model, tiny_tok, DecodingSettings(prefix_cache=False))
    reused = 0
    for msgs, space in cases:
        a = fast.decode(msgs, space)
        b = slow.decode(msgs, space, fast_forward=False)
        assert a.text == b.text
        assert a.passes < b.passes
        assert b.passes == b.answer_tokens  # the reference fed one answer token a pass (the first with the prompt)
        reused += a.reused_tokens
    assert reused > 0  # consecutive prompts share the system message


def test_a_model_trained_on_an_absent_control_still_answers_inside_the_space(tiny_tok):
    """A tiny model trained to click "Italic" writes Italic when free; constrained to a screen
    without Italic it still clicks (what it learned), on a control that is there."""
    torch.manual_seed(0)
    model = tiny_model(tiny_tok, seed=0)
    msgs = _messages(random.Random(0))
    target = format_answer({"function": "click_input", "args": {"control_label": "Italic"}, "status": "CONTINUE"},
                           ["function", "args", "status"])
    prompt = tiny_tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
    p_ids = tiny_tok(prompt, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([p_ids + tiny_tok(target + "<|im_end|>", add_special_tokens=False)["input_ids"]])
    labels = ids.clone()
    labels[0, :len(p_ids)] = -100
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a 2-layer model: threads only add synchronisation
    try:
        for _ in range(40):
            loss = model(input_ids=ids, labels=labels).loss
            loss.backward()
            opt.step()
            opt.zero_grad()
    finally:
        torch.set_num_threads(threads)
    model.eval()
    with torch.no_grad():
        free = model.generate(torch.tensor([p_ids]), max_new_tokens=40, do_sample=False,
                              pad_token_id=tiny_tok.pad_token_id)
    assert tiny_tok.decode(free[0, len(p_ids):], skip_special_tokens=True).startswith(target)
    dec = ConstrainedDecoder(model, tiny_tok)
    without = ActionSpace(controls=["Bold", "Underline", "Format"], fields=["function", "args", "status"])
    a = parse_answer(dec.decode(msgs, without).text)
    assert a.function == "click_input" and a.args["control_label"] in without.controls
    assert without.violation(a.function, a.args, a.status) is None
    with_it = without.model_copy(update={"controls": ["Bold", "Italic", "Underline"]})
    assert dec.decode(msgs, with_it).text == target


def test_a_space_with_nothing_possible_is_a_clear_error(tiny_tok):
    dec = ConstrainedDecoder(tiny_model(tiny_tok), tiny_tok)
    space = ActionSpace(functions={"click_input": ["control_label"]}, controls=[])
    with pytest.raises(LamkitError, match="allows no function that can be completed"):
        dec.decode(_messages(random.Random(0)), space)


def test_bundled_smollm2_only_writes_valid_answers():
    """The same property on SmolLM2-135M-Instruct (not trained by us) and its 49k-token
    GPT-2-style vocabulary; a few cases, it is slower."""
    from lamkit.models.chat import LocalChatModel

    m = LocalChatModel("smollm2", device="cpu")
    dec = m.decoder(DecodingSettings(max_thought_tokens=10, max_plan_item_tokens=6, max_plan_items=2,
                                     max_text_tokens=8))
    rng = random.Random(11)
    done = 0
    while done < 4:
        space = random_space(rng)
        if not usable_functions(space):
            continue
        out = dec.decode(_messages(rng), space, temperature=0.0 if done % 2 == 0 else 1.0, seed=done)
        _valid(out.text, space)
        done += 1


# ----------------------------------------------------------------------------- the policy
def _screen():
    from lamkit.schema import Control, Observation, OutlineParagraph

    cs = [Control(label="1", role="menu", name="Format", path="0.0"),
          Control(label="4", role="toggle button", name="Bold", path="1.0"),
          Control(label="5", role="toggle button", name="Italic", path="1.1"),
          Control(label="7", role="document text", name="Document", path="2.0")]
    return Observation(controls=cs, window="Untitled 1 - LibreOffice Writer", document="Sales grew by five percent.",
                       outline=[OutlineParagraph(text="Sales grew by five percent.")])


def test_model_policy_decodes_a_local_checkpoint_inside_the_rendered_space(tiny_tok, tmp_path):
    """A local model (a saved tiny checkpoint, untrained) behind ModelPolicy: every step's
    answer is valid for the rendered step, no invalid answer counted, names map to labels."""
    from lamkit.agent.model_policy import ModelPolicy
    from lamkit.agent.prompting import render_step
    from lamkit.models.chat import LocalChatModel
    from lamkit.schema import Task

    tiny_model(tiny_tok, seed=2).save_pretrained(tmp_path)
    tiny_tok.save_pretrained(tmp_path)
    render = RenderSettings(ranker="rules", fields=["thought", "function", "args", "status", "plan"])
    policy = ModelPolicy(LocalChatModel(str(tmp_path), device="cpu"), render=render,
                         decoding=DecodingSettings(max_thought_tokens=8, max_plan_item_tokens=6))
    assert policy.constrained
    task = Task(id="t", request="Make the word 'Sales' bold", template="report.docx")
    obs = _screen()
    policy.reset(task)
    for _ in range(3):
        plan = list(policy.plan)
        d = policy.act(task, obs, [])
        space = render_step(task.request, obs, [], plan, render).space
        assert d.error is None and d.invalid == 0
        assert space.violation(d.answer.function, d.answer.args, d.answer.status) is None
        assert d.label_of and all(obs.control(label) is not None for label in d.label_of.values())
        assert policy.plan == d.answer.plan  # fed back at the next step
    batch = policy.act_batch([(task, obs, [], []), (task, obs, [], ["Click Bold"])])
    assert len(batch) == 2 and all(b.answer is not None and b.invalid == 0 for b in batch)


class FakeEndpoint:
    """A fake for an HTTP chat endpoint (no server in this test): replays fixed answers."""

    name = "fake"

    def __init__(self, answers):
        self.answers = list(answers)
        self.seen = []

    def chat(self, messages, max_new_tokens=256, temperature=0.0):
        self.seen.append(messages)
        return self.answers.pop(0), 0.0


def test_an_endpoint_answer_outside_the_space_is_counted_and_retried_once():
    from lamkit.agent.model_policy import ModelPolicy
    from lamkit.schema import Task

    task = Task(id="t", request="Make the word 'Sales' bold", template="report.docx")
    render = RenderSettings(ranker="rules")
    good = '{"function": "click_input", "args": {"control_label": "Bold"}, "status": "CONTINUE"}'
    absent = '{"function": "click_input", "args": {"control_label": "Strikethrough"}, "status": "CONTINUE"}'
    ep = FakeEndpoint([absent, good])
    d = ModelPolicy(ep, render=render).act(task, _screen(), [])
    assert d.answer is not None and d.answer.args["control_label"] == "Bold" and d.invalid == 1
    assert "not among the candidates" in ep.seen[1][-1]["content"]  # the retry says why
    d = ModelPolicy(FakeEndpoint(["no json here", absent]), render=render).act(task, _screen(), [])
    assert d.answer is None and d.invalid == 2 and "not among the candidates" in d.error


def test_sampled_answers_for_many_prompts_are_valid_and_reproducible(tiny_tok):
    """lamkit.models.generate.constrained_texts (phase 4's sampling, offline evaluation)."""
    from lamkit.models.generate import constrained_texts

    model = tiny_model(tiny_tok, seed=4)
    rng = random.Random(8)
    cases = [(m, s) for m, s in ((_messages(rng), random_space(rng)) for _ in range(6)) if usable_functions(s)][:3]
    prompts, spaces = [m for m, _ in cases], [s for _, s in cases]
    settings = DecodingSettings(max_thought_tokens=8, max_plan_item_tokens=6, max_text_tokens=6)
    a = constrained_texts(model, tiny_tok, prompts, spaces, n=3, temperature=1.0, seed=1, settings=settings)
    assert [len(x) for x in a] == [3] * len(cases)
    for texts, space in zip(a, spaces):
        for t in texts:
            _valid(t, space)
    assert a == constrained_texts(model, tiny_tok, prompts, spaces, n=3, temperature=1.0, seed=1, settings=settings)
    assert len({t for texts in a for t in texts}) > len(cases)  # sampling varies the answers


def test_a_span_never_runs_into_a_dead_end(tiny_tok):
    """Paragraphs that end in punctuation or brackets: a span that has read past the last
    word end could never close. Hot sampling over many seeds walks such paths."""
    space = ActionSpace(functions={"select_text": ["control_label", "text"]}, controls=["Document"],
                        doc_spans=["Approved in March.", "(draft) e.g. …", '"Q3" — done!'], fields=["function", "args"])
    dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=9), tiny_tok)
    msgs = _messages(random.Random(2))
    texts = {parse_answer(dec.decode(msgs, space, temperature=3.0, seed=s).text).args["text"] for s in range(40)}
    assert texts <= {"Approved", "Approved in", "Approved in March", "in", "in March", "March", "draft", "draft) e.g",
                     "draft) e", "e.g", "e", "g", "Q3", 'Q3" — done', "done"}
    assert len(texts) >= 4


def test_select_text_chooses_only_among_the_target_options(tiny_tok):
    """With target options (lamkit.agent.targets), select_text writes one of them whole,
    a paragraph option included, never another span of the document."""
    docs = ["Sales grew by five percent in Q3.", "Costs fell."]
    targets = ["five", "Sales grew by five percent in Q3.", "Costs"]
    space = ActionSpace(functions={"select_text": ["control_label", "text"]}, controls=["Document"], doc_spans=docs,
                        targets=targets, fields=["function", "args", "status"])
    seen = set()
    for seed in range(6):
        dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=seed), tiny_tok)
        out = dec.decode(_messages(random.Random(seed)), space, temperature=1.5, seed=seed)
        _valid(out.text, space)
        seen.add(parse_answer(out.text).args["text"])
    assert seen <= set(targets) and len(seen) >= 2
    assert space.violation("select_text", {"control_label": "Document", "text": "grew"}) is not None


def test_a_value_hint_steers_an_open_typed_span_and_only_a_hint_does(tiny_tok):
    """With no request values the typed text is an open span (or a key chord): the value hint
    (the exemplar's key chord) wins at a strong weight, for every random model; without it the
    models type other things."""
    space = ActionSpace(functions={"keyboard_input": ["control_label", "keys"]}, controls=["Document"],
                        text_sources=["Add a page break in front of the sign-off.", "Yours sincerely, Maria"],
                        key_chords=list(KEY_CHORDS), hints={"value": "{HOME}"}, fields=["function", "args"])
    hinted, free = set(), set()
    for seed in range(6):
        msgs = _messages(random.Random(seed))
        strong = ConstrainedDecoder(tiny_model(tiny_tok, seed=seed), tiny_tok, DecodingSettings(hint_weight=50.0))
        out = strong.decode(msgs, space)
        _valid(out.text, space)
        hinted.add(parse_answer(out.text).args["keys"])
        off = ConstrainedDecoder(tiny_model(tiny_tok, seed=seed), tiny_tok, DecodingSettings(hint_weight=0.0))
        free.add(parse_answer(off.decode(msgs, space).text).args["keys"])
    assert hinted == {"{HOME}"}
    assert free != {"{HOME}"}


def test_a_space_without_the_click_modifiers_never_writes_one(tiny_tok):
    """Sampling an untrained model hot: with every optional argument on offer some clicks come out
    with ``button``/``double`` (the test can see one); with the fitted arguments none does."""
    from lamkit.agent.action_space import fitted_functions

    base = dict(controls=CONTROLS[:6], doc_spans=["Sales grew"], text_sources=["Make Sales bold"],
                key_chords=["{ENTER}"], fields=["function", "args", "status"])
    dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=1), tiny_tok)
    modifiers = {}
    for name, functions in (("every", fitted_functions(None)), ("fitted", fitted_functions({}))):
        space = ActionSpace(functions={"click_input": functions["click_input"]}, **base)
        args = [parse_answer(dec.decode(_messages(random.Random(s)), space, temperature=2.0, seed=s).text).args
                for s in range(12)]
        modifiers[name] = sum(("button" in a or "double" in a) for a in args)
    assert modifiers["every"] > 0
    assert modifiers["fitted"] == 0


def test_a_hint_weighs_only_its_canonical_tokens_while_on_them():
    """SmolLM2 spells the key-chord hint ``{F12}`` `` "{`` ``F`` ``12`` ``}"},`` (as in training).
    Weighing every token that keeps to it also weighed `` "`` (which opens a typed word; after
    it ``{`` alone is a split the model never saw): the hint must weigh `` "{`` and not `` "``,
    and once a decoder is off the canonical path, any token that keeps to the hint counts."""
    from lamkit.agent.decoding.pieces import Writer, _hinted
    from lamkit.agent.decoding.vocab import vocab_for
    from lamkit.models.backbone import smollm2_tokenizer

    vocab = vocab_for(smollm2_tokenizer())
    want = b' "{F12}"'
    first = vocab.bytes[vocab.encode(' "{F12}"},')[0]]
    assert first == b' "{'  # the premise: the canonical first token takes the brace
    path = Writer(session=None, vocab=vocab)._canonical_ends(want, ["},", "}"])
    assert 3 in path and 2 not in path
    assert _hinted(b"", b' "{', want, path)
    assert not _hinted(b"", b' "', want, path)
    assert not _hinted(b"", b' "b', want, path)  # not on the way to the hint at all
    assert _hinted(b' "', b"{", want, path)  # off the path: keeping to the hint is enough
    assert _hinted(b' "{F12', b'}"},', want, path)  # into the tail


def test_a_hinted_step_that_names_no_control_steers_the_answer_to_name_none(tiny_tok):
    """The exemplar typed into the box that had the focus (a comment): ``hint_skips`` weighs leaving
    ``keyboard_input``'s optional control out, for every random model at a strong weight; without
    it the same models name a control in some answers. Another function is not steered."""
    base = dict(functions={"keyboard_input": ["control_label", "keys"], "click_input": ["control_label"]},
                controls=["Document", "Insert", "Right"], text_sources=["Add the comment Check this"],
                key_chords=list(KEY_CHORDS), fields=["function", "args"])
    steered, free = [], []
    for seed in range(6):
        msgs = _messages(random.Random(seed))
        dec = ConstrainedDecoder(tiny_model(tiny_tok, seed=seed), tiny_tok, DecodingSettings(hint_weight=50.0))
        hinted = ActionSpace(hints={"function": "keyboard_input"}, hint_skips=["control_label"], **base)
        a = parse_answer(dec.decode(msgs, hinted).text)
        _valid(dec.decode(msgs, hinted).text, hinted)
        steered.append(a.function == "keyboard_input" and "control_label" not in a.args)
        plain = ActionSpace(hints={"function": "keyboard_input"}, **base)
        free.append("control_label" in parse_answer(dec.decode(msgs, plain).text).args)
    assert all(steered)
    assert any(free)

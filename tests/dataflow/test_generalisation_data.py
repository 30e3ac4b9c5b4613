"""Data that teaches generalisation, not templates: ≥ 8 phrasings per family, targets named
four ways (quoted, position, role, description) and always selected the same canonical way,
compound tasks, varied templates; and, live, the expert doing positional and compound tasks."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from lamkit.dataflow.compound import SLOTS, pairs, sample_compound, solution
from lamkit.dataflow.families import BY_NAME, FAMILIES, REF_KINDS
from lamkit.dataflow.phrasings import CLAUSES, CONNECTIVES, PHRASINGS, QUOTED_WORD
from lamkit.dataflow.split import SPLIT
from lamkit.dataflow.templates import KINDS, Template, build_catalog


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return build_catalog(tmp_path_factory.mktemp("tpl"), per_kind=3)


def _pool(catalog, fam):
    return [t for t in catalog if fam.fits(t)]


def handmade() -> Template:
    return Template(name="memo-x", path="memo-x.docx", kind="memo", description="", paragraphs=[
        "Office notice", "Background", "The kitchen on the second floor will be renovated.", "Update your password",
        "Clear your desk on Friday", "Contact", "Questions can be sent to the facilities team.", "Visitors must sign in at reception."],
        roles=["title", "heading", "body", "item", "item", "heading", "body", "body"],
        styles=["Title", "Heading 1", "", "List Bullet", "List Bullet", "Heading 1", "", ""], number=0)


# ----------------------------------------------------------------------------- phrasings
def test_every_family_has_eight_distinct_phrasings_and_imperative_clauses():
    assert set(PHRASINGS) == set(BY_NAME)
    for f in FAMILIES:
        assert len(f.requests) >= 8 and len(set(f.requests)) == len(f.requests), f.name
        assert SPLIT.phrasings(len(f.requests), "test") and SPLIT.phrasings(CLAUSES, "test")
        for r in f.requests[:CLAUSES]:  # compounds turn these into clauses
            assert r[0].isupper() and r.endswith(".") and r.split()[0] not in ("Please", "Could", "Can", "I", "I'd"), (f.name, r)
        if f.target != "none" and f.name != "find_replace":
            assert all("{ref}" in r or "{Ref}" in r for r in f.requests), f.name
    assert len(CONNECTIVES) >= 8
    # parameters said in words somewhere: "double", "level-two", "two and a half centimetres"
    assert any("{spacing_words}" in r for r in PHRASINGS["line_spacing"]) and any("{cm_words}" in r for r in PHRASINGS["indent"])
    assert any("level-two" in r for r in PHRASINGS["heading2"])


def test_every_phrasing_renders_for_every_way_of_naming_the_target(catalog):
    rng = random.Random(0)
    seen: Counter = Counter()
    for f in FAMILIES:
        for tpl in _pool(catalog, f):
            for kind in f.refs or (None,):
                try:
                    p = f.sample(tpl, rng, ref_kind=kind)
                except ValueError:
                    continue  # this template has no target the family may take
                seen[(f.name, p["target_ref"])] += 1
                for i, r in enumerate(f.requests):
                    text = r.format(**p)  # no KeyError
                    assert "{" not in text and "}" not in text, (f.name, i, text)
                    if "ref" in p and ("{ref}" in r or "{Ref}" in r):
                        assert p["ref"].lower() in text.lower()
    for f in FAMILIES:
        kinds = {k for (n, k) in seen if n == f.name}
        want = set(f.refs) if f.target != "none" else {"none"}
        assert kinds == want, (f.name, kinds, want)
    assert set(BY_NAME["align_center"].refs) == set(REF_KINDS)


def test_spoken_parameters():
    rng = random.Random(3)
    tpl = handmade()
    p = BY_NAME["indent"].sample(tpl, rng)
    assert p["cm_words"].endswith(("centimetre", "centimetres")) and float(p["mm"]) == float(p["cm"]) * 10
    for cm, words in (("2.5", "two and a half centimetres"), ("1", "one centimetre"), ("1.5", "one and a half centimetres")):
        from lamkit.dataflow.phrasings import spoken

        assert spoken("cm", cm)["cm_words"] == words
    assert {BY_NAME["line_spacing"].sample(tpl, random.Random(s))["spacing_words"] for s in range(20)} == {"double", "one and a half"}


# ----------------------------------------------------------------------------- references
def test_positional_and_role_references_name_the_right_paragraph():
    t = handmade()
    refs = {i: t.paragraph_refs(i) for i in range(len(t.paragraphs))}
    assert "the title" in refs[0]["role"]
    assert refs[1]["role"] == ["the first heading"] and "the last heading" in refs[5]["role"]
    # "the Nth paragraph" counts every paragraph but the title and headings (list items count)
    assert "the first paragraph" in refs[2]["position"] and "the second paragraph" in refs[3]["position"]
    assert "the third paragraph" in refs[4]["position"] and "the fifth paragraph" in refs[7]["position"]
    assert "the last paragraph" in refs[7]["position"] and "the second-to-last paragraph" in refs[6]["position"]
    assert "the second item of the list" in refs[4]["position"] and "the last item of the list" in refs[4]["position"]
    assert 'the heading "Contact"' in refs[5]["quoted"]
    assert "the paragraph about the kitchen" in refs[2]["description"]  # a noun found in that paragraph only
    assert "the paragraph about facilities" in refs[6]["description"]
    assert t.word_refs("Visitors") == ["the first word of the fifth paragraph"]
    assert "the last word of the title" in t.word_refs("notice")
    assert t.anchor(2) == "The kitchen" and t.anchor(6) == "Questions"


def test_no_reference_names_two_paragraphs_and_anchors_are_unique_prefixes(catalog):
    for t in catalog:
        owner: dict[str, int] = {}
        for i in range(len(t.paragraphs)):
            for kind, phrases in t.paragraph_refs(i).items():
                for ph in phrases:
                    assert owner.setdefault(ph, i) == i, (t.name, ph, owner[ph], i)
            a = t.anchor(i)
            if a is not None:
                assert t.paragraphs[i].startswith(a) and t.full_text().count(a) == 1, (t.name, a)
        for w in t.words():  # words(): each occurs once in the document, table cells included
            assert len(re.findall(rf"\b{w}\b", t.full_text())) == 1


def test_the_selection_is_canonical_whatever_names_the_target(catalog):
    rng = random.Random(5)
    by_kind: Counter = Counter()
    for _ in range(400):
        f = rng.choice([f for f in FAMILIES if f.target == "paragraph"])
        tpl = rng.choice(_pool(catalog, f))
        task = f.make_task(tpl, rng)
        p = task.params
        by_kind[p["target_ref"]] += 1
        assert p["word"] == tpl.anchor(p["para_index"])  # the same selection for every reference kind
        assert task.plan[0].function == "select_text" and task.plan[0].args["text"] == p["word"]
    assert set(by_kind) == set(REF_KINDS) and min(by_kind.values()) > 30, by_kind
    words = [BY_NAME["bold"].make_task(rng.choice(catalog), rng) for _ in range(200)]
    assert {t.params["target_ref"] for t in words} == {"quoted", "position"}
    for t in words:
        assert t.plan[0].args["text"] == t.params["word"]
        if t.params["target_ref"] == "quoted":
            assert t.params["ref"] in [q.format(w=t.params["word"]) for q in QUOTED_WORD]


def test_families_never_target_what_the_template_already_has(catalog):
    rng = random.Random(7)
    for _ in range(300):
        f = rng.choice([f for f in FAMILIES if f.target == "paragraph"])
        tpl = rng.choice(_pool(catalog, f))
        p = f.sample(tpl, rng)
        i = p["para_index"]
        if f.name.startswith("heading") or f.name == "title_style":
            assert tpl.styles[i] != {"heading1": "Heading 1", "heading2": "Heading 2", "heading3": "Heading 3", "title_style": "Title"}[f.name]
        if f.name in ("bullets", "numbering", "indent"):
            assert tpl.roles[i] != "item"
        if f.name == "page_break":
            assert i > 0


# ----------------------------------------------------------------------------- templates
def test_templates_are_varied(catalog):
    assert len(KINDS) >= 12 and {"agenda", "newsletter", "cover_letter", "faq", "release_notes"} <= set(KINDS)
    assert all(t.roles[0] == "title" and t.styles[0] == "Title" for t in catalog)
    assert all(3 <= len(t.paragraphs) - 1 <= 9 for t in catalog), Counter(len(t.paragraphs) - 1 for t in catalog)
    styles = Counter(s for t in catalog for s in t.styles)
    assert styles["Heading 1"] and styles["Heading 2"] and styles["List Bullet"] and styles["List Number"]
    assert sum(1 for t in catalog if "heading" in t.roles) >= len(catalog) // 3
    assert {t.path.rsplit(".", 1)[1] for t in catalog} == {"docx", "odt"}
    assert len({tuple(t.paragraphs) for t in catalog}) == len(catalog)
    assert len(Counter(len(t.paragraphs) for t in catalog)) >= 5


# ----------------------------------------------------------------------------- compounds
def test_compound_tasks_join_two_families(catalog):
    from lamkit.dataflow.checkers import combine

    rng = random.Random(11)
    shapes: Counter = Counter()
    for _ in range(150):
        t = sample_compound(rng.choice([c for c in catalog if c.kind != "table"]), rng)
        if t is None:
            continue
        a, b = t.params["families"]
        shapes[t.params["compound"]] += 1
        assert t.family == f"{a}+{b}" and t.params["target_ref"] in REF_KINDS + ("none",)
        pa, pb = t.params["parts"]
        ta = BY_NAME[a].make_task(next(c for c in catalog if c.path == t.template), rng, t.split, p=pa, phrasing=pa["phrasing"])
        tb = BY_NAME[b].make_task(next(c for c in catalog if c.path == t.template), rng, t.split, p=pb, phrasing=pb["phrasing"])
        assert t.checker == combine(ta.checker, tb.checker)  # the combination of both checkers
        assert t.plan == ta.plan[:-1] + tb.plan and [s.function for s in t.plan].count("finish") == 1
        if t.params["compound"] in ("same_word", "same_paragraph", "whole_paragraph"):
            assert " it" in t.request  # the second clause refers back to the shared target
        if t.params["compound"] == "whole_paragraph":
            tpl = next(c for c in catalog if c.path == t.template)
            assert pa["word"] == pa["paragraph"] and pb["word"] == tpl.anchor(pb["para_index"])
        if t.params["compound"] == "two_targets":  # each clause names its own target, in another paragraph
            tpl = next(c for c in catalog if c.path == t.template)
            held = [next(i for i, x in enumerate(tpl.paragraphs) if p["word"] in x) if p.get("para_index") is None
                    else p["para_index"] for p in (pa, pb)]
            assert held[0] != held[1] and pa["ref"] in t.request and pb["ref"] in t.request
            assert SLOTS.get(a, a) != SLOTS.get(b, b)  # different properties: neither undoes the other's pins
    assert set(shapes) == {"same_word", "same_paragraph", "whole_paragraph", "independent", "two_targets"}
    allowed = pairs()
    assert ("align_center", "justify") not in allowed["same_paragraph"] and ("bullets", "indent") not in allowed["same_paragraph"]
    assert ("bold", "align_center") in allowed["whole_paragraph"]


# ----------------------------------------------------------------------------- live
@pytest.mark.writer
def test_live_templates_positional_and_compound_tasks(catalog):
    """In real Writer: the templates' styles read back as generated (both formats); the expert
    does positional-reference and compound tasks and their checkers pass; a compound's checker
    fails when only its first part is done."""
    from lamkit.agent.heuristic import HeuristicExpert
    from lamkit.agent.loop import run_episode
    from lamkit.dataflow.checkers import evaluate
    from lamkit.dataflow.compound import make_compound
    from lamkit.dataflow.families import UNO_PRELUDE
    from lamkit.envs.writer import WriterEnv

    rng = random.Random(21)
    env = WriterEnv()
    try:
        checked = set()
        for tpl in [t for t in catalog if t.kind in ("memo", "newsletter", "agenda", "release_notes")][:6]:
            task = BY_NAME["bold"].make_task(tpl, rng)
            env.reset(task)
            st = env.state()
            body = [p for p in st.paragraphs if p.text.strip()]
            assert [p.text for p in body] == tpl.paragraphs, tpl.name
            for p, role, style in zip(body, tpl.roles, tpl.styles):
                if role == "title":
                    assert p.style == "Title" and p.alignment == "left" and not any(r.bold for r in p.runs), tpl.name
                elif role == "heading":
                    assert p.style == style, (tpl.name, p.style, style)
                elif role == "item":
                    assert p.list_type == ("bullet" if style == "List Bullet" else "number"), (tpl.name, p.list_type)
                else:
                    assert p.list_type is None and not p.style.startswith("Heading")
            checked.add(tpl.path.rsplit(".", 1)[1])
        assert checked == {"docx", "odt"}

        tasks = []
        for fam, kind in (("align_right", "position"), ("line_spacing", "role"), ("italic", "position"), ("bullets", "description")):
            f = BY_NAME[fam]
            for _ in range(50):
                tpl = rng.choice(_pool(catalog, f))
                p = f.sample(tpl, rng, ref_kind=kind)
                if p["target_ref"] == kind:
                    tasks.append(f.make_task(tpl, rng, p=p))
                    break
        title_tpl = next(t for t in catalog if t.kind == "report" and t.path.endswith(".odt"))
        compounds = []
        for shape, a, b in (("whole_paragraph", "bold", "align_center"), ("same_word", "italic", "underline"),
                            ("same_paragraph", "heading2", "justify"), ("independent", "highlight", "footer_text"),
                            ("two_targets", "bold", "align_right")):
            for _ in range(50):
                t = make_compound(shape, a, b, title_tpl if shape == "whole_paragraph" else rng.choice(catalog[:30]), rng)
                if t is not None and t.template.endswith(("docx", "odt")) and "table" not in t.template:
                    compounds.append(t)
                    break
        assert len(tasks) == 4 and len(compounds) == 5
        for task in tasks + compounds:
            traj = run_episode(env, task, HeuristicExpert(), max_steps=14)
            v = evaluate(task.checker, env.state())
            assert v.success, (task.request, v.reason, [(s.action.function, s.result.message) for s in traj.steps])
        # the combination: the first part alone fails, both parts pass
        for t in compounds:
            a = t.params["families"][0]
            env.reset(t)
            env.run_uno(UNO_PRELUDE + BY_NAME[a].solution(t.params["parts"][0]))
            assert not evaluate(t.checker, env.state()).success, t.request
            env.reset(t)
            env.run_uno(solution(t))
            v = evaluate(t.checker, env.state())
            assert v.success, (t.request, v.reason)
    finally:
        env.close()

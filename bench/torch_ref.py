"""The DBMTL benchmark model in PyTorch on one CPU thread: the reference our trainer is
measured against. Reads the model spec (features, MLPs, tasks, graph) as JSON on stdin, as
bench/node/torchSpec.ts writes it, trains on random ids of the same shapes (speed does not
depend on the values), and prints one JSON line: parameter counts and samples/s per batch
size. Same arithmetic as our trainer: embedding lookups (tags sum-pooled with a mask), dense
-> (batch norm, where the project has it on; the demo's is off) -> ReLU layers, relation layers over the parents' relation outputs, sigmoid
cross-entropy / squared error, L2 on dense kernels, L2 on looked-up vectors, dense Adam
(torch's Adam, like TF1's, updates every row of a table each step).
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_ref.py < spec.json
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)
torch.manual_seed(7)


def mlp(units, use_bn, fan_in):
    layers = []
    for u in units:
        if u == 0:
            continue
        layers += [nn.Linear(fan_in, u)]
        if use_bn:
            layers += [nn.BatchNorm1d(u, eps=1e-3, momentum=0.01)]
        layers += [nn.ReLU()]
        fan_in = u
    return nn.Sequential(*layers), fan_in


class Dbmtl(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.features = spec["features"]
        self.tables = nn.ModuleDict()
        width = 0
        for f in self.features:
            if f["kind"] == "dense":
                width += 1
                continue
            if f["table"] not in self.tables:
                self.tables[f["table"]] = nn.Embedding(f["vocabSize"], f["embeddingDim"])
            width += f["embeddingDim"]
        b = spec["bottom"]
        self.bottom, out = mlp(b["units"], b["useBn"], width)
        self.tasks = spec["tasks"]
        self.towers = nn.ModuleList()
        self.relations = nn.ModuleList()
        self.outputs = nn.ModuleList()
        rel_dims = []
        for t in self.tasks:
            tower, tower_out = mlp(t["dnn"]["units"], t["dnn"]["useBn"], out)
            rel_in = tower_out + sum(rel_dims[p] for p in t["parents"])
            relation, rel_out = mlp(t["relation"]["units"], t["relation"]["useBn"], rel_in)
            rel_dims.append(rel_out)
            self.towers.append(tower)
            self.relations.append(relation)
            self.outputs.append(nn.Linear(rel_out, 1))

    def forward(self, batch):
        parts, looked_up = [], []
        for f, x in zip(self.features, batch["inputs"]):
            if f["kind"] == "dense":
                parts.append(x)
            elif f["kind"] == "id":
                v = self.tables[f["table"]](x)
                parts.append(v)
                looked_up.append(v)
            else:
                ids, mask = x
                v = (self.tables[f["table"]](ids) * mask.unsqueeze(2)).sum(1)
                parts.append(v)
                looked_up.append(v)
        bottom = self.bottom(torch.cat(parts, 1))
        relations, logits = [], []
        for i, t in enumerate(self.tasks):
            tower = self.towers[i](bottom)
            rel_in = torch.cat([tower] + [relations[p] for p in t["parents"]], 1)
            relations.append(self.relations[i](rel_in))
            logits.append(self.outputs[i](relations[-1]).squeeze(1))
        return logits, looked_up


def random_batch(spec, n):
    inputs = []
    for f in spec["features"]:
        if f["kind"] == "dense":
            inputs.append(torch.rand(n, 1))
        elif f["kind"] == "id":
            inputs.append(torch.randint(0, f["vocabSize"], (n,)))
        else:
            inputs.append((torch.randint(0, f["vocabSize"], (n, f["maxItems"])), torch.ones(n, f["maxItems"])))
    labels = [torch.randint(0, 2, (n,)).float() for _ in spec["tasks"]]
    return {"inputs": inputs, "labels": labels}


def loss_of(model, spec, batch):
    logits, looked_up = model(batch)
    total = 0.0
    for t, z, y in zip(spec["tasks"], logits, batch["labels"]):
        if t["binary"]:
            task = nn.functional.binary_cross_entropy_with_logits(z, y)
        else:
            task = ((z - y) ** 2).mean()
        total = total + t["weight"] * task
    kernels = [m.weight for m in model.modules() if isinstance(m, nn.Linear)]
    total = total + 0.5 * spec["l2"] * sum((w * w).sum() for w in kernels)
    total = total + 0.5 * spec["embeddingReg"] * sum((v * v).sum() for v in looked_up)
    return total


def throughput(spec, batch_size, budget_s):
    model = Dbmtl(spec)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    batches = [random_batch(spec, batch_size) for _ in range(4)]

    def step(i):
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, spec, batches[i % len(batches)])
        loss.backward()
        opt.step()
        return float(loss)

    t0 = time.perf_counter()
    step(0)
    warm_up = time.perf_counter() - t0
    start = time.perf_counter()
    steps = 0
    while steps < 3 or time.perf_counter() - start < budget_s:
        step(steps + 1)
        steps += 1
    seconds = time.perf_counter() - start
    params = {"embedding": sum(p.numel() for p in model.tables.parameters())}
    params["total"] = sum(p.numel() for p in model.parameters())
    params["dense"] = params["total"] - params["embedding"]
    return {"batchSize": batch_size, "samplesPerSecond": steps * batch_size / seconds,
            "measuredSteps": steps, "warmUpMs": warm_up * 1000, "params": params}


def loaded_blas():
    """The BLAS library this process actually mapped (torch reaches it through libblas.so.3,
    which Debian points at OpenBLAS or at the slow reference BLAS), or "unknown"."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return "unknown"
    # OpenBLAS's own library first: Debian's libblas.so.3 may be a thin file beside it.
    blas = sorted((p for p in paths if "blas" in os.path.basename(p).lower()),
                  key=lambda p: ("openblas" not in os.path.basename(p).lower(), p))
    return blas[0] if blas else "unknown"


def main():
    spec = json.load(sys.stdin)
    runs = [throughput(spec, b, spec["budgetSeconds"]) for b in spec["batchSizes"]]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": loaded_blas(),
                      "runs": runs}))


if __name__ == "__main__":
    main()

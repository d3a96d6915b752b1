#!/usr/bin/env python3
"""Independent recomputation of report.json's `structure` (docs/metrics.md "Structure - the Moltbook
twin") from a run's events.ndjson with numpy, scipy and networkx - no Murmur code. Prints each value
beside report.json's and exits 1 when a deterministic statistic differs by more than 1e-6.
Louvain (community Jaccard) is randomised in both implementations: it is shown, not checked.
rewardEventDrift needs the report's text embedder and is not recomputed.

usage: python3 bench/structure-check.py RUN_DIR
"""
import json, math, re, sys
from collections import Counter, defaultdict
import numpy as np
import networkx as nx
from scipy.special import zeta
from scipy.optimize import minimize_scalar
from scipy import stats

run = sys.argv[1]
posts, comments, votes, probe_posts = {}, [], [], set()
max_round = 0
for line in open(f"{run}/events.ndjson"):
    e = json.loads(line)
    max_round = max(max_round, e.get("round", 0))
    # Public probe posts and the comments under them are the experiment's instrument, not society
    # content (docs/metrics.md section 10): left out, as the analysis does.
    if e["type"] == "post" and e["agent"] == "murmur-probe":
        probe_posts.add(e["id"])
    elif e["type"] == "comment" and e["post"] in probe_posts:
        pass
    elif e["type"] == "post":
        posts[e["id"]] = dict(author=e["agent"], round=e["round"], text=f'{e["title"]} {e["content"]}')
    elif e["type"] == "comment":
        comments.append(dict(id=e["id"], author=e["agent"], round=e["round"], post=e["post"], parent=e["parent"], text=e["content"]))
    elif e["type"] == "vote":
        votes.append(e)
rounds = max_round + 1
by_id = dict(posts)
for c in comments: by_id[c["id"]] = c

ties = []  # (from, to, round), one per comment, no self-ties
for c in comments:
    t = by_id.get(c["parent"] or c["post"])
    if t is not None and t["author"] != c["author"]: ties.append((c["author"], t["author"], c["round"]))

def reciprocity(ts):
    s = {(a, b) for a, b, _ in ts}
    return sum((b, a) in s for a, b in s) / len(s) if s else None

def gini(x):
    x = np.sort(np.asarray(x, float)); n = len(x)
    return float((2 * np.sum(np.arange(1, n + 1) * x)) / (n * x.sum()) - (n + 1) / n)

replied = {c["parent"] for c in comments if c["parent"]}
depth = {}
for c in comments:
    d = 1 if c["parent"] is None else (depth[c["parent"]] + 1 if c["parent"] in depth else None)
    if d is not None: depth[c["id"]] = d
state = defaultdict(int)
for v in votes:
    if v["targetType"] == "post": state[(v["agent"], v["target"])] = v["value"]
up = Counter({p: 0 for p in posts})
for (voter, p), s in state.items():
    if s == 1 and p in up: up[p] += 1

def csn(counts, min_tail=50):
    xs = np.sort(np.array([c for c in counts if c >= 1], float)); best = None
    for xmin in np.unique(xs):
        t = xs[xs >= xmin]
        if len(t) < min_tail: break
        ls = np.log(t).sum(); n = len(t)
        a = minimize_scalar(lambda a: n * math.log(zeta(a, xmin)) + a * ls, bounds=(1.0001, 10), method="bounded", options={"xatol": 1e-9}).x
        D = max(abs((t <= x).mean() - (1 - zeta(a, x + 1) / zeta(a, xmin))) for x in np.unique(t))
        if best is None or D < best[1]: best = (a, D, xmin, n)
    return best

part = Counter([p["author"] for p in posts.values()] + [c["author"] for c in comments])
fit = csn(part.values())
texts = [p["text"] for p in posts.values()] + [c["text"] for c in comments]
dup = 1 - len({t.strip().lower() for t in texts}) / len(texts)

# attention decay: doubling age bins up to rounds // 2, comments over post-rounds at risk
max_age = rounds // 2; born = Counter(p["round"] for p in posts.values())
at_age = Counter(c["round"] - posts[c["post"]]["round"] for c in comments if c["post"] in posts)
def born_by(r): return sum(n for b, n in born.items() if b <= r)
xs_, ys_, ws_ = [], [], []
lo = 1
while lo <= max_age:
    hi = min(max_age, 2 * lo - 1); ages = range(lo, hi + 1)
    k = sum(at_age[a] for a in ages); risk = sum(born_by(rounds - 1 - a) for a in ages)
    if k > 0 and risk > 0: xs_.append(np.mean(np.log(list(ages)))); ys_.append(math.log(k / risk)); ws_.append(k)
    lo *= 2
# weighted least squares, each bin by its comments (np.polyfit weights residuals by sqrt(count))
decay = -np.polyfit(xs_, ys_, 1, w=np.sqrt(ws_))[0] if len(xs_) >= 3 else None

ncom = Counter(c["post"] for c in comments)
pts = [(math.log(ncom[p]), math.log(u)) for p, u in up.items() if u >= 1 and ncom[p] >= 1]
scaling = stats.linregress(*zip(*pts)).slope if len(pts) >= 10 else None

events = defaultdict(list)
for p in posts.values(): events[p["author"]].append(p["round"])
for c in comments: events[c["author"]].append(c["round"])
bs = []
for rs in events.values():
    rs = sorted(set(rs))  # a round's actions are one session
    if len(rs) < 5: continue
    g = np.diff(rs); m, s = g.mean(), g.std()
    if s + m > 0: bs.append((s - m) / (s + m))
burst = float(np.median(bs)) if bs else None

tok = re.compile(r"[a-z0-9@]+(?:[._'][a-z0-9]+)*")
words = {pid: set(tok.findall(p["text"].lower())) for pid, p in posts.items()}
words.update({c["id"]: set(tok.findall(c["text"].lower())) for c in comments})
df = Counter(w for ws in words.values() for w in ws)
maxdf = max(2, math.floor(0.01 * len(words)))
on_logged = [c for c in comments if c["post"] in posts]
none = sum(1 for c in on_logged if not any(2 <= df[w] <= maxdf for w in words[c["id"]] & words[c["post"]]))
vocab = none / len(on_logged) if on_logged else None

G = nx.DiGraph()
for a, b, _ in ties:
    G.add_edge(a, b, weight=G[a][b]["weight"] + 1 if G.has_edge(a, b) else 1)
h, au = nx.hits(G, max_iter=10000, tol=1e-12)
k = max(1, math.ceil(0.01 * G.number_of_nodes()))
top = lambda d: {n for n, _ in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:k]}
H, A = top(h), top(au)
overlap = len(H & A) / len(H | A)

# windows: 24 rounds when the run has >= 7 days, else max(6, rounds // 8)
size = 24 if rounds >= 7 * 24 else max(6, rounds // 8)
win = defaultdict(list)
for a, b, r in ties: win[r // size].append((a, b, r))
cj = []
parts = []
for w in range(math.ceil(rounds / size)):
    U = nx.Graph()
    for a, b, _ in win[w]: U.add_edge(a, b, weight=U[a][b]["weight"] + 1 if U.has_edge(a, b) else 1)
    parts.append({n: i for i, com in enumerate(nx.community.louvain_communities(U, weight="weight", seed=1)) for n in com} if U.number_of_edges() else {})
for w in range(len(parts) - 1):
    both = set(parts[w]) & set(parts[w + 1])
    if len(both) < 10: continue
    def groups(p):
        g = defaultdict(set)
        for n, c in p.items():
            if n in both: g[c].add(n)
        return list(g.values())
    today, tomorrow = groups(parts[w]), groups(parts[w + 1])
    tot = sum(len(c) for c in today)
    cj.append(sum(len(c) * max(len(c & o) / len(c | o) for o in tomorrow) for c in today) / tot)
community = float(np.mean(cj)) if cj else None

mine = {
    "reciprocity": reciprocity(ties), "noReplyShare": sum(c["id"] not in replied for c in comments) / len(comments),
    "meanThreadDepth": float(np.mean(list(depth.values()))), "upvoteGini": gini(list(up.values())),
    "postGini": gini(list(Counter(p["author"] for p in posts.values()).values())),
    "powerLawAlpha": fit[0] if fit else None, "duplicateShare": dup, "attentionDecayExponent": decay,
    "upvoteCommentScaling": scaling, "burstiness": burst, "communityJaccard": community,
    "vocabularyNoOverlapShare": vocab, "hubAuthorityOverlap": overlap,
}
report = json.load(open(f"{run}/report.json"))["metrics"]["structure"]
bad = 0
print(f"{'statistic':26} {'report.json':>12} {'independent':>12} {'difference':>11}")
for key, value in mine.items():
    theirs = report[key]
    diff = None if value is None or theirs is None else abs(value - theirs)
    tol = 1e-4 if key == "powerLawAlpha" else 1e-6
    checked = key != "communityJaccard"
    flag = "" if not checked else ("" if (diff is not None and diff <= tol) or (value is None and theirs is None) else "  MISMATCH")
    bad += bool(flag)
    fmt = lambda x: "-" if x is None else f"{x:.6f}"
    print(f"{key:26} {fmt(theirs):>12} {fmt(value):>12} {fmt(diff):>11}{flag}{'' if checked else '  (Louvain: shown, not checked)'}")
rf = report["powerLawFit"]
print(f"power-law fit: report x_min {rf and rf['xmin']} KS {rf and rf['ks']:.6f}; independent x_min {fit and fit[2]:.0f} KS {fit and fit[1]:.6f}")
rw = [reciprocity(win[w]) for w in range(math.ceil(rounds / size))]
same = all((a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9) for a, b in zip(rw, report["reciprocityByWindow"]))
print("reciprocity per window:", "same" if same else f"MISMATCH {rw} vs {report['reciprocityByWindow']}")
sys.exit(1 if bad or not same else 0)

#!/usr/bin/env python3
"""Independent measurement of the Moltbook-twin statistics of a run's events.ndjson.

Written from the definitions in bench/twin.md, not from Murmur's TypeScript, so that the two
implementations can be compared. Usage:

    python3 bench/twin/twin-stats.py RUN_DIR_OR_EVENTS_NDJSON [--json]

Content by the probe account (`murmur-probe`) and every comment under its posts is the
experiment's instrument, not society (docs/events.md), and is left out of the seven statistics;
the probe answer rates are read from the `probe` and `probeAnswer` events.
"""
import json
import math
import sys
from collections import Counter, defaultdict

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import zeta

PROBE_AUTHOR = "murmur-probe"
BANDS = {
    "reciprocity": (None, 0.08),
    "noReplyShare": (0.88, None),
    "meanThreadDepth": (None, 1.15),
    "upvoteGini": (0.93, None),
    "postGini": (0.50, 0.72),
    "alpha": (1.5, 2.1),
    "duplicateShare": (0.15, 0.50),
}
# A tail shorter than this is not fitted: with a handful of points the KS distance is small by
# chance and would pick an x_min in the extreme tail.
MIN_TAIL = 10


def author_of(item_id):
    return ".".join(item_id.split(".")[2:-1])


def gini(values):
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0 or x.sum() == 0:
        return None
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * x.sum()) - (n + 1) / n)


def fit_discrete(tail, xmin):
    """Discrete power-law MLE of alpha for x >= xmin (Clauset, Shalizi & Newman 2009, eq. 3.5)."""
    n = len(tail)
    log_sum = np.log(tail).sum()

    def nll(alpha):
        return n * math.log(zeta(alpha, xmin)) + alpha * log_sum

    res = minimize_scalar(nll, bounds=(1.0001, 8.0), method="bounded", options={"xatol": 1e-7})
    return float(res.x)


def ks_distance(tail, xmin, alpha):
    """Largest gap between the tail's empirical CDF and the fitted discrete CDF, over every integer."""
    xs = np.arange(xmin, int(tail.max()) + 1)
    model_cdf = 1 - zeta(alpha, xs + 1) / zeta(alpha, xmin)
    counts = np.bincount(tail - xmin, minlength=len(xs))
    emp_cdf = np.cumsum(counts) / len(tail)
    return float(np.abs(emp_cdf - model_cdf).max())


def power_law(activity):
    x = np.asarray([v for v in activity if v >= 1], dtype=np.int64)
    best = None
    for xmin in np.unique(x):
        tail = x[x >= xmin]
        if len(tail) < MIN_TAIL:
            break
        alpha = fit_discrete(tail, int(xmin))
        d = ks_distance(tail, int(xmin), alpha)
        if best is None or d < best["ksD"]:
            best = {"alpha": alpha, "xmin": int(xmin), "ksD": d, "tail": int(len(tail))}
    return best


def read_events(path):
    posts, comments, votes = {}, {}, {}
    probes, answers = [], []
    deleted, agents = set(), set()
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            t = e["type"]
            if t == "agent":
                agents.add(e["agent"])
            elif t == "post":
                posts[e["id"]] = {"author": e["agent"], "text": f"{e['title']} {e['content']}", "round": e["round"]}
            elif t == "comment":
                comments[e["id"]] = {"author": e["agent"], "post": e["post"], "parent": e["parent"], "text": e["content"]}
            elif t == "vote" and e["targetType"] == "post":
                votes[(e["agent"], e["target"])] = e["value"]
            elif t == "delete":
                deleted.add(e["target"])
            elif t == "probe":
                probes.append(e)
            elif t == "probeAnswer":
                answers.append(e)
    return {"posts": posts, "comments": comments, "votes": votes, "probes": probes, "answers": answers, "deleted": deleted, "agents": agents}


def society(posts, comments, deleted):
    """Posts and comments of the society: the probe instrument and deleted items left out."""
    social_posts = {i: p for i, p in posts.items() if p["author"] != PROBE_AUTHOR and i not in deleted}
    social_comments = {i: c for i, c in comments.items() if c["post"] in social_posts and i not in deleted}
    return social_posts, social_comments


def depth_of(cid, comments, memo):
    chain = []
    while cid not in memo:
        chain.append(cid)
        parent = comments[cid]["parent"]
        if parent is None or parent not in comments:
            memo[cid] = 1
            chain.pop()
            break
        cid = parent
    d = memo[cid]
    for c in reversed(chain):
        d += 1
        memo[c] = d
    return memo


def structure(posts, comments, votes):
    ties = set()
    replied = set()
    for c in comments.values():
        if c["parent"] is None:
            target = posts[c["post"]]["author"]
        else:
            replied.add(c["parent"])
            target = comments[c["parent"]]["author"] if c["parent"] in comments else author_of(c["parent"])
        if target != c["author"]:
            ties.add((c["author"], target))
    reciprocity = sum(1 for a, b in ties if (b, a) in ties) / len(ties) if ties else None
    no_reply = sum(1 for cid in comments if cid not in replied) / len(comments) if comments else None

    memo = {}
    for cid in comments:
        if cid not in memo:
            depth_of(cid, comments, memo)
    mean_depth = float(np.mean([memo[c] for c in comments])) if comments else None

    upvotes = Counter(target for (voter, target), value in votes.items() if value == 1 and target in posts)
    upvote_gini = gini([upvotes.get(p, 0) for p in posts])

    per_author = Counter(p["author"] for p in posts.values())
    post_gini = gini(list(per_author.values()))

    activity = Counter(per_author)
    activity.update(c["author"] for c in comments.values())
    law = power_law(list(activity.values()))

    texts = [p["text"] for p in posts.values()] + [c["text"] for c in comments.values()]
    duplicate = (len(texts) - len({t.strip().lower() for t in texts})) / len(texts) if texts else None
    return {
        "reciprocity": reciprocity,
        "noReplyShare": no_reply,
        "meanThreadDepth": mean_depth,
        "upvoteGini": upvote_gini,
        "postGini": post_gini,
        "alpha": law["alpha"] if law else None,
        "alphaXmin": law["xmin"] if law else None,
        "alphaKsD": law["ksD"] if law else None,
        "alphaTail": law["tail"] if law else None,
        "duplicateShare": duplicate,
        "posts": len(posts),
        "comments": len(comments),
        "ties": len(ties),
        "agentsActive": len(activity),
    }


def probe_rates(posts, agents, probes, answers):
    """Answered and valid shares as docs/metrics.md section 10 defines them: an answer is valid when
    it names an agent of the log or a post that existed at the answer's round."""
    by_probe = defaultdict(list)
    for a in answers:
        by_probe[a["probe"]].append(a)
    out = {}
    for mode in ("private", "public"):
        chosen = [p for p in probes if p["mode"] == mode]
        asked = sum(len(p["targets"]) for p in chosen)
        answered_targets = sum(len({a["agent"] for a in by_probe[p["id"]]} & set(p["targets"])) for p in chosen)
        replies = [a for p in chosen for a in by_probe[p["id"]]]
        valid = 0
        for a in replies:
            ok_posts = [x for x in a["posts"] if x in posts and posts[x]["round"] <= a["round"]]
            ok_agents = [x for x in a["agents"] if x in agents]
            if ok_posts or ok_agents:
                valid += 1
        answered_posts = sum(1 for p in chosen if by_probe[p["id"]])
        out[mode] = {
            "probes": len(chosen),
            "asked": asked,
            "answeredTargets": answered_targets,
            "answeredProbes": answered_posts,
            "replies": len(replies),
            "validReplies": valid,
            "answeredShare": (answered_targets / asked if asked else None) if mode == "private" else (answered_posts / len(chosen) if chosen else None),
            "validShare": valid / len(replies) if replies else None,
        }
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = args[0]
    if not path.endswith(".ndjson"):
        path = path.rstrip("/") + "/events.ndjson"
    log = read_events(path)
    social_posts, social_comments = society(log["posts"], log["comments"], log["deleted"])
    stats = structure(social_posts, social_comments, log["votes"])
    stats["probes"] = probe_rates(log["posts"], log["agents"], log["probes"], log["answers"])
    inside = 0
    for name, (low, high) in BANDS.items():
        v = stats[name]
        ok = v is not None and (low is None or v >= low) and (high is None or v <= high)
        stats[name + "In"] = ok
        inside += ok
    stats["inBand"] = inside
    if "--json" in sys.argv:
        print(json.dumps(stats, indent=1))
        return
    for name in BANDS:
        v = stats[name]
        print(f"{name:16s} {v if v is None else round(v, 4)!s:>8}  {'in' if stats[name + 'In'] else 'OUT'}")
    print(f"alpha x_min {stats['alphaXmin']}  KS D {stats['alphaKsD']:.4f}  tail {stats['alphaTail']}")
    print(f"in band {inside}/7; posts {stats['posts']} comments {stats['comments']} ties {stats['ties']}")
    for mode, r in stats["probes"].items():
        print(f"probes {mode}: {json.dumps(r)}")


if __name__ == "__main__":
    main()

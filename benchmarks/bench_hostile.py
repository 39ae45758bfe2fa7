"""Hostile load on ``smpgraph serve`` (issue 14): runaway queries while a client does point lookups.

Starts ``smpgraph serve`` on the bundled knowledge graph on disk (a 2 s deadline), then sends ``--runaways``
runaway queries (cross joins, sorts over them, deep property paths, string aggregates over them) from
``--attackers`` client threads, while one client sends point lookups back to back. Prints:

* the lookups' p50 and p99 before and during the attack, and their errors;
* every runaway's status and time to answer;
* the resident set of the server and all its processes (workers, fork server), sampled every 0.25 s,
  summed (RSS, which counts pages shared between processes once per process, and PSS, which does not);
* slots: worker processes killed and replaced, and the most workers busy beyond the runaways still within
  their deadline + 1 s (a slot held past its deadline shows up there);
* whether the server process lived through it.

Each figure is printed beside its target with PASS or MISS. The machine is shared: read the load average.

    python -m benchmarks.bench_hostile [--runaways 100] [--attackers 4] [--deadline 2] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests

from benchmarks.bench_server import free_port, wait_ready
from smpgraph.config import Settings

RUNAWAYS = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT ?x ?y WHERE { ?x (!<urn:none>|^!<urn:none>)* ?y } ORDER BY ?y LIMIT 1",
    "SELECT (GROUP_CONCAT(STR(?c)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }",
)
POINT = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
PARTNERSHIP = (
    "PREFIX smp: <https://w3id.org/smpgraph/ontology#> "
    "SELECT ?a WHERE { ?a a smp:SkillsMobilityPartnership } ORDER BY ?a LIMIT 1"
)
JSON = {"Accept": "application/sparql-results+json"}
SAMPLE_S = 0.25


@dataclass
class Answer:
    started: float
    seconds: float
    status: int


@dataclass
class Observations:
    """What the sampler saw."""

    rss: list[tuple[float, int, int]] = field(default_factory=list)  # (time, RSS bytes, PSS bytes)
    workers_seen: set[int] = field(default_factory=set)
    workers_ended: set[int] = field(default_factory=set)
    overheld: int = 0  # the most busy workers beyond the runaways within their deadline + 1 s and the lookups
    server_died_at: float | None = None


def process_tree(root: int) -> dict[int, list[int]]:
    """The children of ``root`` and of every process under it (from ``/proc``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    tree, pending = {}, [root]
    while pending:
        pid = pending.pop()
        tree[pid] = children.get(pid, [])
        pending.extend(tree[pid])
    return tree


def age_s(pid: int) -> float:
    """Seconds since the process started."""
    try:
        started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return 0.0
    return uptime - started / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes, 0 when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in lines[1:] if line.split()[1].isdigit()}
    return values.get("Rss", 0), values.get("Pss", 0)


def cpu_ticks(pid: int) -> int:
    """CPU time of a running process in clock ticks (-1 once it has ended, zombies included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return -1 if fields[0] in "ZX" else int(fields[11]) + int(fields[12])


def sample(server: subprocess.Popen[bytes], stop: threading.Event, runaways: list[Answer], inflight: dict[int, float],
           deadline: float, seen: Observations) -> None:  # fmt: skip
    """Every SAMPLE_S: memory of the server's tree, workers busy (their CPU time grew) against what may be busy."""
    ticks: dict[int, int] = {}
    previous = time.monotonic()
    while not stop.is_set():
        now = time.monotonic()
        if server.poll() is not None and seen.server_died_at is None:
            seen.server_died_at = now
        tree = process_tree(server.pid)
        totals = [memory(pid) for pid in tree]
        seen.rss.append((now, sum(r for r, _ in totals), sum(p for _, p in totals)))
        # the query workers are the children of the fork server, the server's child that has children
        workers = {pid for child in tree[server.pid] for pid in tree.get(child, [])}
        seen.workers_ended |= seen.workers_seen - workers
        seen.workers_seen |= workers
        busy = 0
        for pid in workers:
            current = cpu_ticks(pid)
            if pid in ticks and current > ticks[pid] and age_s(pid) > 1.0:  # a new worker opening a snapshot is not
                busy += 1
            ticks[pid] = current
        # a worker may burn CPU in this window for a runaway within its deadline + 1 s in it, or for the lookup
        spans = [(began, now) for began in list(inflight.values())]
        spans += [(answer.started, answer.started + answer.seconds) for answer in list(runaways)]
        allowed = 1 + sum(1 for began, ended in spans if began < now and min(ended, began + deadline + 1.0) > previous)
        previous = now = max(seen.overheld, busy - allowed)
        stop.wait(SAMPLE_S)


def lookups(url: str, stop: threading.Event, out: list[Answer]) -> None:
    with requests.Session() as session:
        while not stop.is_set():
            began = time.monotonic()
            try:
                status = session.get(url, headers=JSON, timeout=60).status_code
            except requests.RequestException:
                status = 0
            out.append(Answer(began, time.monotonic() - began, status))


def attack(base: str, count: int, attackers: int, out: list[Answer], inflight: dict[int, float]) -> None:
    lock = threading.Lock()
    sent = [0]

    def attacker() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    if sent[0] >= count:
                        return
                    number = sent[0]
                    sent[0] += 1
                query = RUNAWAYS[number % len(RUNAWAYS)]
                began = time.monotonic()
                inflight[number] = began
                try:
                    response = session.post(base + "/sparql", data={"query": query}, headers=JSON, timeout=120)
                    status = response.status_code
                except requests.RequestException:
                    status = 0
                inflight.pop(number, None)
                out.append(Answer(began, time.monotonic() - began, status))

    threads = [threading.Thread(target=attacker) for _ in range(attackers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def prepare(workdir: Path) -> Path:
    from smpgraph.bundle import load_bundled
    from smpgraph.config import Settings
    from smpgraph.store import open_store

    store = open_store(Settings(backend="oxigraph", data_dir=workdir / "store"))
    load_bundled(store)
    store.close()
    return workdir / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runaways", type=int, default=100)
    parser.add_argument("--attackers", type=int, default=4, help="client threads sending runaways at once")
    parser.add_argument("--deadline", type=float, default=2.0)
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--data-dir", type=Path, help="a store with the bundled graph to copy (default: load one)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="smpgraph-hostile-"))
    log = workdir / "server.log"
    try:
        if args.data_dir:
            shutil.copytree(args.data_dir, workdir / "store")
            store_dir = workdir / "store"
        else:
            store_dir = prepare(workdir)
        port = free_port()
        env = {**os.environ, "SMPGRAPH_QUERY_TIMEOUT_S": str(args.deadline)}
        command = [sys.executable, "-m", "smpgraph", "serve", "--data-dir", str(store_dir), "--port", str(port)]
        with log.open("wb") as out:
            server = subprocess.Popen(command, stdout=out, stderr=out, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + "/healthz", server)
            settings = Settings.from_env(env)
            workers = settings.max_concurrent_queries + 1
            found = requests.get(base + "/sparql", params={"query": PARTNERSHIP}, headers=JSON, timeout=60).json()
            iri = found["results"]["bindings"][0]["a"]["value"]
            url = base + "/sparql?query=" + urllib.parse.quote(POINT.format(iri=iri))
            print(
                f"smpgraph serve on the bundled graph (on disk), deadline {args.deadline:g} s, "
                f"{settings.max_concurrent_queries} query slots + 1 short-query worker, memory cap "
                f"{settings.query_memory_mb} MB per worker, {settings.threads} server threads; "
                f"{args.runaways} runaways from {args.attackers} attackers; load average {os.getloadavg()[0]:.2f}"
            )
            quiet: list[Answer] = []
            stop = threading.Event()
            client = threading.Thread(target=lookups, args=(url, stop, quiet))
            client.start()
            time.sleep(args.baseline_seconds)
            stop.set()
            client.join()

            seen = Observations()
            inflight: dict[int, float] = {}
            runaways: list[Answer] = []
            during: list[Answer] = []
            stop_all = threading.Event()
            sampler = threading.Thread(
                target=sample, args=(server, stop_all, runaways, inflight, args.deadline, seen), daemon=True
            )
            sampler.start()
            stop_lookups = threading.Event()
            client = threading.Thread(target=lookups, args=(url, stop_lookups, during))
            client.start()
            began = time.monotonic()
            attack(base, args.runaways, args.attackers, runaways, inflight)
            attack_s = time.monotonic() - began
            stop_lookups.set()
            client.join()
            time.sleep(args.deadline + 1.0)
            after = [requests.get(url, headers=JSON, timeout=60).status_code for _ in range(workers)]
            healthz = requests.get(base + "/healthz", timeout=60).status_code
            stop_all.set()
            sampler.join()
        finally:
            alive = server.poll() is None
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        report(args, Run(quiet, during, runaways, seen, alive, attack_s, after, healthz), settings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Run:
    """Everything one attack measured."""

    quiet: list[Answer]
    during: list[Answer]
    runaways: list[Answer]
    seen: Observations
    alive: bool
    attack_s: float
    after: list[int]
    healthz: int


def report(args: argparse.Namespace, run: Run, settings: Settings) -> None:
    quiet, during, runaways, seen = run.quiet, run.during, run.runaways, run.seen
    alive, attack_s, after, healthz = run.alive, run.attack_s, run.after, run.healthz
    workers = settings.max_concurrent_queries + 1
    ms = [a.seconds * 1000 for a in during if a.status == 200]
    quiet_ms = [a.seconds * 1000 for a in quiet if a.status == 200]
    p99 = percentile(ms, 0.99)
    print(f"\nattack: {attack_s:.1f} s; load average now {os.getloadavg()[0]:.2f}")
    print(
        f"point lookups before: {len(quiet_ms)} ok, p50 {statistics.median(quiet_ms):.1f} ms, "
        f"p99 {percentile(quiet_ms, 0.99):.1f} ms"
    )
    statuses = sorted({a.status for a in during})
    print(
        f"point lookups during: {len(during)} sent, by status "
        + ", ".join(f"{s}: {sum(a.status == s for a in during)}" for s in statuses)
        + f"; p50 {statistics.median(ms) if ms else float('nan'):.1f} ms, p99 {p99:.1f} ms"
        f"   target p99 <= 500 ms: {verdict(p99 <= 500 and all(a.status == 200 for a in during))}"
    )
    statuses = sorted({a.status for a in runaways})
    slowest = max(a.seconds for a in runaways)
    print(
        f"runaways: {len(runaways)}, by status "
        + ", ".join(f"{s}: {sum(a.status == s for a in runaways)}" for s in statuses)
        + f"; answered after p50 {statistics.median(a.seconds for a in runaways):.2f} s, max {slowest:.2f} s"
        f"   target every one 503 within {args.deadline + 1:g} s: "
        f"{verdict(all(a.status == 503 for a in runaways) and slowest <= args.deadline + 1)}"
    )
    peak_rss = max(r for _, r, _ in seen.rss)
    peak_pss = max(p for _, _, p in seen.rss)
    limit = 2 * 2**30 + workers * settings.query_memory_mb * 2**20
    print(
        f"server RSS (server + workers + fork server): peak {peak_rss / 2**20:.0f} MB RSS, "
        f"{peak_pss / 2**20:.0f} MB PSS   target < 2 GB + {workers} x {settings.query_memory_mb} MB = "
        f"{limit / 2**20:.0f} MB: {verdict(peak_rss < limit)}"
    )
    start = seen.rss[0][0]
    timeline = [f"{t - start:5.1f}s {r / 2**20:6.0f}" for t, r, _ in seen.rss[:: max(1, len(seen.rss) // 16)]]
    print("  RSS MB over time: " + " | ".join(timeline))
    print(
        f"slots: {len(seen.workers_ended)} worker processes stopped and replaced; after the attack "
        f"{sum(s == 200 for s in after)}/{workers} concurrent lookups and /healthz {healthz}; most workers busy "
        f"beyond the runaways within deadline + 1 s: {seen.overheld}   target no slot held 1 s past its deadline: "
        f"{verdict(seen.overheld <= 0 and all(s == 200 for s in after) and healthz == 200)}"
    )
    print(f"server process: {'alive' if alive and seen.server_died_at is None else 'DIED'}   target no death: "
          f"{verdict(alive and seen.server_died_at is None)}")  # fmt: skip


if __name__ == "__main__":
    main()

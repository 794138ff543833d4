"""Benchmark (not a test): submissions from many clients at once against one service process.

    python -m intlhub.bench.load --submissions 500 --clients 50

Starts ONE real `intlhub serve`-style process (uvicorn, one worker) on a free port of 127.0.0.1,
over a temporary copy of data/ and an empty private folder, then sends the submissions from
concurrent clients (threads, one httpx connection each): distinct valid showcase submissions,
and every `--resend-every`-th one sent a second time to check that a resend is not queued twice.
Each client sends its own X-Forwarded-For and the server trusts 127.0.0.1 as a proxy, so the
rate limit stays on (at its default) and counts each client apart, as behind nginx. Then it reads
the review queue and reports accepted, lost (goal 0), duplicated (goal 0), p50/p95 latency
(goal p95 ≤ 300 ms) and the server's peak memory (VmHWM from /proc). Traffic goes to loopback
only; the run stops after `--deadline` seconds whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from intlhub.intake.private.store import PrivatePaths
from intlhub.intake.review import list_queue

GOAL_P95_MS = 300.0
BENEFICIARY = "IAPMEI"  # a real organisation: a real project may not name an example one


def showcase_values(number: int, **changes: Any) -> dict[str, Any]:
    """The values of one valid (fictitious) showcase submission, as hub-forms.js sends them."""
    values = {
        "id": f"TESTE-{number:04d}",
        "title_pt": f"Promoção conjunta de vinhos n.º {number}",
        "title_en": f"Joint wine promotion no. {number}",
        "summary_pt": "Ações coletivas de promoção, abertas a todas as empresas do setor.",
        "beneficiary_id": BENEFICIARY,
        "markets": "DE;BR",
        "sectors": "Vinho",
        "start_date": "01/04/2016",
        "end_date": "31/12/2017",
        "eligible_cost_eur": "400.000,00",
        "eu_cofinancing_rate": "85%",
        "eu_funding_eur": "340.000,00",
        "nuts3": "PT184",
        "status": "Concluído",
        "contact_name": f"Pessoa Exemplo {number}",
        "contact_email": f"pessoa{number}@example.org",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def submission(number: int, lang: str = "pt", **changes: Any) -> dict[str, Any]:
    """A whole submission body, as hub-forms.js posts it."""
    return {
        "form": "showcase",
        "submission_id": f"showcase-20261203-{number:06x}",
        "submitted_at": "2026-12-03T10:00:00Z",
        "lang": lang,
        "values": showcase_values(number, **changes),
    }


def run_server(data_path: Path, private_path: Path) -> None:
    """The server process: bind a free port, print it, serve until terminated."""
    from intlhub.service.config import load_config
    from intlhub.service.run import Listen, bind_socket, listen_url, serve

    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = load_config(
        data_path,
        data_path.parent,
        data_path.parent / "site",
        str(private_path),
        listen_url("127.0.0.1", port),
    )
    print(port, flush=True)
    serve(config, Listen("127.0.0.1", port, ("127.0.0.1",), access_log=False), sock)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def plan_requests(submissions: int, resend_every: int) -> list[int]:
    """The submission numbers to send, in order: distinct ones, with some sent twice."""
    distinct = submissions - (submissions // resend_every if resend_every else 0)
    numbers = list(range(1, distinct + 1))
    extra = submissions - distinct
    resends = numbers[:: max(1, distinct // extra)][:extra] if extra else []
    return numbers + resends


def send_all(url: str, numbers: list[int], clients: int, deadline: float) -> list[dict[str, Any]]:
    """Send every submission from `clients` threads; return one record per request."""
    results: list[dict[str, Any]] = []
    lock = threading.Lock()
    share = [numbers[i::clients] for i in range(clients)]
    origin = url.split("/api/")[0]

    def client(index: int) -> None:
        headers = {"Origin": origin, "X-Forwarded-For": f"10.0.{index // 250}.{index % 250 + 1}"}
        with httpx.Client(timeout=30.0, headers=headers) as http:
            for number in share[index]:
                if time.monotonic() > deadline:
                    return
                started = time.perf_counter()
                try:
                    response = http.post(url, json=submission(number))
                    status, body = response.status_code, response.json()
                except (httpx.HTTPError, ValueError) as error:
                    status, body = 0, {"error": type(error).__name__}
                seconds = time.perf_counter() - started
                with lock:
                    results.append(
                        {"number": number, "status": status, "body": body, "seconds": seconds}
                    )

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(1.0, deadline - time.monotonic()))
    return results


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def bench_load(
    data_path: Path,
    submissions: int = 500,
    clients: int = 50,
    resend_every: int = 10,
    deadline_s: float = 300.0,
) -> dict[str, Any]:
    """Run the benchmark in a temporary folder; return its figures."""
    work = Path(tempfile.mkdtemp(prefix="intlhub-load-"))
    try:
        shutil.copytree(data_path, work / "data")
        private_path = work / "private"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "intlhub.bench.load",
                "--serve",
                str(work / "data"),
                str(private_path),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            port = int(server.stdout.readline())
            url = f"http://127.0.0.1:{port}/api/submissions/showcase"
            numbers = plan_requests(submissions, resend_every)
            # Warm-up, not measured: every client connects and one batch is written (cold caches,
            # the server's threads); these submissions are checked for loss like the others.
            warm_numbers = list(range(len(numbers) + 1, len(numbers) + 1 + clients))
            warm = send_all(url, warm_numbers, clients, time.monotonic() + deadline_s)
            started = time.perf_counter()
            results = send_all(url, numbers, clients, time.monotonic() + deadline_s)
            wall = time.perf_counter() - started
            peak = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)
        queue = [item["id"] for item in list_queue(PrivatePaths(private_path))]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    accepted = {r["body"].get("id") for r in results + warm if r["status"] == 201}
    counts = Counter(queue)
    latencies = [r["seconds"] * 1000 for r in results]
    return {
        "requests": len(numbers),
        "answered": len(results),
        "distinct": len(set(numbers)),
        "clients": clients,
        "statuses": dict(sorted(Counter(r["status"] for r in results).items())),
        "accepted": len(accepted),
        "queued": len(counts),
        "lost": len(accepted - set(counts)),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "warm_up_requests": len(warm),
        "warm_up_max_ms": round(max(r["seconds"] for r in warm) * 1000, 1) if warm else None,
        "wall_s": round(wall, 2),
        "per_second": round(len(results) / wall, 1) if wall else None,
        "server_peak_rss_mb": round(peak, 1),
        "cpus": os.cpu_count(),
    }


def format_report(figures: dict[str, Any]) -> str:
    """The figures as lines, with the goals."""
    p95_ok = figures["p95_ms"] is not None and figures["p95_ms"] <= GOAL_P95_MS
    return "\n".join(
        [
            f"requests           {figures['requests']} ({figures['distinct']} distinct, the rest resent) from {figures['clients']} clients",
            f"statuses           {figures['statuses']}",
            f"accepted           {figures['accepted']} distinct ids answered 201, warm-up included (queued: {figures['queued']})",
            f"lost               {figures['lost']} (goal 0)",
            f"duplicated         {figures['duplicated']} (goal 0)",
            f"latency p50 / p95  {figures['p50_ms']} / {figures['p95_ms']} ms (goal p95 ≤ {GOAL_P95_MS:.0f} ms: {'met' if p95_ok else 'MISSED'}), max {figures['max_ms']} ms",
            f"warm-up            {figures['warm_up_requests']} submissions first (one per client, not in the latencies), slowest {figures['warm_up_max_ms']} ms",
            f"throughput         {figures['per_second']} requests/s over {figures['wall_s']} s",
            f"server peak RSS    {figures['server_peak_rss_mb']} MB ({figures['cpus']} CPUs)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run the benchmark (or, with --serve, be its server)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default="data", help="data folder to copy (default: %(default)s)")
    parser.add_argument(
        "--submissions", type=int, default=500, help="requests (default: %(default)s)"
    )
    parser.add_argument(
        "--clients", type=int, default=50, help="concurrent clients (default: %(default)s)"
    )
    parser.add_argument(
        "--resend-every", type=int, default=10, help="resend one in N (default: %(default)s)"
    )
    parser.add_argument(
        "--deadline", type=float, default=300.0, help="seconds at most (default: %(default)s)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--serve", nargs=2, metavar=("DATA", "PRIVATE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        run_server(Path(args.serve[0]), Path(args.serve[1]))
        return 0
    figures = bench_load(
        Path(args.data).resolve(), args.submissions, args.clients, args.resend_every, args.deadline
    )
    print(json.dumps(figures, indent=2) if args.json else format_report(figures))
    return 0 if figures["lost"] == 0 and figures["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

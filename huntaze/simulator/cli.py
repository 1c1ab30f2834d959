"""``huntaze-sim``: serve the OnlyFans simulator from the command line.

    huntaze-sim --size demo --port 8765 --seed 1 --rate-limit 1:3 --access-log sim.jsonl

``--port 0`` picks a free port; the first stdout line always says where it listens
(``server.run_subprocess`` reads it).
"""

from __future__ import annotations

import argparse
import random
import socket
import sys
import threading

import httpx
import uvicorn

from huntaze.simulator.app import SIM_SESS, SIM_USER_AGENT, SIM_X_BC, Session
from huntaze.simulator.data import SIZES
from huntaze.simulator.faults import DEFAULT_SCHEDULED, FAULT_KINDS
from huntaze.simulator.host import simulator_build
from huntaze.simulator.rules import DEFAULT_RULES_PATH, rules_load


def _rate_limit(text: str) -> tuple[float, int] | None:
    if text.lower() in ("off", "none", "0"):
        return None
    rate, _, burst = text.partition(":")
    try:
        return float(rate), int(burst or 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use RATE:BURST, e.g. 1:3, or 'off'") from exc


def _kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(k for k in text.split(",") if k)
    unknown = set(kinds) - set(FAULT_KINDS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown fault kinds {sorted(unknown)}; known: {', '.join(FAULT_KINDS)}"
        )
    return kinds


def parser_build() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huntaze-sim", description="OnlyFans-compatible API simulator")
    parser.add_argument("--size", choices=sorted(SIZES), default="demo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 = any free port")
    parser.add_argument("--rate-limit", type=_rate_limit, default=None, metavar="RATE:BURST")
    parser.add_argument("--no-retry-after", action="store_true", help="answer 429 without Retry-After")
    parser.add_argument(
        "--fault-rate", type=float, default=0.0, help="probability of a fault per API request"
    )
    parser.add_argument("--fault-kinds", type=_kinds, default=DEFAULT_SCHEDULED)
    parser.add_argument(
        "--timeout-seconds", type=float, default=30.0, help="how long a 'timeout' fault hangs"
    )
    parser.add_argument("--access-log", default=None, metavar="PATH", help="append JSON lines here")
    parser.add_argument("--rules-file", default=str(DEFAULT_RULES_PATH), metavar="PATH")
    parser.add_argument(
        "--live",
        type=float,
        default=0,
        metavar="SECONDS",
        help="keep the account living: a fan writes every SECONDS (sometimes a purchase or a new fan)",
    )
    parser.add_argument("--sess", default=SIM_SESS)
    parser.add_argument(
        "--creators", type=int, default=1, help="serve this many creators (each with its own session)"
    )
    parser.add_argument("--x-bc", default=SIM_X_BC)
    parser.add_argument("--user-agent", default=SIM_USER_AGENT)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser_build().parse_args(argv)
    simulator = simulator_build(
        size=args.size,
        seed=args.seed,
        rules=rules_load(args.rules_file),
        session=Session(sess=args.sess, x_bc=args.x_bc, user_agent=args.user_agent),
        fault_rate=args.fault_rate,
        fault_kinds=args.fault_kinds,
        timeout_seconds=args.timeout_seconds,
        rate_limit=args.rate_limit,
        retry_after=not args.no_retry_after,
        access_log=args.access_log,
        creators=args.creators,
    )
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP,
    # and without it every answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    host, port = sock.getsockname()[:2]
    sys.stdout.write(f"huntaze-sim listening on http://{host}:{port} (size={args.size}, seed={args.seed})\n")
    sys.stdout.flush()
    config = uvicorn.Config(
        simulator, log_level="warning", access_log=False, lifespan="off", date_header=False
    )
    stop = threading.Event()
    if args.live > 0:
        base_url = f"http://{host}:{port}"
        threading.Thread(target=live_ticks, args=(base_url, args.live, args.seed, stop), daemon=True).start()
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        stop.set()
        simulator.close()
    return 0


def live_ticks(base_url: str, every: float, seed: int, stop: threading.Event) -> None:
    """Tick through the control plane (the server's own loop applies it, so no locking)."""
    rng = random.Random(seed)
    while not stop.wait(every):
        tick = {"messages": 1, "purchases": int(rng.random() < 0.3), "fans": int(rng.random() < 0.15)}
        try:
            httpx.post(f"{base_url}/_sim/tick", params=tick, timeout=5.0)
        except httpx.HTTPError:
            continue


if __name__ == "__main__":
    sys.exit(main())

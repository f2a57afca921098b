"""One load process of scripts/bench-push: opens COUNT wss connections, says hello on each, then records how long
each broadcast notice took to arrive (the notice text is its send time). Writes latencies as JSON to OUT."""
import asyncio
import json
import ssl
import sys
import time

import os

import websockets

# TANDEM_BENCH_COMPRESSION=none measures without permessage-deflate.
COMPRESSION = None if os.environ.get("TANDEM_BENCH_COMPRESSION") == "none" else "deflate"


async def main(port, token, count, cafile, out, broadcasts, timeout):
    context = ssl.create_default_context(cafile=cafile)
    latencies, opened, failed = [], 0, 0
    gate = asyncio.Semaphore(100)  # handshakes in flight: enough to saturate the server, not to time it out

    async def one():
        nonlocal opened, failed
        try:
            async with gate:
                socket = await websockets.connect(f"wss://127.0.0.1:{port}/ws", ssl=context, compression=COMPRESSION,
                                                  open_timeout=60, ping_interval=None, max_queue=None)
                await socket.send(json.dumps({"type": "hello", "token": token}))
                await socket.recv()
            opened += 1
        except Exception as error:
            failed += 1
            if failed <= 3:
                print(f"connect failed: {error!r}", file=sys.stderr, flush=True)
            return
        seen = 0
        try:
            while seen < broadcasts:
                message = json.loads(await socket.recv())
                if message.get("event") == "notice.posted":
                    latencies.append(time.time() - float(message["data"]["text"]))
                    seen += 1
        except Exception:
            pass
        finally:
            await socket.close()

    tasks = [asyncio.create_task(one()) for _ in range(count)]
    while opened + failed < count:
        await asyncio.sleep(0.2)
    print(f"ready {opened} {failed}", flush=True)
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout)
    except asyncio.TimeoutError:
        pass
    with open(out, "w") as f:
        json.dump({"opened": opened, "failed": failed, "latencies": latencies}, f)


if __name__ == "__main__":
    port, token, count, cafile, out, broadcasts, timeout = sys.argv[1:8]
    asyncio.run(main(int(port), token, int(count), cafile, out, int(broadcasts), float(timeout)))

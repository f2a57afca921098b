"""Flow control seen from outside: a client that stops reading is cut off, and a client that reads on receives
every message meanwhile."""
import random
import threading
import time

from raw_deflate import RawSocket

BURSTS = 3
PER_BURST = 1000  # the most one notice request may repeat


def _noise(seed):
    """2,000 random CJK characters: about 6 KB that deflate can hardly shrink."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2000))


def check_slow_client(check, server, poster, org, reader):
    slow, good = RawSocket(server, receive_buffer=4096), RawSocket(server)
    try:
        for ws in (slow, good):
            ws.hello(reader)
        seen = []

        def read_all():
            try:
                while len(seen) < BURSTS * PER_BURST:
                    _, message = good.receive()
                    if message.get("event") == "notice.posted":
                        seen.append(message["seq"])
            except Exception as error:  # the check below reports the shortfall
                seen.append(repr(error))
        reader_thread = threading.Thread(target=read_all, daemon=True)
        reader_thread.start()
        # The slow socket never reads from here on: about 18 MB head its way.
        for burst in range(BURSTS):
            status, _ = server.http("POST", f"/api/orgs/{org}/notices", {"text": _noise(burst), "repeatCount": PER_BURST}, poster)
            check(f"burst {burst + 1} of {PER_BURST} large notices is posted", status == 201, status)
        reader_thread.join(timeout=120)
        check("a client that reads on receives every notice, in order, while another stalls",
              len(seen) == BURSTS * PER_BURST and seen == sorted(seen), (len(seen), seen[-1:]))
        cut = -1
        deadline = time.time() + 30
        while time.time() < deadline:
            cut = server.metric("tandem_push_slow_clients_cut_total", 0)
            if cut >= 1:
                break
            time.sleep(0.5)
        check("the stalled client is cut off (tandem_push_slow_clients_cut_total)", cut >= 1, cut)
        ended = False
        slow.sock.settimeout(30)
        try:
            while True:
                slow.receive()
        except (EOFError, ConnectionError, OSError):
            ended = True
        check("the stalled client's socket is closed by the server", ended)
    finally:
        slow.close()
        good.close()

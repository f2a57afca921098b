/* The load side of scripts/bench-push: one process holding many wss connections to a running server, recording how
 * long each broadcast notice took to arrive. Written in C over OpenSSL and zlib, with one epoll loop, because the
 * load shares the machine's two cores with the server it measures: every microsecond it spends on a message is one
 * the server does not get.
 *
 *   push_load PORT TOKEN CONNECTIONS CAFILE BROADCASTS OUT [--deflate] [--raw] [--timeout SECONDS]
 *
 * Per connection: TCP, TLS (the server's certificate checked against CAFILE for "localhost"), the WebSocket upgrade
 * (RFC 6455, with permessage-deflate offered under --deflate, RFC 7692), the hello with TOKEN, the welcome; then
 * each notice is timed from the send time it carries as its text ({"text":"<seconds>"}) to two moments: when its
 * TLS record reached the socket (the kernel's receive stamp: "latencies") and when this client had read it
 * ("handled"). Pings are answered. With --raw (the stack's floor, `tandem bench push-floor`) there is no upgrade
 * and no hello: a connection is live once TLS is up, and each frame is a notice.
 * Prints "ready OPENED FAILED" once every connection is live or has failed, then writes
 * {"opened":N,"failed":N,"stamped":N,"latencies":[seconds...],"handled":[seconds...]} to OUT after the last notice
 * (or the timeout); "stamped" counts the notices whose arrival has a kernel stamp (the others count their read time). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum phase { CONNECTING, HANDSHAKING, UPGRADING, AWAITING_WELCOME, LIVE, DONE };
enum { BUFFER_SIZE = 1 << 16, HANDSHAKES_IN_FLIGHT = 100, NAP_NS = 1000000, MAX_RECORDS = 64 };
static const double IDLE_SECONDS = 0.05;

struct connection {
    int fd;
    SSL *ssl;
    enum phase phase;
    int seen;
    size_t used;          /* bytes waiting in data */
    unsigned char *data;  /* allocated while a partial frame or response waits, else NULL */
};

static struct connection *connections;
static int count, broadcasts, raw, deflate_offered, epoll_fd, port;
static int launched, opened, failed, finished;
static const char *token;
static char first_error[200];
static double *latencies, *handled;
/* Arrival stamps of the records waiting when a connection's read began, and which frame of that read is next. */
static double record_arrival[MAX_RECORDS];
static int records, frame_number;
static long latency_count, stamped;
static SSL_CTX *tls;
static z_stream inflater;
static unsigned char scratch[BUFFER_SIZE], inflated[BUFFER_SIZE], peeked[BUFFER_SIZE];

static double wall_clock(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double monotonic(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* A live connection that ends (its last notice read, or closed by the server) is finished. */
static void end(struct connection *c) {
    if (c->phase != LIVE) return;
    c->phase = DONE;
    finished++;
    close(c->fd);  /* also takes it out of epoll */
    c->fd = -1;
}

/* A connection becomes live, or fails before it was; a live one that fails has ended. */
static void settle(struct connection *c, int ok, const char *reason) {
    if (c->phase == LIVE && !ok) { end(c); return; }
    if (c->phase == LIVE || c->phase == DONE) return;
    if (ok) {
        c->phase = LIVE;
        opened++;
        return;
    }
    c->phase = DONE;
    failed++;
    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%s", reason);
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

/* A client frame: final and masked (RFC 6455 5.3). This client sends only the hello and pongs, both short. */
static void send_frame(struct connection *c, unsigned char opcode, const unsigned char *payload, size_t length) {
    unsigned char frame[8 + 1024], mask[4];
    if (length > 1024) { settle(c, 0, "a frame to send is over 1 KB"); return; }
    size_t header = 2;
    frame[0] = 0x80 | opcode;
    if (length < 126) {
        frame[1] = 0x80 | (unsigned char)length;
    } else {
        frame[1] = 0x80 | 126;
        frame[2] = (unsigned char)(length >> 8);
        frame[3] = (unsigned char)length;
        header = 4;
    }
    RAND_bytes(mask, 4);
    memcpy(frame + header, mask, 4);
    for (size_t i = 0; i < length; i++) frame[header + 4 + i] = payload[i] ^ mask[i % 4];
    SSL_write(c->ssl, frame, (int)(header + 4 + length));
}

static void start_upgrade(struct connection *c) {
    unsigned char nonce[16];
    char key[32], request[512];
    RAND_bytes(nonce, sizeof nonce);
    EVP_EncodeBlock((unsigned char *)key, nonce, sizeof nonce);
    int length = snprintf(request, sizeof request,
                          "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
                          key, deflate_offered ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "");
    SSL_write(c->ssl, request, length);
    c->phase = UPGRADING;
}

/* A notice's text is the time it was posted (seconds since 1970 on this machine's clock). Its arrival is its
 * record's stamp; without one, the time it is read (later, never earlier). */
static void notice(struct connection *c, const unsigned char *text, size_t length, double arrived) {
    static const char key[] = "\"text\":\"";
    const unsigned char *at = memmem(text, length, key, sizeof key - 1);
    if (!at) return;
    char number[64];
    size_t start = (size_t)(at - text) + sizeof key - 1, n = 0;
    while (start + n < length && text[start + n] != '"' && n < sizeof number - 1) { number[n] = (char)text[start + n]; n++; }
    number[n] = 0;
    double sent = strtod(number, NULL), now = wall_clock();
    handled[latency_count] = now - sent;
    int has_stamp = arrived > 0 && arrived <= now;
    stamped += has_stamp;
    latencies[latency_count++] = (has_stamp ? arrived : now) - sent;
    if (++c->seen >= broadcasts) end(c);
}

static void message(struct connection *c, unsigned char opcode, int compressed, unsigned char *payload, size_t length) {
    double arrived = frame_number < records ? record_arrival[frame_number] : 0;
    frame_number++;
    if (opcode == 0x9) { send_frame(c, 0xA, payload, length); return; }
    if (opcode == 0x8) { settle(c, 0, "closed by the server"); return; }
    if (opcode != 0x1) return;
    if (compressed) {
        /* The server keeps no context between messages (server_no_context_takeover): a fresh stream each time. */
        unsigned char tail[4] = {0, 0, 0xff, 0xff};
        inflateReset(&inflater);
        inflater.next_out = inflated;
        inflater.avail_out = sizeof inflated;
        inflater.next_in = payload;
        inflater.avail_in = (uInt)length;
        int status = inflate(&inflater, Z_SYNC_FLUSH);
        inflater.next_in = tail;
        inflater.avail_in = 4;
        if (status == Z_OK) status = inflate(&inflater, Z_SYNC_FLUSH);
        if (status != Z_OK && status != Z_BUF_ERROR && status != Z_STREAM_END) { settle(c, 0, "inflate failed"); return; }
        payload = inflated;
        length = sizeof inflated - inflater.avail_out;
    }
    if (c->phase == AWAITING_WELCOME) settle(c, 1, NULL);
    else if (c->phase == LIVE) notice(c, payload, length, arrived);
}

/* Takes the whole frames (server frames are not masked, RFC 6455 5.2) off the front of bytes; returns what is used. */
static size_t frames(struct connection *c, unsigned char *bytes, size_t available) {
    size_t used = 0;
    if (c->phase == UPGRADING) {
        unsigned char *end = memmem(bytes, available, "\r\n\r\n", 4);
        if (!end) return 0;
        if (available < 12 || memcmp(bytes, "HTTP/1.1 101", 12) != 0) { settle(c, 0, "upgrade refused"); return available; }
        used = (size_t)(end - bytes) + 4;
        c->phase = AWAITING_WELCOME;
        char hello[1024];
        int length = snprintf(hello, sizeof hello, "{\"type\":\"hello\",\"token\":\"%s\"}", token);
        send_frame(c, 0x1, (unsigned char *)hello, (size_t)length);
    }
    while (c->phase == AWAITING_WELCOME || c->phase == LIVE) {
        size_t left = available - used, header = 2, length;
        if (left < 2) break;
        unsigned char *frame = bytes + used;
        length = frame[1] & 0x7F;
        if (length == 126) {
            if (left < 4) break;
            header = 4; length = (size_t)frame[2] << 8 | frame[3];
        } else if (length == 127) {
            if (left < 10) break;
            header = 10; length = 0;
            for (int i = 2; i < 10; i++) length = length << 8 | frame[i];
        }
        if (left < header + length) break;
        used += header + length;
        if (header + length > 16000) records = 0;  /* a frame over one TLS record: frames no longer match records */
        message(c, frame[0] & 0x0F, (frame[0] & 0x40) != 0, frame + header, length);
    }
    return used;
}

/* When the first `length` bytes waiting in the socket had all reached it: the kernel's receive time stamp
 * (SO_TIMESTAMPNS) of the last segment they span, read with MSG_PEEK so that TLS still reads them after. */
static double stamp_through(int fd, size_t length) {
    char control[CMSG_SPACE(sizeof(struct timespec))];
    struct iovec vector = {.iov_base = peeked, .iov_len = length};
    struct msghdr header = {.msg_iov = &vector, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    if (recvmsg(fd, &header, MSG_PEEK | MSG_DONTWAIT) < (ssize_t)length) return 0;
    for (struct cmsghdr *m = CMSG_FIRSTHDR(&header); m; m = CMSG_NXTHDR(&header, m)) {
        if (m->cmsg_level == SOL_SOCKET && m->cmsg_type == SCM_TIMESTAMPNS) {
            struct timespec stamp;
            memcpy(&stamp, CMSG_DATA(m), sizeof stamp);
            return stamp.tv_sec + stamp.tv_nsec * 1e-9;
        }
    }
    return 0;
}

/* The arrival time of each whole TLS record waiting in the socket, in order. The server writes each WebSocket frame
 * as one record, so the n-th frame read next came in the n-th record: a ping that arrived after a notice does not
 * move the notice's time, as one stamp for everything waiting would. */
static void stamp_records(int fd) {
    records = 0;
    ssize_t waiting = recv(fd, peeked, sizeof peeked, MSG_PEEK | MSG_DONTWAIT);
    size_t end = 0;
    while (waiting > 0 && records < MAX_RECORDS && end + 5 <= (size_t)waiting) {
        size_t length = (size_t)peeked[end + 3] << 8 | peeked[end + 4];
        if (end + 5 + length > (size_t)waiting) break;
        end += 5 + length;
        record_arrival[records++] = stamp_through(fd, end);
    }
}

static void readable(struct connection *c) {
    /* Bytes left over from an earlier read would shift frames against records: those frames get no stamp. */
    records = 0;
    frame_number = 0;
    if (c->phase == LIVE && !c->data) stamp_records(c->fd);
    for (;;) {
        int n = SSL_read(c->ssl, scratch, sizeof scratch);
        if (n <= 0) {
            int error = SSL_get_error(c->ssl, n);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
            settle(c, 0, "connection closed");
            return;
        }
        unsigned char *bytes = scratch;
        size_t available = (size_t)n;
        if (c->data) {  /* a partial frame was waiting: append and parse from there */
            if (c->used + available > BUFFER_SIZE) { settle(c, 0, "frame too large"); return; }
            memcpy(c->data + c->used, scratch, available);
            bytes = c->data;
            available += c->used;
        }
        size_t used = frames(c, bytes, available);
        if (c->phase == DONE) return;
        size_t rest = available - used;
        if (rest == 0) { free(c->data); c->data = NULL; c->used = 0; continue; }
        if (!c->data) c->data = malloc(BUFFER_SIZE);
        memmove(c->data, bytes + used, rest);
        c->used = rest;
    }
}

static void handshake(struct connection *c) {
    int status = SSL_connect(c->ssl);
    if (status == 1) {
        if (raw) { settle(c, 1, NULL); return; }
        start_upgrade(c);
        readable(c);
        return;
    }
    int error = SSL_get_error(c->ssl, status);
    struct epoll_event event = {.events = EPOLLIN | (error == SSL_ERROR_WANT_WRITE ? EPOLLOUT : 0), .data.u32 = (uint32_t)(c - connections)};
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) { epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &event); return; }
    char reason[160];
    snprintf(reason, sizeof reason, "TLS: %s", ERR_reason_error_string(ERR_get_error()));
    settle(c, 0, reason);
}

static void launch(void) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port), .sin_addr.s_addr = htonl(0x7f000001)};
    while (launched < count && launched - opened - failed < HANDSHAKES_IN_FLIGHT) {
        struct connection *c = &connections[launched++];
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (c->fd < 0) { settle(c, 0, "socket: out of file descriptors?"); continue; }
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
        if (connect(c->fd, (struct sockaddr *)&address, sizeof address) != 0 && errno != EINPROGRESS) { settle(c, 0, "connect failed"); continue; }
        c->ssl = SSL_new(tls);
        SSL_set_fd(c->ssl, c->fd);
        SSL_set_tlsext_host_name(c->ssl, "localhost");
        SSL_set1_host(c->ssl, "localhost");
        c->phase = CONNECTING;
        struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t)(c - connections)};
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &event);
    }
}

int main(int argc, char **argv) {
    if (argc < 7) { fprintf(stderr, "usage: push_load PORT TOKEN CONNECTIONS CAFILE BROADCASTS OUT [--deflate] [--raw] [--timeout S]\n"); return 2; }
    port = atoi(argv[1]); token = argv[2]; count = atoi(argv[3]); broadcasts = atoi(argv[5]);
    const char *cafile = argv[4], *out = argv[6];
    double timeout = 300;
    for (int i = 7; i < argc; i++) {
        if (!strcmp(argv[i], "--deflate")) deflate_offered = 1;
        else if (!strcmp(argv[i], "--raw")) raw = 1;
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout = atof(argv[++i]);
    }
    tls = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_load_verify_locations(tls, cafile, NULL) != 1) { fprintf(stderr, "push_load: cannot read %s\n", cafile); return 1; }
    SSL_CTX_set_verify(tls, SSL_VERIFY_PEER, NULL);
    inflateInit2(&inflater, -15);
    connections = calloc((size_t)count, sizeof *connections);
    latencies = malloc(sizeof(double) * (size_t)count * (size_t)broadcasts);
    handled = malloc(sizeof(double) * (size_t)count * (size_t)broadcasts);
    epoll_fd = epoll_create1(0);
    double deadline = wall_clock() + timeout;
    int announced = 0;
    double last_busy = monotonic();
    struct epoll_event events[512];
    launch();
    while (finished + failed < count && wall_clock() < deadline) {
        /* While messages flow it polls, and naps when nothing is ready, instead of blocking in epoll_wait: on
         * loopback the server's write pays for waking a blocked reader (the receiver's work runs in the sender's
         * system call), which a client on another machine would not cost it. A nap delays a notice by at most
         * NAP_NS. Idle for IDLE_SECONDS, it blocks again, so the naps cost nothing between broadcasts. */
        int ready = epoll_wait(epoll_fd, events, 512, 0);
        if (ready == 0 && monotonic() - last_busy < IDLE_SECONDS) {
            struct timespec nap = {0, NAP_NS};
            nanosleep(&nap, NULL);
            continue;
        }
        if (ready == 0) ready = epoll_wait(epoll_fd, events, 512, 100);
        if (ready <= 0) continue;
        last_busy = monotonic();
        for (int i = 0; i < ready; i++) {
            struct connection *c = &connections[events[i].data.u32];
            if (c->phase == CONNECTING) {
                int error = 0;
                socklen_t size = sizeof error;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &size);
                if (error) { settle(c, 0, strerror(error)); continue; }
                struct epoll_event event = {.events = EPOLLIN, .data.u32 = events[i].data.u32};
                epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &event);
                c->phase = HANDSHAKING;
            }
            if (c->phase == HANDSHAKING) handshake(c);
            else if (c->phase != DONE) readable(c);
        }
        launch();
        if (!announced && opened + failed == count) {
            printf("ready %d %d\n", opened, failed);
            fflush(stdout);
            announced = 1;
            if (first_error[0]) fprintf(stderr, "push_load: %d failed, first: %s\n", failed, first_error);
        }
    }
    if (!announced) { printf("ready %d %d\n", opened, failed); fflush(stdout); }
    FILE *file = fopen(out, "w");
    if (!file) { fprintf(stderr, "push_load: cannot write %s\n", out); return 1; }
    fprintf(file, "{\"opened\": %d, \"failed\": %d, \"stamped\": %ld, \"latencies\": [", opened, failed, stamped);
    for (long i = 0; i < latency_count; i++) fprintf(file, "%s%.6f", i ? "," : "", latencies[i]);
    fprintf(file, "], \"handled\": [");
    for (long i = 0; i < latency_count; i++) fprintf(file, "%s%.6f", i ? "," : "", handled[i]);
    fprintf(file, "]}\n");
    fclose(file);
    return 0;
}

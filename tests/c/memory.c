/*
 * Transfers from and to memory (run by tests/capi_example.rs), after s3t_manager_prepare:
 *   memory ENGINE ENDPOINT BUCKET
 * ENGINE is classic, crt or auto. Uploads a generated buffer with s3t_upload_buffer (scribbled over
 * and freed right after the start: the library must have copied it) and an empty one, downloads the
 * object back through s3t_download_stream into a growing buffer and compares, uploads the same bytes
 * again through a read callback (s3t_upload_stream, key "stream"), then checks callbacks that fail
 * (the transfer fails and the callback is never called after the transfer is done) and the
 * NULL-argument errors. Prints one line per step, then "END".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "s3transfer.h"

#define SIZE (12u * 1024 * 1024 + 3)

/* The object's bytes; tests/capi_example.rs computes the same. */
static uint8_t pattern(size_t i) { return (uint8_t)((i * 31u + (i >> 8)) & 0xff); }

static int on_progress(void *user_data, int64_t delta) {
    atomic_fetch_add((atomic_llong *)user_data, delta);
    return 0;
}

/* The calls of one data callback, seen against the moment main saw the transfer done. */
struct probe {
    atomic_int calls;
    atomic_int done; /* set by main once the transfer is done */
    atomic_int calls_after_done;
};

static void probe_call(struct probe *p) {
    atomic_fetch_add(&p->calls, 1);
    if (atomic_load(&p->done)) atomic_fetch_add(&p->calls_after_done, 1);
}

/* Marks the transfer done, then returns how many calls the next 300 ms bring (none may). */
static int probe_later_calls(struct probe *p) {
    atomic_store(&p->done, 1);
    int calls = atomic_load(&p->calls);
    struct timespec pause = {0, 300 * 1000 * 1000};
    nanosleep(&pause, NULL);
    return atomic_load(&p->calls) - calls;
}

struct sink {
    uint8_t *buf;
    size_t len, cap;
    size_t fail_after; /* 0: never fail */
    struct probe probe;
};

static int write_to_sink(void *user_data, const void *data, size_t len) {
    struct sink *s = user_data;
    probe_call(&s->probe);
    if (s->fail_after && s->len >= s->fail_after) return 7;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1 << 20;
        while (cap < s->len + len) cap *= 2;
        uint8_t *grown = realloc(s->buf, cap);
        if (!grown) return 12;
        s->buf = grown;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return 0;
}

struct source {
    size_t pos, size, max_read;
    size_t fail_at; /* 0: never fail */
    long pause_ns;  /* per read */
    struct probe probe;
    atomic_int in_read;
};

static int64_t read_from_source(void *user_data, void *buf, size_t len) {
    struct source *s = user_data;
    probe_call(&s->probe);
    if (s->pause_ns) {
        atomic_store(&s->in_read, 1);
        struct timespec pause = {0, s->pause_ns};
        nanosleep(&pause, NULL);
        atomic_store(&s->in_read, 0);
    }
    if (s->fail_at && s->pos >= s->fail_at) return -5;
    size_t n = s->size - s->pos;
    if (n > len) n = len;
    if (n > s->max_read) n = s->max_read;
    for (size_t i = 0; i < n; i++) ((uint8_t *)buf)[i] = pattern(s->pos + i);
    s->pos += n;
    return (int64_t)n;
}

static const char *engine_name(int32_t e) {
    return e == S3T_ENGINE_CRT ? "crt" : e == S3T_ENGINE_CLASSIC ? "classic" : "auto";
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s classic|crt|auto ENDPOINT BUCKET\n", argv[0]);
        return 2;
    }
    const char *bucket = argv[3];
    int32_t engine = strcmp(argv[1], "crt") == 0       ? S3T_ENGINE_CRT
                     : strcmp(argv[1], "classic") == 0 ? S3T_ENGINE_CLASSIC
                                                       : S3T_ENGINE_AUTO;
    s3t_config *config = NULL;
    s3t_config_new(&config);
    s3t_config_set_engine(config, engine);
    s3t_config_set_endpoint_url(config, argv[2]);
    s3t_config_set_force_path_style(config, 1);
    s3t_config_set_multipart_threshold(config, 5 * 1024 * 1024);
    s3t_config_set_multipart_chunksize(config, 5 * 1024 * 1024);
    s3t_manager *m = NULL;
    if (s3t_manager_new(config, &m) != S3T_OK) {
        fprintf(stderr, "manager: %s\n", s3t_last_error_message());
        return 1;
    }
    s3t_config_free(config);
    int32_t prepared = s3t_manager_prepare(m);
    printf("PREPARE %s\n", s3t_status_name(prepared));

    /* Upload from a buffer that is gone right after the start. */
    uint8_t *data = malloc(SIZE);
    for (size_t i = 0; i < SIZE; i++) data[i] = pattern(i);
    atomic_llong progress = 0;
    s3t_subscriber events = {NULL, on_progress, NULL, &progress};
    s3t_future *f = NULL;
    int32_t rc = s3t_upload_buffer(m, data, SIZE, bucket, "mem", NULL, 0, &events, &f);
    memset(data, 0xAB, SIZE);
    free(data);
    if (rc == S3T_OK) rc = s3t_future_wait(f, 120 * 1000);
    printf("UPLOAD %s %s %lld\n", s3t_status_name(rc), f ? engine_name(s3t_future_engine(f)) : "-",
           (long long)atomic_load(&progress));
    if (f) s3t_future_free(f);

    f = NULL;
    rc = s3t_upload_buffer(m, NULL, 0, bucket, "empty", NULL, 0, NULL, &f);
    if (rc == S3T_OK) rc = s3t_future_wait(f, 60 * 1000);
    printf("EMPTY %s\n", s3t_status_name(rc));
    if (f) s3t_future_free(f);

    /* Download into a callback. */
    struct sink s = {0};
    atomic_store(&progress, 0);
    f = NULL;
    rc = s3t_download_stream(m, bucket, "mem", write_to_sink, &s, NULL, 0, &events, &f);
    if (rc == S3T_OK) {
        rc = s3t_future_wait(f, 120 * 1000);
        int same = s.len == SIZE;
        for (size_t i = 0; same && i < SIZE; i++) same = s.buf[i] == pattern(i);
        printf("DOWNLOAD %s %s %lld %s\n", s3t_status_name(rc), engine_name(s3t_future_engine(f)),
               (long long)atomic_load(&progress), same ? "same" : "different");
        s3t_future_free(f);
    } else {
        printf("DOWNLOAD_REFUSED %s %s\n", s3t_status_name(rc), s3t_last_error_message());
    }
    free(s.buf);

    /* A write callback that fails after 1 MiB: S3T_ERR_IO, and no call once the transfer is done. */
    struct sink failing = {0};
    failing.fail_after = 1024 * 1024;
    f = NULL;
    rc = s3t_download_stream(m, bucket, "mem", write_to_sink, &failing, NULL, 0, NULL, &f);
    if (rc == S3T_OK) {
        rc = s3t_future_wait(f, 120 * 1000);
        int later = probe_later_calls(&failing.probe);
        printf("FAILING %s calls_after_done=%d later_calls=%d message=%s\n", s3t_status_name(rc),
               atomic_load(&failing.probe.calls_after_done), later, rc == S3T_OK ? "" : s3t_future_error_message(f));
        s3t_future_free(f);
    }
    free(failing.buf);

    /* Upload from a read callback, in odd-sized reads; then one that fails after 6 MiB. */
    struct source src = {0};
    src.size = SIZE;
    src.max_read = 100003;
    atomic_store(&progress, 0);
    f = NULL;
    rc = s3t_upload_stream(m, read_from_source, &src, bucket, "stream", NULL, 0, &events, &f);
    if (rc == S3T_OK) {
        rc = s3t_future_wait(f, 120 * 1000);
        printf("STREAM %s %s %lld\n", s3t_status_name(rc), engine_name(s3t_future_engine(f)),
               (long long)atomic_load(&progress));
        s3t_future_free(f);

        struct source bad = {0};
        bad.size = SIZE;
        bad.max_read = 1 << 20;
        bad.fail_at = 6u * 1024 * 1024;
        f = NULL;
        rc = s3t_upload_stream(m, read_from_source, &bad, bucket, "stream-failed", NULL, 0, NULL, &f);
        if (rc == S3T_OK) rc = s3t_future_wait(f, 120 * 1000);
        int later = probe_later_calls(&bad.probe);
        printf("STREAM_FAILING %s calls_after_done=%d later_calls=%d message=%s\n", s3t_status_name(rc),
               atomic_load(&bad.probe.calls_after_done), later, rc == S3T_OK || !f ? "" : s3t_future_error_message(f));
        if (f) s3t_future_free(f);

        /* Cancelled while a slow read is in progress: the wait returns only after it returned. */
        struct source slow = {0};
        slow.size = SIZE;
        slow.max_read = 64 * 1024;
        slow.pause_ns = 150 * 1000 * 1000;
        f = NULL;
        rc = s3t_upload_stream(m, read_from_source, &slow, bucket, "stream-cancelled", NULL, 0, NULL, &f);
        if (rc == S3T_OK) {
            while (atomic_load(&slow.probe.calls) < 3) {
                struct timespec tick = {0, 1000 * 1000};
                nanosleep(&tick, NULL);
            }
            s3t_future_cancel(f);
            rc = s3t_future_wait(f, 120 * 1000);
            int in_read = atomic_load(&slow.in_read);
            int later = probe_later_calls(&slow.probe);
            printf("STREAM_CANCELLED %s in_read_at_done=%d calls_after_done=%d later_calls=%d\n", s3t_status_name(rc),
                   in_read, atomic_load(&slow.probe.calls_after_done), later);
            s3t_future_free(f);
        }
    } else {
        printf("STREAM_REFUSED %s %s\n", s3t_status_name(rc), s3t_last_error_message());
    }

    /* NULL arguments. */
    f = NULL;
    printf("NULL_DATA %s\n", s3t_status_name(s3t_upload_buffer(m, NULL, 10, bucket, "x", NULL, 0, NULL, &f)));
    printf("NULL_WRITE %s\n", s3t_status_name(s3t_download_stream(m, bucket, "mem", NULL, NULL, NULL, 0, NULL, &f)));
    printf("NULL_READ %s\n", s3t_status_name(s3t_upload_stream(m, NULL, NULL, bucket, "x", NULL, 0, NULL, &f)));
    printf("NULL_PREPARE %s\n", s3t_status_name(s3t_manager_prepare(NULL)));

    s3t_manager_free(m);
    printf("END\n");
    return 0;
}

/*
 * One manager used from many threads at once (run by tests/capi_example.rs):
 *   threads ENGINE ENDPOINT BUCKET DIR
 * DIR holds in-0 .. in-7 and big. Eight workers each upload their in-<i> as key t-<i>, download it
 * back to out-<i> and compare the bytes; a ninth thread polls every worker's current future
 * (including ones being freed: a freed handle must be reported, not crash); a tenth starts an upload of
 * `big` that an eleventh cancels. Prints one line per worker ("WORKER i S3T_OK" when its round trip
 * matched), "CANCELLED <status>" and "POLLS n", then "END". Progress totals are checked too: each
 * worker's progress callbacks (called on the manager's threads) must add up to its file size.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "s3transfer.h"

#define WORKERS 8

static s3t_manager *manager;
static const char *bucket, *dir;
static _Atomic(s3t_future *) current[WORKERS];
static _Atomic(s3t_future *) big_upload;
static atomic_int big_started; /* 0 not yet, 1 started (big_upload set), 2 could not start */
static atomic_int workers_done;

struct worker {
    int index;
    int32_t status;
    atomic_llong progress;
};

static int on_progress(void *user_data, int64_t delta) {
    struct worker *w = user_data;
    atomic_fetch_add(&w->progress, delta);
    return 0;
}

static long long file_size(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long long n = ftell(f);
    fclose(f);
    return n;
}

static int same_bytes(const char *a, const char *b) {
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        if (ca != cb) same = 0;
        if (ca == EOF || cb == EOF) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

/* Starts one transfer, publishes its future for the poller, waits, unpublishes and frees it. */
static int32_t run(struct worker *w, int upload, const char *path, const char *key) {
    s3t_subscriber events = {NULL, on_progress, NULL, w};
    s3t_future *f = NULL;
    int32_t rc = upload ? s3t_upload(manager, path, bucket, key, NULL, 0, &events, &f)
                        : s3t_download(manager, bucket, key, path, NULL, 0, &events, &f);
    if (rc != S3T_OK) return rc;
    atomic_store(&current[w->index], f);
    rc = s3t_future_wait(f, 120 * 1000);
    atomic_store(&current[w->index], NULL);
    s3t_future_free(f); /* the poller may still hold this address: it must get INVALID_HANDLE */
    return rc;
}

static void *worker_main(void *arg) {
    struct worker *w = arg;
    char in[4096], out[4096], key[64];
    snprintf(in, sizeof in, "%s/in-%d", dir, w->index);
    snprintf(out, sizeof out, "%s/out-%d", dir, w->index);
    snprintf(key, sizeof key, "t-%d", w->index);
    long long size = file_size(in);
    w->status = run(w, 1, in, key);
    if (w->status == S3T_OK && atomic_load(&w->progress) != size) w->status = S3T_ERR_UNKNOWN;
    atomic_store(&w->progress, 0);
    if (w->status == S3T_OK) w->status = run(w, 0, out, key);
    if (w->status == S3T_OK && atomic_load(&w->progress) != size) w->status = S3T_ERR_UNKNOWN;
    if (w->status == S3T_OK && !same_bytes(in, out)) w->status = S3T_ERR_UNKNOWN;
    atomic_fetch_add(&workers_done, 1);
    return NULL;
}

static void *poller_main(void *arg) {
    long long *polls = arg;
    while (atomic_load(&workers_done) < WORKERS) {
        for (int i = 0; i < WORKERS; i++) {
            s3t_future *f = atomic_load(&current[i]);
            if (!f) continue;
            int32_t status = s3t_future_status(f);
            /* A live handle gives a state; one freed meanwhile gives INVALID_HANDLE; nothing else. */
            if (status < 0 && status != S3T_ERR_INVALID_HANDLE) {
                printf("POLL_ERROR %d\n", status);
                exit(3);
            }
            s3t_future_done(f);
            (*polls)++;
        }
        struct timespec pause = {0, 100 * 1000}; /* 0.1 ms: poll hard, but leave the cores to the transfers */
        nanosleep(&pause, NULL);
    }
    return NULL;
}

static void *big_main(void *arg) {
    int32_t *status = arg;
    char path[4096];
    snprintf(path, sizeof path, "%s/big", dir);
    s3t_future *f = NULL;
    *status = s3t_upload(manager, path, bucket, "big", NULL, 0, NULL, &f);
    if (*status != S3T_OK) {
        atomic_store(&big_started, 2);
        return NULL;
    }
    atomic_store(&big_upload, f);
    atomic_store(&big_started, 1);
    *status = s3t_future_wait(f, 120 * 1000);
    return NULL;
}

static void *canceller_main(void *arg) {
    (void)arg;
    int started;
    while ((started = atomic_load(&big_started)) == 0) {
    }
    if (started == 1) s3t_future_cancel(atomic_load(&big_upload));
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s classic|crt ENDPOINT BUCKET DIR\n", argv[0]);
        return 2;
    }
    bucket = argv[3];
    dir = argv[4];
    s3t_config *config = NULL;
    s3t_config_new(&config);
    s3t_config_set_engine(config, strcmp(argv[1], "crt") == 0 ? S3T_ENGINE_CRT : S3T_ENGINE_CLASSIC);
    s3t_config_set_endpoint_url(config, argv[2]);
    s3t_config_set_force_path_style(config, 1);
    s3t_config_set_multipart_threshold(config, 5 * 1024 * 1024);
    s3t_config_set_multipart_chunksize(config, 5 * 1024 * 1024);
    if (s3t_manager_new(config, &manager) != S3T_OK) {
        fprintf(stderr, "manager: %s\n", s3t_last_error_message());
        return 1;
    }
    s3t_config_free(config);

    pthread_t workers[WORKERS], poller, big, canceller;
    struct worker state[WORKERS];
    long long polls = 0;
    int32_t big_status = S3T_OK;
    for (int i = 0; i < WORKERS; i++) {
        state[i].index = i;
        state[i].status = S3T_ERR_UNKNOWN;
        atomic_init(&state[i].progress, 0);
        pthread_create(&workers[i], NULL, worker_main, &state[i]);
    }
    pthread_create(&poller, NULL, poller_main, &polls);
    pthread_create(&big, NULL, big_main, &big_status);
    pthread_create(&canceller, NULL, canceller_main, NULL);
    for (int i = 0; i < WORKERS; i++) pthread_join(workers[i], NULL);
    pthread_join(poller, NULL);
    pthread_join(big, NULL);
    pthread_join(canceller, NULL);

    for (int i = 0; i < WORKERS; i++) printf("WORKER %d %s\n", i, s3t_status_name(state[i].status));
    printf("CANCELLED %s\n", s3t_status_name(big_status));
    printf("POLLS %lld\n", polls);
    s3t_future *f = atomic_load(&big_upload);
    if (f) s3t_future_free(f);
    s3t_manager_free(manager);
    printf("END\n");
    return 0;
}

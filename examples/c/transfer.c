/*
 * Uploads a file to S3 and downloads it back, printing progress: the s3transfer C API in brief.
 *
 *   transfer [--engine auto|classic|crt] ENDPOINT BUCKET FILE
 *
 * ENDPOINT, BUCKET and FILE may also come from S3T_ENDPOINT, S3T_BUCKET and S3T_FILE (ENDPOINT
 * "aws" means AWS itself). Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * (/ AWS_SESSION_TOKEN), the region from AWS_REGION. The object's key is FILE's base name; the
 * copy is written to FILE.download. Exits 0 on success, 1 (printing the error) on failure.
 *
 * Build: see the README, "Using it from C".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s3transfer.h"

struct progress {
    const char *what;
    int64_t done;   /* bytes so far */
    int64_t shown;  /* bytes at the last line printed */
};

/* Runs on a library thread, one call at a time per transfer: keep it short. */
static int on_progress(void *user_data, int64_t bytes_delta) {
    struct progress *p = user_data;
    p->done += bytes_delta;
    if (p->done - p->shown >= 1024 * 1024) {
        printf("%s: %lld bytes\n", p->what, (long long)p->done);
        fflush(stdout);
        p->shown = p->done;
    }
    return 0; /* non-zero would stop the transfer */
}

static void on_done(void *user_data, int32_t status) {
    struct progress *p = user_data;
    printf("%s: done, %lld bytes, %s\n", p->what, (long long)p->done, s3t_status_name(status));
}

/* Waits for a transfer; on failure prints why. Returns the transfer's status code. */
static int32_t finish(s3t_future *future, const char *what) {
    int32_t rc = s3t_future_wait(future, 120 * 1000);
    if (rc == S3T_OK) {
        uint64_t size = 0;
        int32_t engine = s3t_future_engine(future);
        const char *etag = s3t_future_etag(future); /* downloads and copies; NULL for an upload */
        printf("%s: ran on %s, %llu bytes, ETag %s\n", what,
               engine == S3T_ENGINE_CRT ? "crt" : engine == S3T_ENGINE_CLASSIC ? "classic" : "auto",
               s3t_future_size(future, &size) == 1 ? (unsigned long long)size : 0ULL, etag ? etag : "(none)");
    } else {
        const char *message = s3t_future_error_message(future);
        fprintf(stderr, "%s failed: %s: %s\n", what, s3t_status_name(rc),
                message ? message : s3t_last_error_message());
    }
    s3t_future_free(future);
    return rc;
}

static const char *arg_or_env(int argc, char **argv, int i, const char *env) {
    return i < argc ? argv[i] : getenv(env);
}

int main(int argc, char **argv) {
    int32_t engine = S3T_ENGINE_AUTO;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--engine") == 0) {
        engine = strcmp(argv[2], "crt") == 0 ? S3T_ENGINE_CRT
                 : strcmp(argv[2], "classic") == 0 ? S3T_ENGINE_CLASSIC : S3T_ENGINE_AUTO;
        first = 3;
    }
    const char *endpoint = arg_or_env(argc, argv, first, "S3T_ENDPOINT");
    const char *bucket = arg_or_env(argc, argv, first + 1, "S3T_BUCKET");
    const char *file = arg_or_env(argc, argv, first + 2, "S3T_FILE");
    if (!endpoint || !bucket || !file) {
        fprintf(stderr, "usage: %s [--engine auto|classic|crt] ENDPOINT BUCKET FILE\n", argv[0]);
        return 2;
    }
    const char *key = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char copy[4096];
    snprintf(copy, sizeof copy, "%s.download", file);

    s3t_config *config = NULL;
    s3t_manager *manager = NULL;
    s3t_future *future = NULL;
    int exit_code = 1;

    s3t_config_new(&config);
    s3t_config_set_engine(config, engine);
    s3t_config_set_multipart_threshold(config, 5 * 1024 * 1024); /* multipart from 5 MiB */
    s3t_config_set_multipart_chunksize(config, 5 * 1024 * 1024);
    if (strcmp(endpoint, "aws") != 0) {
        s3t_config_set_endpoint_url(config, endpoint);
        s3t_config_set_force_path_style(config, 1);
    }
    if (s3t_manager_new(config, &manager) != S3T_OK) {
        fprintf(stderr, "cannot create the manager: %s\n", s3t_last_error_message());
        goto out;
    }

    struct progress up = {"upload", 0, 0};
    s3t_subscriber upload_events = {NULL, on_progress, on_done, &up};
    s3t_extra_arg args[] = {{"ContentType", "application/octet-stream"}, {"Metadata.origin", "transfer.c"}};
    if (s3t_upload(manager, file, bucket, key, args, 2, &upload_events, &future) != S3T_OK) {
        fprintf(stderr, "cannot start the upload: %s\n", s3t_last_error_message());
        goto out;
    }
    if (finish(future, "upload") != S3T_OK) goto out;

    struct progress down = {"download", 0, 0};
    s3t_subscriber download_events = {NULL, on_progress, on_done, &down};
    if (s3t_download(manager, bucket, key, copy, NULL, 0, &download_events, &future) != S3T_OK) {
        fprintf(stderr, "cannot start the download: %s\n", s3t_last_error_message());
        goto out;
    }
    if (finish(future, "download") != S3T_OK) goto out;

    printf("ok: %lld bytes up, %lld bytes down to %s\n", (long long)up.done, (long long)down.done, copy);
    exit_code = 0;
out:
    s3t_manager_free(manager); /* waits for anything still running */
    s3t_config_free(config);
    return exit_code;
}
